// Steps of a workflow: the nodes of its definition, listed, read, added and removed. Each edit is
// one workflow.update carrying the whole new definition, conditional on the definition version
// it was computed from (409 VERSION_CONFLICT when another edit came first).
#include <string_view>

#include "errors.hpp"
#include "resources.hpp"
#include "respond.hpp"
#include "workflow_edit.hpp"

namespace runlog::api::detail {
namespace {

using nlohmann::json;

/// The definition's nodes (an empty array if the stored definition has none).
json nodes_of(const projections::workflow_view& w) {
  if (!w.definition.is_object()) return json::array();
  const auto it = w.definition.find("nodes");
  return it != w.definition.end() && it->is_array() ? *it : json::array();
}

/// The index of node `id` in `nodes`, or nodes.size().
std::size_t index_of(const json& nodes, std::string_view id) {
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const auto& n = nodes[i];
    if (n.is_object() && n.contains("id") && n["id"].is_string() && n["id"] == id) return i;
  }
  return nodes.size();
}

http_response step_not_found() { return error_response("STEP_NOT_FOUND", "Step not found"); }

/// The body of POST steps: the node (without `position`) and where to insert it.
struct new_step {
  json node;
  std::optional<std::size_t> position;
};

checked<new_step> parse_step(const json& body) {
  new_step out{body, std::nullopt};
  if (const auto it = out.node.find("position"); it != out.node.end()) {
    if (!it->is_number_unsigned()) {
      return tl::unexpected(
          error_response("VALIDATION_ERROR", "position must be a non-negative integer"));
    }
    out.position = it->get<std::size_t>();
    out.node.erase(it);
  }
  const auto id = out.node.find("id");
  if (id == out.node.end() || !id->is_string() || id->get_ref<const std::string&>().empty()) {
    return tl::unexpected(error_response("VALIDATION_ERROR", "id must be a non-empty string"));
  }
  return out;
}

/// Submits the workflow with `nodes` as its definition's nodes, based on the version read.
reply submit_nodes(const request_context& ctx, const projections::workflow_view& w, json nodes,
                   updated_answer answer) {
  json definition = w.definition.is_object() ? w.definition : json::object();
  definition["nodes"] = std::move(nodes);
  if (auto ok = check_definition(definition); !ok) return ok.error();
  schemas::update_workflow cmd;
  cmd.workflow_id = w.id;
  cmd.changes.definition = std::move(definition);
  cmd.expected_definition_version = w.definition_version;
  return submit_update(ctx, cmd, std::move(answer));
}

}  // namespace

reply list_steps(const request_context& ctx) {
  auto workflow = load_workflow(ctx);
  if (!workflow) return workflow.error();
  json nodes = nodes_of(*workflow);
  const std::size_t count = nodes.size();
  return json_response(200, {{"success", true}, {"steps", std::move(nodes)}, {"count", count}});
}

reply get_step(const request_context& ctx) {
  auto workflow = load_workflow(ctx);
  if (!workflow) return workflow.error();
  const json nodes = nodes_of(*workflow);
  const std::size_t i = index_of(nodes, ctx.params.step_id);
  if (i == nodes.size()) return step_not_found();
  return json_response(200, {{"success", true}, {"step", nodes[i]}});
}

reply add_step(const request_context& ctx) {
  auto step = parse_step(ctx.body);
  if (!step) return step.error();
  auto workflow = load_workflow(ctx);
  if (!workflow) return workflow.error();
  json nodes = nodes_of(*workflow);
  const std::string& id = step->node["id"].get_ref<const std::string&>();
  if (index_of(nodes, id) != nodes.size()) {
    return error_response("STEP_ALREADY_EXISTS", "Step '" + id + "' already exists");
  }
  const std::size_t at = step->position.value_or(nodes.size());
  if (at > nodes.size()) {
    return error_response("VALIDATION_ERROR",
                          "position must be at most " + std::to_string(nodes.size()));
  }
  nodes.insert(nodes.begin() + static_cast<std::ptrdiff_t>(at), step->node);
  return submit_nodes(
      ctx, *workflow, std::move(nodes), [node = step->node](const projections::workflow_view& w) {
        return json_response(
            201, {{"success", true}, {"step", node}, {"workflow", render_workflow(w, true)}});
      });
}

reply delete_step(const request_context& ctx) {
  auto workflow = load_workflow(ctx);
  if (!workflow) return workflow.error();
  json nodes = nodes_of(*workflow);
  const std::size_t i = index_of(nodes, ctx.params.step_id);
  if (i == nodes.size()) return step_not_found();
  nodes.erase(nodes.begin() + static_cast<std::ptrdiff_t>(i));
  return submit_nodes(ctx, *workflow, std::move(nodes), [](const projections::workflow_view& w) {
    return json_response(200, {{"success", true},
                               {"message", "Step deleted successfully"},
                               {"workflow", render_workflow(w, true)}});
  });
}

}  // namespace runlog::api::detail
