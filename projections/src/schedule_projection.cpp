// schedule.created / schedule.updated / schedule.deleted -> one row per schedule, keyed by
// tenant, workflow and schedule id (so a foreign or misplaced id finds nothing), with
// created_by = actor and created_at / updated_at = record ts. workflow.deleted removes every
// schedule of the workflow. The first creation of an id wins; updates and deletes of a row
// that does not exist change nothing.

#include "codec.hpp"
#include "keys.hpp"
#include "projection.hpp"
#include "runlog/schemas/changes.hpp"

namespace runlog::projections {
namespace {

result<void> created(const schemas::envelope& env, const schemas::schedule_created& e,
                     batch& rows) {
  std::string key = keys::schedule(env.tenant, e.workflow_id, e.schedule_id);
  auto existing = rows.get(key);
  if (!existing) return tl::unexpected(existing.error());
  if (*existing) return {};
  schedule_view s;
  s.id = e.schedule_id;
  s.workflow_id = e.workflow_id;
  s.customer_id = env.tenant;
  s.cron_expression = e.settings.cron_expression;
  s.timezone = e.settings.timezone;
  s.inputs = e.settings.inputs;
  s.missed_execution_policy = e.settings.missed_execution_policy;
  s.enabled = e.settings.enabled;
  s.created_by = env.actor;
  s.created_at = env.ts;
  s.updated_at = env.ts;
  rows.put(std::move(key), encode_schedule(s));
  return {};
}

result<void> updated(const schemas::envelope& env, const schemas::schedule_updated& e,
                     batch& rows) {
  std::string key = keys::schedule(env.tenant, e.workflow_id, e.schedule_id);
  auto existing = rows.get(key);
  if (!existing) return tl::unexpected(existing.error());
  if (!*existing) return {};
  auto s = decode_schedule(**existing);
  if (!s) return tl::unexpected(s.error());
  schedule_view changed = schemas::with_changes(std::move(*s), e.changes);
  changed.updated_at = env.ts;
  rows.put(std::move(key), encode_schedule(changed));
  return {};
}

result<void> workflow_gone(const schemas::envelope& env, const schemas::workflow_deleted& e,
                           batch& rows) {
  auto found = rows.scan(keys::schedule_prefix(env.tenant, e.workflow_id));
  if (!found) return tl::unexpected(found.error());
  for (auto& [key, value] : *found) rows.del(std::move(key));
  return {};
}

result<void> apply(const decoded_record& record, batch& rows) {
  const schemas::envelope& env = record.env;
  return visit_record(
      record,
      overloaded{
          [&](const schemas::schedule_created& e) { return created(env, e, rows); },
          [&](const schemas::schedule_updated& e) { return updated(env, e, rows); },
          [&](const schemas::schedule_deleted& e) -> result<void> {
            rows.del(keys::schedule(env.tenant, e.workflow_id, e.schedule_id));
            return {};
          },
          [&](const schemas::workflow_deleted& e) { return workflow_gone(env, e, rows); },
          ignores<schemas::create_workflow, schemas::execute_run, schemas::terminate_run,
                  schemas::report_step, schemas::update_workflow, schemas::delete_workflow,
                  schemas::create_schedule, schemas::update_schedule, schemas::delete_schedule,
                  schemas::workflow_created, schemas::workflow_updated, schemas::command_rejected,
                  schemas::run_started, schemas::step_started, schemas::step_completed,
                  schemas::step_failed, schemas::step_skipped, schemas::run_paused,
                  schemas::run_completed, schemas::run_failed, schemas::run_terminated>{},
      });
}

}  // namespace

const projection schedule_projection{"schedules", 1, &apply};

}  // namespace runlog::projections
