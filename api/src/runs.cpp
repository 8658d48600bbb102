// Run resource: execute, list, get, terminate.
#include <array>
#include <string_view>

#include "errors.hpp"
#include "idempotency.hpp"
#include "runlog/workflow/input_schema.hpp"
#include "ids.hpp"
#include "respond.hpp"
#include "resources.hpp"

namespace runlog::api::detail {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 6> run_statuses{"queued",    "running", "paused",
                                                       "completed", "failed",  "terminated"};

bool is_terminal(std::string_view status) {
  return status == "completed" || status == "failed" || status == "terminated";
}

/// Run `:runId` of workflow `:id` in the caller's tenant; 404 EXECUTION_NOT_FOUND otherwise.
checked<projections::run_view> load_run(const request_context& ctx) {
  const auto found = ctx.env.views.get_run(ctx.who.tenant, ctx.params.run_id);
  if (!found) return tl::unexpected(internal_error("get run", found.error()));
  if (!*found || (*found)->workflow_id != ctx.params.workflow_id) {
    return tl::unexpected(error_response("EXECUTION_NOT_FOUND", "Workflow run not found"));
  }
  return std::move(**found);
}

http_response answer_executed(const handler_env& env, const std::string& tenant,
                              const std::string& run_id) {
  const auto found = env.views.get_run(tenant, run_id);
  if (!found) return internal_error("execute workflow", found.error());
  // Accepted, then its workflow was deleted before the run was projected: the cascade
  // terminated it and the read models dropped it, exactly as for the workflow itself.
  if (!*found) return error_response("WORKFLOW_NOT_FOUND", "Workflow not found");
  return json_response(201, {{"success", true}, {"run", render_run(**found, true)}});
}

checked<json> parse_inputs(const json& body) {
  const auto it = body.find("inputs");
  if (it == body.end()) return json::object();
  if (!it->is_object()) {
    return tl::unexpected(error_response("VALIDATION_ERROR", "inputs must be an object"));
  }
  return *it;
}

}  // namespace

reply execute_workflow(const request_context& ctx) {
  // First: a repeat gets the first answer even if the workflow changed since.
  accepted_answer answer = [env = &ctx.env, tenant = ctx.who.tenant](const projections::outcome& o) {
    return answer_executed(*env, tenant, o.subject_id);
  };
  auto idempotent =
      begin_idempotent(ctx, projections::idempotency_scope_execute(ctx.params.workflow_id), answer);
  if (!idempotent) return idempotent.error();
  auto inputs = parse_inputs(ctx.body);
  if (!inputs) return inputs.error();
  auto workflow = load_workflow(ctx);
  if (!workflow) return workflow.error();
  if (workflow->status == "archived") {
    return error_response("WORKFLOW_ARCHIVED", "Archived workflows cannot be executed");
  }
  // The definition's `inputs` JSON Schema: defaults filled in, the first violation named.
  const auto schema = workflow->definition.find("inputs");
  if (schema != workflow->definition.end()) {
    auto checked = workflow::apply_input_schema(*schema, *inputs);
    if (!checked) return error_response("PARAMETER_VALIDATION_ERROR", checked.error().message);
    inputs = std::move(*checked);
  }
  schemas::execute_run cmd;
  cmd.run_id = new_uuid_v4();
  cmd.workflow_id = workflow->id;
  cmd.workflow_version = workflow->version;
  cmd.definition_version = workflow->definition_version;
  cmd.definition = std::move(workflow->definition);
  cmd.inputs = std::move(*inputs);
  submit out{{}, std::move(answer)};
  if (*idempotent) {
    cmd.idempotency_key = (*idempotent)->key;
    cmd.request_hash = (*idempotent)->hash;
    out.hold = std::move((*idempotent)->hold);
  }
  out.command = make_command(ctx, cmd, cmd.run_id);
  return out;
}

reply list_runs(const request_context& ctx) {
  const auto status = parse_status(ctx.query, run_statuses);
  if (!status) return status.error();
  const auto page = parse_page(ctx.query);
  if (!page) return page.error();
  if (auto workflow = load_workflow(ctx); !workflow) return workflow.error();
  const auto listed = ctx.env.views.list_runs(
      ctx.who.tenant, ctx.params.workflow_id,
      status->has_value() ? std::optional<std::string_view>(**status) : std::nullopt, *page);
  if (!listed) return internal_error("list runs", listed.error());
  return runs_page(*listed);
}

reply get_run(const request_context& ctx) {
  auto run = load_run(ctx);
  if (!run) return run.error();
  return json_response(200, {{"success", true}, {"run", render_run(*run, true)}});
}

reply terminate_run(const request_context& ctx) {
  auto run = load_run(ctx);
  if (!run) return run.error();
  if (is_terminal(run->status)) {
    return error_response("EXECUTION_ALREADY_TERMINAL", "Workflow run is already " + run->status);
  }
  schemas::terminate_run cmd;
  cmd.run_id = run->id;
  cmd.reason = "terminated by " + ctx.who.user;
  auto envelope = make_command(ctx, cmd, cmd.run_id);
  return submit{std::move(envelope), [](const projections::outcome&) {
                  return json_response(200, {{"success", true},
                                             {"message", "Workflow run terminated successfully"}});
                }};
}

}  // namespace runlog::api::detail
