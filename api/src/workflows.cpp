// Workflow resource: list, create, get, schema (PATCH, DELETE and clone: lifecycle.cpp).
#include <array>
#include <string_view>

#include "errors.hpp"
#include "idempotency.hpp"
#include "ids.hpp"
#include "respond.hpp"
#include "resources.hpp"
#include "workflow_edit.hpp"

namespace runlog::api::detail {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 2> workflow_statuses{"active", "archived"};

tl::unexpected<http_response> invalid(std::string_view message) {
  return tl::unexpected(error_response("VALIDATION_ERROR", message));
}

checked<std::string> parse_name(const json& body) {
  const auto it = body.find("name");
  if (it == body.end() || it->is_null()) return invalid("name is required");
  return check_name(*it);
}

checked<void> parse_optional_fields(const json& body, schemas::create_workflow& cmd) {
  if (const auto it = body.find("description"); it != body.end()) {
    auto description = check_description(*it);
    if (!description) return tl::unexpected(description.error());
    cmd.description = std::move(*description);
  }
  if (const auto it = body.find("version"); it != body.end()) {
    if (!it->is_string() || !is_semver(it->get_ref<const std::string&>())) {
      return invalid("version must be a semantic version string (MAJOR.MINOR.PATCH)");
    }
    cmd.version = it->get<std::string>();
  }
  return {};
}

checked<schemas::create_workflow> parse_create(const json& body) {
  schemas::create_workflow cmd;
  auto name = parse_name(body);
  if (!name) return tl::unexpected(name.error());
  cmd.name = std::move(*name);
  const auto def = body.find("definition");
  if (def == body.end() || def->is_null()) return invalid("definition is required");
  // Its content, `nodes` included, is the engine's to judge: 400 INVALID_WORKFLOW_CONFIG.
  if (!def->is_object()) return invalid("definition must be an object");
  cmd.definition = *def;
  if (auto ok = parse_optional_fields(body, cmd); !ok) return tl::unexpected(ok.error());
  return cmd;
}

http_response answer_created(const handler_env& env, const std::string& tenant,
                             const std::string& workflow_id) {
  const auto found = env.views.get_workflow(tenant, workflow_id);
  if (!found) return internal_error("create workflow", found.error());
  if (!*found) return internal_error("create workflow", "accepted workflow is not projected");
  return json_response(201, {{"success", true}, {"workflow", render_workflow(**found, true)}});
}

}  // namespace

checked<projections::workflow_view> load_workflow(const request_context& ctx) {
  const auto found = ctx.env.views.get_workflow(ctx.who.tenant, ctx.params.workflow_id);
  if (!found) return tl::unexpected(internal_error("get workflow", found.error()));
  if (!*found) return tl::unexpected(error_response("WORKFLOW_NOT_FOUND", "Workflow not found"));
  return std::move(**found);
}

reply list_workflows(const request_context& ctx) {
  const auto status = parse_status(ctx.query, workflow_statuses);
  if (!status) return status.error();
  const auto page = parse_page(ctx.query);
  if (!page) return page.error();
  const auto listed = ctx.env.views.list_workflows(
      ctx.who.tenant, status->has_value() ? std::optional<std::string_view>(**status) : std::nullopt,
      *page);
  if (!listed) return internal_error("list workflows", listed.error());
  json items = json::array();
  for (const auto& w : listed->items) items.push_back(render_workflow(w, false));
  return json_response(200, {{"success", true},
                             {"workflows", std::move(items)},
                             {"count", listed->items.size()},
                             {"total", listed->total}});
}

reply create_workflow(const request_context& ctx) {
  // First: a repeat gets the first answer even if the world changed since.
  accepted_answer answer = [env = &ctx.env, tenant = ctx.who.tenant](const projections::outcome& o) {
    return answer_created(*env, tenant, o.subject_id);
  };
  auto idempotent = begin_idempotent(ctx, projections::idempotency_scope_create(), answer);
  if (!idempotent) return idempotent.error();
  auto cmd = parse_create(ctx.body);
  if (!cmd) return cmd.error();
  if (auto ok = check_definition(cmd->definition); !ok) return ok.error();
  submit out{{}, std::move(answer)};
  if (*idempotent) {
    cmd->idempotency_key = (*idempotent)->key;
    cmd->request_hash = (*idempotent)->hash;
    out.hold = std::move((*idempotent)->hold);
  }
  cmd->workflow_id = new_uuid_v4();
  out.command = make_command(ctx, *cmd, ctx.who.tenant);
  return out;
}

reply get_workflow(const request_context& ctx) {
  auto workflow = load_workflow(ctx);
  if (!workflow) return workflow.error();
  const auto stats = ctx.env.views.get_workflow_stats(ctx.who.tenant, workflow->id);
  if (!stats) return internal_error("get workflow stats", stats.error());
  // Beside `workflow`, which stays the same object the create response returned.
  return json_response(200, {{"success", true},
                             {"workflow", render_workflow(*workflow, true)},
                             {"stats", render_stats(*stats)}});
}

reply get_workflow_schema(const request_context& ctx) {
  auto workflow = load_workflow(ctx);
  if (!workflow) return workflow.error();
  const auto member = [&](const char* name) {
    const json& def = workflow->definition;
    if (!def.is_object()) return json::object();
    const auto it = def.find(name);
    return it == def.end() || it->is_null() ? json::object() : *it;
  };
  return json_response(
      200, {{"success", true},
            {"schema", {{"inputs", member("inputs")}, {"outputs", member("outputs")}}}});
}

}  // namespace runlog::api::detail
