// Schedule resource: create, list, get, patch, delete the cron schedules of a workflow.
// Every route first checks the workflow `:id` of the caller's tenant (404 WORKFLOW_NOT_FOUND),
// then the schedule `:scheduleId` of that workflow (404 SCHEDULE_NOT_FOUND): another tenant's
// or another workflow's schedule is answered exactly like a missing one. A schedule may not be
// enabled on an archived workflow (created enabled, or PATCHed to enabled: true): 400
// WORKFLOW_ARCHIVED, as for execute.
// next_run_at is computed when answering (it depends on the clock), with the same cron
// function the scheduler uses.
#include <algorithm>
#include <array>
#include <string_view>
#include <utility>

#include "errors.hpp"
#include "ids.hpp"
#include "resources.hpp"
#include "respond.hpp"
#include "runlog/schemas/changes.hpp"
#include "runlog/workflow/cron.hpp"
#include "runlog/schemas/time.hpp"

namespace runlog::api::detail {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 3> missed_execution_policies{"run_immediately", "skip",
                                                                    "queue"};

tl::unexpected<http_response> invalid(std::string_view message) {
  return tl::unexpected(error_response("INVALID_SCHEDULE", message));
}

http_response schedule_not_found() {
  return error_response("SCHEDULE_NOT_FOUND", "Schedule not found");
}

json next_run_at(const projections::schedule_view& s, std::int64_t now) {
  if (!s.enabled) return nullptr;
  const auto next = workflow::next_after(s.cron_expression, now, s.timezone);
  return next ? json(schemas::format_iso8601(*next)) : json(nullptr);
}

json render_schedule(const projections::schedule_view& s, std::int64_t now) {
  return {{"id", s.id},
          {"workflow_id", s.workflow_id},
          {"customer_id", s.customer_id},
          {"cron_expression", s.cron_expression},
          {"timezone", s.timezone},
          {"inputs", s.inputs},
          {"missed_execution_policy", s.missed_execution_policy},
          {"enabled", s.enabled},
          {"next_run_at", next_run_at(s, now)},
          {"last_run_at", s.last_run_at ? json(schemas::format_iso8601(*s.last_run_at)) : json()},
          {"created_by", s.created_by},
          {"created_at", schemas::format_iso8601(s.created_at)},
          {"updated_at", schemas::format_iso8601(s.updated_at)}};
}

// ---- body fields: each parser checks one field when it is present ----

checked<std::string> parse_cron_field(const json& value) {
  if (!value.is_string()) return invalid("cron_expression must be a string");
  const auto& text = value.get_ref<const std::string&>();
  if (auto parsed = workflow::parse_cron(text); !parsed) {
    return invalid("cron_expression is invalid: " + parsed.error().message);
  }
  return text;
}

checked<std::string> parse_timezone_field(const json& value) {
  if (!value.is_string()) return invalid("timezone must be a string");
  const auto& zone = value.get_ref<const std::string&>();
  if (auto ok = workflow::check_timezone(zone); !ok) {
    return invalid("timezone is invalid: " + ok.error().message);
  }
  return zone;
}

checked<std::string> parse_policy_field(const json& value) {
  const bool known =
      value.is_string() &&
      std::find(missed_execution_policies.begin(), missed_execution_policies.end(),
                value.get_ref<const std::string&>()) != missed_execution_policies.end();
  if (!known) return invalid("missed_execution_policy must be one of run_immediately, skip, queue");
  return value.get<std::string>();
}

const json* field(const json& body, const char* name) {
  const auto it = body.find(name);
  return it == body.end() ? nullptr : &*it;
}

// The optional fields of a create or update, applied to `changes` when present.
checked<void> parse_changes(const json& body, schemas::schedule_changes& changes) {
  if (const json* v = field(body, "cron_expression")) {
    auto cron = parse_cron_field(*v);
    if (!cron) return tl::unexpected(cron.error());
    changes.cron_expression = std::move(*cron);
  }
  if (const json* v = field(body, "timezone")) {
    auto zone = parse_timezone_field(*v);
    if (!zone) return tl::unexpected(zone.error());
    changes.timezone = std::move(*zone);
  }
  if (const json* v = field(body, "inputs")) {
    if (!v->is_object()) return invalid("inputs must be an object");
    changes.inputs = *v;
  }
  if (const json* v = field(body, "missed_execution_policy")) {
    auto policy = parse_policy_field(*v);
    if (!policy) return tl::unexpected(policy.error());
    changes.missed_execution_policy = std::move(*policy);
  }
  if (const json* v = field(body, "enabled")) {
    if (!v->is_boolean()) return invalid("enabled must be a boolean");
    changes.enabled = v->get<bool>();
  }
  return {};
}

// A well-formed expression may still match no day at all ("0 0 30 2 *").
checked<void> check_fires(const schemas::schedule_settings& s, std::int64_t now) {
  if (auto next = workflow::next_after(s.cron_expression, now, s.timezone); !next) {
    return invalid("cron_expression is invalid: " + next.error().message);
  }
  return {};
}

checked<schemas::schedule_settings> parse_create(const json& body, std::int64_t now) {
  const json* cron = field(body, "cron_expression");
  if (!cron || cron->is_null()) return invalid("cron_expression is required");
  schemas::schedule_changes given;
  if (auto ok = parse_changes(body, given); !ok) return tl::unexpected(ok.error());
  schemas::schedule_settings settings = schemas::with_changes(schemas::schedule_settings{}, given);
  if (auto ok = check_fires(settings, now); !ok) return tl::unexpected(ok.error());
  return settings;
}

// The schedule `:scheduleId` of the (already checked) workflow `:id`.
checked<projections::schedule_view> load_schedule(const request_context& ctx) {
  const auto found =
      ctx.env.views.get_schedule(ctx.who.tenant, ctx.params.workflow_id, ctx.params.schedule_id);
  if (!found) return tl::unexpected(internal_error("get schedule", found.error()));
  if (!*found) return tl::unexpected(schedule_not_found());
  return std::move(**found);
}

// Runs of an archived workflow are refused (execute answers the same), so an enabled schedule
// of one could never run.
checked<void> check_may_enable(const projections::workflow_view& workflow, bool enabled) {
  if (!enabled || workflow.status != "archived") return {};
  return tl::unexpected(error_response(
      "WORKFLOW_ARCHIVED",
      "Archived workflows cannot be executed: a schedule of one must have enabled: false"));
}

// The workflow, then its schedule: both 404 when missing or foreign.
checked<std::pair<projections::workflow_view, projections::schedule_view>> load_checked(
    const request_context& ctx) {
  auto workflow = load_workflow(ctx);
  if (!workflow) return tl::unexpected(workflow.error());
  auto schedule = load_schedule(ctx);
  if (!schedule) return tl::unexpected(schedule.error());
  return std::pair{std::move(*workflow), std::move(*schedule)};
}

// Answers with the schedule as projected after the engine accepted the command.
http_response answer_schedule(const handler_env& env, const std::string& tenant,
                              const std::string& workflow_id, const std::string& schedule_id,
                              unsigned status) {
  const auto found = env.views.get_schedule(tenant, workflow_id, schedule_id);
  if (!found) return internal_error("schedule", found.error());
  if (!*found) return internal_error("schedule", "accepted schedule is not projected");
  return json_response(status,
                       {{"success", true}, {"schedule", render_schedule(**found, env.now_ms())}});
}

submit submit_and_answer(const request_context& ctx, const schemas::command& cmd,
                         std::string schedule_id, unsigned status) {
  return submit{make_command(ctx, cmd, ctx.who.tenant),
                [env = &ctx.env, tenant = ctx.who.tenant, workflow_id = ctx.params.workflow_id,
                 schedule_id = std::move(schedule_id), status](const projections::outcome&) {
                  return answer_schedule(*env, tenant, workflow_id, schedule_id, status);
                }};
}

}  // namespace

