// Run search: GET /api/v2/workflows/runs, the runs of every workflow of the caller's tenant,
// newest started_at first, from the projections' tenant-wide run index.
#include <array>
#include <string_view>

#include "errors.hpp"
#include "ids.hpp"
#include "respond.hpp"
#include "resources.hpp"
#include "runlog/schemas/time.hpp"

namespace runlog::api::detail {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 6> run_statuses{"queued",    "running", "paused",
                                                       "completed", "failed",  "terminated"};
constexpr std::int64_t day_ms = 86'400'000;
constexpr std::size_t date_only_chars = 10;  // YYYY-MM-DD

tl::unexpected<http_response> invalid(std::string message) {
  return tl::unexpected(error_response("VALIDATION_ERROR", message));
}

/// `name` as Unix ms: a date-time as given, a date as its first (or, for `end_of_day`, its
/// last) millisecond UTC. Absent: nullopt.
checked<std::optional<std::int64_t>> parse_date(const query_params& query, const char* name,
                                                bool end_of_day) {
  const auto it = query.find(name);
  if (it == query.end()) return std::optional<std::int64_t>{};
  const auto ms = schemas::parse_iso8601(it->second);
  if (!ms) return invalid(std::string(name) + " must be an ISO-8601 date or date-time");
  const bool date_only = it->second.size() == date_only_chars;
  return std::optional<std::int64_t>{end_of_day && date_only ? *ms + day_ms - 1 : *ms};
}

checked<projections::run_filter> parse_filter(const query_params& query) {
  projections::run_filter filter;
  auto status = parse_status(query, run_statuses);
  if (!status) return tl::unexpected(status.error());
  filter.status = std::move(*status);
  if (const auto it = query.find("workflow_id"); it != query.end()) {
    auto id = canonical_uuid(it->second);
    if (!id) return invalid("workflow_id must be a UUID");
    filter.workflow_id = std::move(*id);
  }
  auto from = parse_date(query, "start_date", false);
  if (!from) return tl::unexpected(from.error());
  auto to = parse_date(query, "end_date", true);
  if (!to) return tl::unexpected(to.error());
  filter.started_from = *from;
  filter.started_to = *to;
  return filter;
}

}  // namespace

reply search_runs(const request_context& ctx) {
  const auto filter = parse_filter(ctx.query);
  if (!filter) return filter.error();
  const auto page = parse_page(ctx.query);
  if (!page) return page.error();
  const auto listed = ctx.env.views.list_tenant_runs(ctx.who.tenant, *filter, *page);
  if (!listed) return internal_error("search runs", listed.error());
  return runs_page(*listed);
}

}  // namespace runlog::api::detail
