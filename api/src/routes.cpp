// The one route table of the API. To add a route: a handler in the resource's file,
// its declaration in resources.hpp, one line here.
#include "routes.hpp"

#include <array>
#include <charconv>

#include "errors.hpp"
#include "ids.hpp"
#include "resources.hpp"

namespace runlog::api::detail {
namespace {

constexpr auto get = http_method::get;
constexpr auto post = http_method::post;
constexpr auto del = http_method::del;
constexpr auto patch = http_method::patch;
constexpr bool open = true;
constexpr bool authed = false;
constexpr bool body = true;
constexpr bool no_body = false;

const std::array routes{
    route{get, "/api/v2/workflows/health", get_health, open, no_body},
    route{get, "/api/v2/openapi.json", get_openapi, open, no_body},
    route{get, "/api/v2/workflows", list_workflows, authed, no_body},
    route{post, "/api/v2/workflows", create_workflow, authed, body},
    // Before "/:id": the first pattern that matches a path owns it.
    route{get, "/api/v2/workflows/runs", search_runs, authed, no_body},
    route{post, "/api/v2/workflows/parse", parse_workflow, authed, body},
    route{get, "/api/v2/workflows/:id", get_workflow, authed, no_body},
    route{patch, "/api/v2/workflows/:id", update_workflow, authed, body},
    route{del, "/api/v2/workflows/:id", delete_workflow, authed, no_body},
    route{post, "/api/v2/workflows/:id/clone", clone_workflow, authed, body},
    route{get, "/api/v2/workflows/:id/versions", list_versions, authed, no_body},
    route{get, "/api/v2/workflows/:id/versions/:version", get_version, authed, no_body},
    route{get, "/api/v2/workflows/:id/steps", list_steps, authed, no_body},
    route{post, "/api/v2/workflows/:id/steps", add_step, authed, body},
    route{get, "/api/v2/workflows/:id/steps/:stepId", get_step, authed, no_body},
    route{del, "/api/v2/workflows/:id/steps/:stepId", delete_step, authed, no_body},
    route{get, "/api/v2/workflows/:id/schema", get_workflow_schema, authed, no_body},
    route{post, "/api/v2/workflows/:id/execute", execute_workflow, authed, body},
    route{get, "/api/v2/workflows/:id/runs", list_runs, authed, no_body},
    route{get, "/api/v2/workflows/:id/runs/:runId", get_run, authed, no_body},
    route{del, "/api/v2/workflows/:id/runs/:runId", terminate_run, authed, no_body},
    route{post, "/api/v2/workflows/:id/schedules", create_schedule, authed, body},
    route{get, "/api/v2/workflows/:id/schedules", list_schedules, authed, no_body},
    route{get, "/api/v2/workflows/:id/schedules/:scheduleId", get_schedule, authed, no_body},
    route{patch, "/api/v2/workflows/:id/schedules/:scheduleId", update_schedule, authed, body},
    route{del, "/api/v2/workflows/:id/schedules/:scheduleId", delete_schedule, authed, no_body},
};

std::string_view method_name(http_method m) {
  switch (m) {
    case http_method::get: return "GET";
    case http_method::post: return "POST";
    case http_method::put: return "PUT";
    case http_method::patch: return "PATCH";
    case http_method::del: return "DELETE";
    case http_method::head: return "HEAD";
    case http_method::options: return "OPTIONS";
    case http_method::other: break;
  }
  return "";
}

/// Matches `path` against `pattern`; on success fills `params`.
bool match_pattern(std::string_view pattern, std::string_view path,
                   std::vector<std::pair<std::string_view, std::string_view>>& params) {
  params.clear();
  while (!pattern.empty() && !path.empty()) {
    if (pattern.front() != '/' || path.front() != '/') return false;
    pattern.remove_prefix(1);
    path.remove_prefix(1);
    const auto p_end = std::min(pattern.find('/'), pattern.size());
    const auto s_end = std::min(path.find('/'), path.size());
    const auto p_seg = pattern.substr(0, p_end);
    const auto s_seg = path.substr(0, s_end);
    if (s_seg.empty()) return false;
    if (p_seg.front() == ':') {
      params.emplace_back(p_seg.substr(1), s_seg);
    } else if (p_seg != s_seg) {
      return false;
    }
    pattern.remove_prefix(p_end);
    path.remove_prefix(s_end);
  }
  return pattern.empty() && path.empty();
}

}  // namespace

std::span<const route> route_table() { return routes; }

route_match match_route(http_method method, std::string_view path) {
  if (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  route_match out;
  std::string_view matched_pattern;
  for (const route& r : routes) {
    if (!matched_pattern.empty() && r.pattern != matched_pattern) continue;
    if (matched_pattern.empty()) {
      if (!match_pattern(r.pattern, path, out.params)) continue;
      matched_pattern = r.pattern;
    }
    if (r.method == method) out.found = &r;
    if (!out.allow.empty()) out.allow += ", ";
    out.allow += method_name(r.method);
  }
  return out;
}

checked<route_params> check_params(const route_match& match) {
  route_params out;
  for (const auto& [name, raw] : match.params) {
    if (name == "stepId") {
      out.step_id = std::string(raw);
      continue;
    }
    if (name == "version") {
      int n = 0;
      const auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), n);
      if (ec != std::errc{} || end != raw.data() + raw.size() || n < 1) {
        return tl::unexpected(error_response("VERSION_NOT_FOUND", "Workflow version not found"));
      }
      out.version = n;
      continue;
    }
    auto id = canonical_uuid(raw);
    if (name == "runId") {
      if (!id) return tl::unexpected(error_response("EXECUTION_NOT_FOUND", "Workflow run not found"));
      out.run_id = std::move(*id);
    } else if (name == "scheduleId") {
      if (!id) return tl::unexpected(error_response("SCHEDULE_NOT_FOUND", "Schedule not found"));
      out.schedule_id = std::move(*id);
    } else {
      if (!id) return tl::unexpected(error_response("WORKFLOW_NOT_FOUND", "Workflow not found"));
      out.workflow_id = std::move(*id);
    }
  }
  return out;
}

}  // namespace runlog::api::detail