reply create_schedule(const request_context& ctx) {
  auto workflow = load_workflow(ctx);
  if (!workflow) return workflow.error();
  auto settings = parse_create(ctx.body, ctx.env.now_ms());
  if (!settings) return settings.error();
  if (auto ok = check_may_enable(*workflow, settings->enabled); !ok) return ok.error();
  schemas::create_schedule cmd{new_uuid_v4(), ctx.params.workflow_id, std::move(*settings)};
  std::string id = cmd.schedule_id;
  return submit_and_answer(ctx, cmd, std::move(id), 201);
}

reply list_schedules(const request_context& ctx) {
  if (auto workflow = load_workflow(ctx); !workflow) return workflow.error();
  const auto listed = ctx.env.views.list_schedules(ctx.who.tenant, ctx.params.workflow_id);
  if (!listed) return internal_error("list schedules", listed.error());
  const std::int64_t now = ctx.env.now_ms();
  json items = json::array();
  for (const auto& s : *listed) items.push_back(render_schedule(s, now));
  return json_response(
      200, {{"success", true}, {"schedules", std::move(items)}, {"count", listed->size()}});
}

reply get_schedule(const request_context& ctx) {
  auto loaded = load_checked(ctx);
  if (!loaded) return loaded.error();
  return json_response(
      200, {{"success", true}, {"schedule", render_schedule(loaded->second, ctx.env.now_ms())}});
}

reply update_schedule(const request_context& ctx) {
  auto loaded = load_checked(ctx);
  if (!loaded) return loaded.error();
  const auto* schedule = &loaded->second;
  schemas::update_schedule cmd{schedule->id, schedule->workflow_id, {}};
  if (auto ok = parse_changes(ctx.body, cmd.changes); !ok) return ok.error();
  if (schemas::no_changes(cmd.changes)) {
    return error_response("INVALID_SCHEDULE",
                          "no valid fields to update (cron_expression, timezone, inputs, "
                          "enabled, missed_execution_policy)");
  }
  if (auto ok = check_may_enable(loaded->first, cmd.changes.enabled.value_or(false)); !ok) {
    return ok.error();
  }
  const schemas::schedule_settings current{schedule->cron_expression, schedule->timezone,
                                           schedule->inputs, schedule->missed_execution_policy,
                                           schedule->enabled};
  if (auto ok = check_fires(schemas::with_changes(current, cmd.changes), ctx.env.now_ms()); !ok) {
    return ok.error();
  }
  return submit_and_answer(ctx, cmd, schedule->id, 200);
}

reply delete_schedule(const request_context& ctx) {
  auto loaded = load_checked(ctx);
  if (!loaded) return loaded.error();
  const schemas::delete_schedule cmd{loaded->second.id, loaded->second.workflow_id};
  return submit{make_command(ctx, cmd, ctx.who.tenant), [](const projections::outcome&) {
                  return json_response(
                      200, {{"success", true}, {"message", "Schedule deleted successfully"}});
                }};
}

}  // namespace runlog::api::detail
