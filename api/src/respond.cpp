#include "respond.hpp"

#include "runlog/schemas/time.hpp"

namespace runlog::api::detail {
namespace {

using nlohmann::json;

json iso_or_null(const std::optional<std::int64_t>& unix_ms) {
  return unix_ms ? json(schemas::format_iso8601(*unix_ms)) : json(nullptr);
}

json render_node(const projections::node_view& n) {
  json duration = nullptr;
  if (n.started_at && n.finished_at) duration = *n.finished_at - *n.started_at;
  return {{"id", n.id},
          {"type", n.type},
          {"action", n.action},
          {"status", n.status},
          {"attempts", n.attempts},
          {"started_at", iso_or_null(n.started_at)},
          {"finished_at", iso_or_null(n.finished_at)},
          {"duration_ms", duration},
          {"output", n.output},
          {"error", n.error}};
}

}  // namespace

http_response json_response(unsigned status, const json& body) {
  http_response out;
  out.status = status;
  out.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return out;
}

json render_workflow(const projections::workflow_view& w, bool with_definition) {
  json out = {{"id", w.id},
              {"customer_id", w.customer_id},
              {"name", w.name},
              {"description", w.description}};
  if (with_definition) out["definition"] = w.definition;
  out["version"] = w.version;
  out["status"] = w.status;
  out["created_by"] = w.created_by;
  out["created_at"] = schemas::format_iso8601(w.created_at);
  out["updated_at"] = schemas::format_iso8601(w.updated_at);
  out["definition_version"] = w.definition_version;
  return out;
}

json render_run(const projections::run_view& r, bool with_nodes) {
  json out = {{"id", r.id},
              {"workflow_id", r.workflow_id},
              {"customer_id", r.customer_id},
              {"workflow_version", r.workflow_version},
              {"status", r.status},
              {"inputs", r.inputs},
              {"outputs", r.outputs},
              {"error", r.error},
              {"started_at", schemas::format_iso8601(r.started_at)},
              {"finished_at", iso_or_null(r.finished_at)},
              {"definition_version", r.definition_version}};
  if (with_nodes) {
    json nodes = json::array();
    json current_step = nullptr;
    for (const auto& n : r.nodes) {
      nodes.push_back(render_node(n));
      if (current_step.is_null() && n.status == "running") current_step = n.id;
    }
    out["nodes"] = std::move(nodes);
    out["current_step"] = std::move(current_step);
    out["total_steps"] = r.nodes.size();
  }
  return out;
}

http_response runs_page(const projections::listing<projections::run_view>& listed) {
  json items = json::array();
  for (const auto& r : listed.items) items.push_back(render_run(r, false));
  return json_response(200, {{"success", true},
                             {"runs", std::move(items)},
                             {"count", listed.items.size()},
                             {"total", listed.total}});
}

json render_stats(const projections::workflow_stats& s) {
  const std::int64_t finished = s.runs_success + s.runs_failed;
  json average = nullptr;
  if (finished > 0) average = s.duration_sum_ms / finished;
  return {{"runs_total", s.runs_total},
          {"runs_success", s.runs_success},
          {"runs_failed", s.runs_failed},
          {"average_duration_ms", average}};
}

}  // namespace runlog::api::detail
