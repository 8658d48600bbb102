// Workflows and their numbered definition versions.
//
// workflow.created -> the workflow row, its entry in the tenant index (newest first, value =
// status) and definition version 1. workflow.updated -> the row takes the changes (name,
// description, definition, version label, status), updated_at = record ts and the event's
// definition_version; the index entry follows the status; a definition that moved the version
// number writes that version's row (label = the workflow's version string after the update).
// workflow.deleted -> the row, its index entry and every version row go. Runs of a deleted
// workflow are the runs projection's (see run_projection.cpp).

#include "codec.hpp"
#include "keys.hpp"
#include "projection.hpp"

namespace runlog::projections {
namespace {

result<std::optional<workflow_view>> load(batch& rows, const std::string& tenant,
                                          const std::string& workflow_id) {
  auto bytes = rows.get(keys::workflow(tenant, workflow_id));
  if (!bytes) return tl::unexpected(bytes.error());
  if (!*bytes) return std::optional<workflow_view>{};
  auto view = decode_workflow(**bytes);
  if (!view) return tl::unexpected(view.error());
  return std::optional<workflow_view>{std::move(*view)};
}

void save(batch& rows, const workflow_view& w) {
  rows.put(keys::workflow(w.customer_id, w.id), encode_workflow(w));
  rows.put(keys::workflow_index_entry(w.customer_id, w.created_at, w.id), w.status);
}

// The row of the workflow's current definition version, written by record `env`.
void save_version(batch& rows, const schemas::envelope& env, const workflow_view& w) {
  const workflow_version_view v{w.definition_version, w.version, w.definition, env.ts, env.actor};
  rows.put(keys::workflow_version(w.customer_id, w.id, w.definition_version),
           encode_workflow_version(v));
}

result<void> on(batch& rows, const schemas::envelope& env, const schemas::workflow_created& e) {
  auto existing = load(rows, env.tenant, e.workflow_id);
  if (!existing) return tl::unexpected(existing.error());
  if (*existing) return {};  // the first creation wins; a duplicate must not move the row
  workflow_view w;
  w.id = e.workflow_id;
  w.customer_id = env.tenant;
  w.name = e.name;
  w.description = e.description;
  w.definition = e.definition;
  w.version = e.version;
  w.status = e.status;
  w.created_by = env.actor;
  w.created_at = env.ts;
  w.updated_at = env.ts;
  w.definition_version = 1;
  save(rows, w);
  save_version(rows, env, w);
  return {};
}

result<void> on(batch& rows, const schemas::envelope& env, const schemas::workflow_updated& e) {
  auto found = load(rows, env.tenant, e.workflow_id);
  if (!found) return tl::unexpected(found.error());
  if (!*found) return {};  // deleted (or never projected): nothing to update
  workflow_view& w = **found;
  const int before = w.definition_version;
  const schemas::workflow_changes& c = e.changes;
  if (c.name) w.name = *c.name;
  if (c.description) w.description = *c.description;
  if (c.definition) w.definition = *c.definition;
  if (c.version) w.version = *c.version;
  if (c.status) w.status = *c.status;
  w.updated_at = env.ts;
  w.definition_version = e.definition_version;
  save(rows, w);
  if (c.definition && w.definition_version != before) save_version(rows, env, w);
  return {};
}

result<void> on(batch& rows, const schemas::envelope& env, const schemas::workflow_deleted& e) {
  auto found = load(rows, env.tenant, e.workflow_id);
  if (!found) return tl::unexpected(found.error());
  if (!*found) return {};
  const workflow_view& w = **found;
  rows.del(keys::workflow(w.customer_id, w.id));
  rows.del(keys::workflow_index_entry(w.customer_id, w.created_at, w.id));
  auto versions = rows.scan(keys::workflow_version_prefix(w.customer_id, w.id));
  if (!versions) return tl::unexpected(versions.error());
  for (auto& [key, value] : *versions) rows.del(std::move(key));
  return {};
}

// Records that do not change workflow rows, each named: a record type with neither a handler
// above nor a place here does not compile (projection.hpp, `ignores`).
template <typename T>
  requires one_of<T, schemas::create_workflow, schemas::execute_run, schemas::terminate_run,
                  schemas::report_step, schemas::update_workflow, schemas::delete_workflow,
                  schemas::create_schedule, schemas::update_schedule, schemas::delete_schedule,
                  schemas::command_rejected, schemas::run_started, schemas::step_started,
                  schemas::step_completed, schemas::step_failed, schemas::step_skipped,
                  schemas::run_paused, schemas::run_completed, schemas::run_failed,
                  schemas::run_terminated, schemas::schedule_created, schemas::schedule_updated,
                  schemas::schedule_deleted>
result<void> on(batch&, const schemas::envelope&, const T&) {
  return {};
}

result<void> apply(const decoded_record& record, batch& rows) {
  return visit_record(record, [&](const auto& r) { return on(rows, record.env, r); });
}

}  // namespace

const projection workflow_projection{"workflows", 2, &apply};

}  // namespace runlog::projections
