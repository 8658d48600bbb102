// The outcome of a command: the first deciding event caused by it (accepted or rejected).

#include "codec.hpp"
#include "keys.hpp"
#include "projection.hpp"

namespace runlog::projections {
namespace {

template <class... Fs>
struct overloaded : Fs... {
  using Fs::operator()...;
};

std::optional<outcome> outcome_of(const schemas::event& e) {
  using result_t = std::optional<outcome>;
  return std::visit(overloaded{
                        [](const schemas::workflow_created& c) -> result_t {
                          return outcome{true, "", "", c.workflow_id};
                        },
                        [](const schemas::workflow_updated& u) -> result_t {
                          return outcome{true, "", "", u.workflow_id};
                        },
                        [](const schemas::workflow_deleted& d) -> result_t {
                          return outcome{true, "", "", d.workflow_id};
                        },
                        [](const schemas::run_started& s) -> result_t {
                          return outcome{true, "", "", s.run_id};
                        },
                        [](const schemas::run_terminated& t) -> result_t {
                          return outcome{true, "", "", t.run_id};
                        },
                        [](const schemas::schedule_created& s) -> result_t {
                          return outcome{true, "", "", s.schedule_id};
                        },
                        [](const schemas::schedule_updated& s) -> result_t {
                          return outcome{true, "", "", s.schedule_id};
                        },
                        [](const schemas::schedule_deleted& s) -> result_t {
                          return outcome{true, "", "", s.schedule_id};
                        },
                        [](const schemas::command_rejected& r) -> result_t {
                          return outcome{false, r.code, r.message, r.subject_id};
                        },
                        [](const auto&) -> result_t { return std::nullopt; },
                    },
                    e);
}

result<void> apply(const decoded_record& record, batch& rows) {
  const auto* event = std::get_if<schemas::event>(&record.typed);
  if (!event || record.env.causation.empty()) return {};
  std::optional<outcome> o = outcome_of(*event);
  if (!o) return {};
  std::string key = keys::outcome(record.env.causation);
  auto existing = rows.get(key);
  if (!existing) return tl::unexpected(existing.error());
  if (*existing) return {};  // the first deciding event is the outcome
  rows.put(std::move(key), encode_outcome(*o));
  return {};
}

}  // namespace

const projection outcome_projection{"outcomes", 1, &apply};

}  // namespace runlog::projections
