// Workflow lifecycle: PATCH (partial update), DELETE (cascades to runs in the engine and the
// read models) and clone.
#include <string_view>

#include "errors.hpp"
#include "ids.hpp"
#include "resources.hpp"
#include "respond.hpp"
#include "workflow_edit.hpp"

namespace runlog::api::detail {
namespace {

using nlohmann::json;

tl::unexpected<http_response> invalid(std::string_view message) {
  return tl::unexpected(error_response("VALIDATION_ERROR", message));
}

checked<void> parse_labels(const json& body, schemas::workflow_changes& out) {
  if (const auto it = body.find("description"); it != body.end()) {
    auto description = check_description(*it);
    if (!description) return tl::unexpected(description.error());
    out.description = std::move(*description);
  }
  if (const auto it = body.find("version"); it != body.end()) {
    if (!it->is_string() || !is_semver(it->get_ref<const std::string&>())) {
      return invalid("version must be a semantic version string (MAJOR.MINOR.PATCH)");
    }
    out.version = it->get<std::string>();
  }
  if (const auto it = body.find("status"); it != body.end()) {
    if (!it->is_string() || (*it != "active" && *it != "archived")) {
      return invalid("status must be 'active' or 'archived'");
    }
    out.status = it->get<std::string>();
  }
  return {};
}

/// The PATCH body: only name, description, definition, version and status; others are ignored.
checked<schemas::workflow_changes> parse_changes(const json& body) {
  schemas::workflow_changes out;
  if (const auto it = body.find("name"); it != body.end()) {
    auto name = check_name(*it);
    if (!name) return tl::unexpected(name.error());
    out.name = std::move(*name);
  }
  if (auto ok = parse_labels(body, out); !ok) return tl::unexpected(ok.error());
  if (const auto it = body.find("definition"); it != body.end()) {
    if (auto ok = check_definition(*it); !ok) return tl::unexpected(ok.error());
    out.definition = *it;
  }
  if (out == schemas::workflow_changes{}) return invalid("No valid fields to update");
  return out;
}

/// The clone's name: the body's `name`, else the original's + " (Copy)".
checked<std::string> clone_name(const json& body, const std::string& original) {
  const auto it = body.find("name");
  if (it == body.end() || it->is_null()) return check_name(json(original + " (Copy)"));
  return check_name(*it);
}

}  // namespace

reply update_workflow(const request_context& ctx) {
  auto changes = parse_changes(ctx.body);
  if (!changes) return changes.error();
  auto workflow = load_workflow(ctx);
  if (!workflow) return workflow.error();
  const schemas::update_workflow cmd{workflow->id, std::move(*changes), 0};
  return submit_update(ctx, cmd, [](const projections::workflow_view& w) {
    return json_response(200, {{"success", true}, {"workflow", render_workflow(w, true)}});
  });
}

reply delete_workflow(const request_context& ctx) {
  auto workflow = load_workflow(ctx);
  if (!workflow) return workflow.error();
  const schemas::delete_workflow cmd{workflow->id};
  return submit{make_command(ctx, cmd, ctx.who.tenant), [](const projections::outcome&) {
                  return json_response(
                      200, {{"success", true}, {"message", "Workflow deleted successfully"}});
                }};
}

reply clone_workflow(const request_context& ctx) {
  auto original = load_workflow(ctx);
  if (!original) return original.error();
  auto name = clone_name(ctx.body, original->name);
  if (!name) return name.error();
  schemas::create_workflow cmd;
  cmd.workflow_id = new_uuid_v4();
  cmd.name = std::move(*name);
  cmd.description = original->description;
  cmd.definition = std::move(original->definition);
  cmd.version = original->version;
  return submit{
      make_command(ctx, cmd, ctx.who.tenant),
      [env = &ctx.env, tenant = ctx.who.tenant, id = cmd.workflow_id](const projections::outcome&) {
        return workflow_response(*env, tenant, id, 201);
      }};
}

}  // namespace runlog::api::detail
