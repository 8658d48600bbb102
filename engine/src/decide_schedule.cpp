// Schedules of a workflow: create, update, delete. Keyed by tenant, like the workflows, so the
// writer that knows the tenant's workflows decides their schedules. The API validated the
// settings already; they are checked again here so that a bad command in the log is rejected
// rather than stored.

#include <algorithm>
#include <array>
#include <optional>
#include <string_view>

#include "deciders.hpp"
#include "evolve.hpp"
#include "runlog/schemas/changes.hpp"
#include "runlog/workflow/cron.hpp"

namespace runlog::engine {
namespace {

constexpr std::array<std::string_view, 3> missed_execution_policies{"run_immediately", "skip",
                                                                    "queue"};

// Why `settings` cannot be stored, as the INVALID_SCHEDULE message; nullopt when valid.
// `now` (the command's ts) starts the search that proves the expression fires at all.
std::optional<std::string> settings_problem(const schemas::schedule_settings& settings,
                                            std::int64_t now) {
  if (auto zone = check_timezone(settings.timezone); !zone) {
    return "timezone is invalid: " + zone.error().message;
  }
  if (auto next = next_after(settings.cron_expression, now, settings.timezone); !next) {
    return "cron_expression is invalid: " + next.error().message;
  }
  if (std::find(missed_execution_policies.begin(), missed_execution_policies.end(),
                settings.missed_execution_policy) == missed_execution_policies.end()) {
    return "missed_execution_policy must be one of run_immediately, skip, queue";
  }
  if (!settings.inputs.is_object()) return "inputs must be an object";
  return std::nullopt;
}

// The schedule `schedule_id` of `workflow_id` in the caller's tenant; nullptr when unknown,
// another tenant's or another workflow's.
const schedule_state* find_schedule(const partition_state& state, const record_context& ctx,
                                    const std::string& schedule_id,
                                    const std::string& workflow_id) {
  const auto t = state.tenants.find(ctx.tenant);
  if (t == state.tenants.end()) return nullptr;
  const auto s = t->second.schedules.find(schedule_id);
  if (s == t->second.schedules.end() || s->second.workflow_id != workflow_id) return nullptr;
  return &s->second;
}

bool workflow_exists(const partition_state& state, const record_context& ctx,
                     const std::string& workflow_id) {
  const auto t = state.tenants.find(ctx.tenant);
  return t != state.tenants.end() && t->second.name_by_workflow.contains(workflow_id);
}

// Runs of an archived workflow are refused (refuse_runs_of), so enabling a schedule of one is
// refused too. Disabling, editing a disabled one and deleting stay allowed.
std::optional<refusal> refuse_enabling(const partition_state& state, const record_context& ctx,
                                       const std::string& workflow_id, bool enables) {
  if (!enables) return std::nullopt;
  const auto refused = refuse_runs_of(state, ctx.tenant, workflow_id);
  if (!refused || refused->code != "WORKFLOW_ARCHIVED") return std::nullopt;
  return refusal{refused->code,
                 "Archived workflows cannot be executed: a schedule of one must have enabled: "
                 "false"};
}

bool schedule_id_taken(const partition_state& state, const record_context& ctx,
                       const std::string& schedule_id) {
  const auto t = state.tenants.find(ctx.tenant);
  return t != state.tenants.end() && t->second.schedules.contains(schedule_id);
}

}  // namespace

decision decide_create_schedule(const partition_state& state, const schemas::create_schedule& c,
                                const record_context& ctx) {
  if (!workflow_exists(state, ctx, c.workflow_id)) {
    return reject(c, "WORKFLOW_NOT_FOUND", "Workflow not found", c.schedule_id);
  }
  if (schedule_id_taken(state, ctx, c.schedule_id)) {
    return reject(c, "SCHEDULE_ALREADY_EXISTS", "schedule '" + c.schedule_id + "' already exists",
                  c.schedule_id);
  }
  if (auto problem = settings_problem(c.settings, ctx.ts)) {
    return reject(c, "INVALID_SCHEDULE", std::move(*problem), c.schedule_id);
  }
  if (auto refused = refuse_enabling(state, ctx, c.workflow_id, c.settings.enabled)) {
    return reject(c, std::move(refused->code), std::move(refused->message), c.schedule_id);
  }
  decision d;
  d.events.push_back(schemas::schedule_created{c.schedule_id, c.workflow_id, c.settings});
  return d;
}

decision decide_update_schedule(const partition_state& state, const schemas::update_schedule& c,
                                const record_context& ctx) {
  const schedule_state* current = find_schedule(state, ctx, c.schedule_id, c.workflow_id);
  if (!current) return reject(c, "SCHEDULE_NOT_FOUND", "Schedule not found", c.schedule_id);
  if (schemas::no_changes(c.changes)) {
    return reject(c, "INVALID_SCHEDULE", "no valid fields to update", c.schedule_id);
  }
  if (auto problem = settings_problem(schemas::with_changes(current->settings, c.changes), ctx.ts)) {
    return reject(c, "INVALID_SCHEDULE", std::move(*problem), c.schedule_id);
  }
  if (auto refused =
          refuse_enabling(state, ctx, c.workflow_id, c.changes.enabled.value_or(false))) {
    return reject(c, std::move(refused->code), std::move(refused->message), c.schedule_id);
  }
  decision d;
  d.events.push_back(schemas::schedule_updated{c.schedule_id, c.workflow_id, c.changes});
  return d;
}

decision decide_delete_schedule(const partition_state& state, const schemas::delete_schedule& c,
                                const record_context& ctx) {
  if (!find_schedule(state, ctx, c.schedule_id, c.workflow_id)) {
    return reject(c, "SCHEDULE_NOT_FOUND", "Schedule not found", c.schedule_id);
  }
  decision d;
  d.events.push_back(schemas::schedule_deleted{c.schedule_id, c.workflow_id});
  return d;
}

}  // namespace runlog::engine
