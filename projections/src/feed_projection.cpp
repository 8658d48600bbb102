// The feed: every run event becomes one message, stored under the tenant and its log position
// and queued for the live subscribers (published once the batch is committed).
//
// - run.started notes its run's workflow (g row), unless that workflow was deleted (G row).
// - run.started, run.step_started/_completed/_failed/_skipped, run.paused/_completed/_failed/
//   _terminated of a noted run write its message twice: f lp(tenant) lp(run) be32(p) be64(off)
//   -> message, and F lp(tenant) lp(workflow) be32(p) be64(off) -> run id.
// - workflow.deleted writes the G row and deletes the F rows of the workflow and the f and g
//   rows of its runs.
// Rows depend only on record contents and positions. They also do not depend on how the
// partitions interleave: a deletion removes the rows written before it, and the G row stops
// those of records applied after it, so every order ends with the same rows.

#include <set>
#include <type_traits>

#include "keys.hpp"
#include "projection.hpp"
#include "runlog/schemas/time.hpp"

namespace runlog::projections {
namespace {

using ordered = nlohmann::ordered_json;

// The message type and the fields after {type, workflow_id, run_id}; `ts` comes last.
const char* type_of(const schemas::run_started&) { return "execution:started"; }
const char* type_of(const schemas::step_started&) { return "execution:step_started"; }
const char* type_of(const schemas::step_completed&) { return "execution:step_completed"; }
const char* type_of(const schemas::step_failed&) { return "execution:step_failed"; }
const char* type_of(const schemas::step_skipped&) { return "execution:step_skipped"; }
const char* type_of(const schemas::run_paused&) { return "execution:paused"; }
const char* type_of(const schemas::run_completed&) { return "execution:completed"; }
const char* type_of(const schemas::run_failed&) { return "execution:failed"; }
const char* type_of(const schemas::run_terminated&) { return "execution:terminated"; }

void details(ordered& m, const schemas::run_started& e) {
  m["status"] = "running";
  m["workflow_version"] = e.workflow_version;
  m["definition_version"] = e.definition_version;
}
void details(ordered& m, const schemas::step_started& e) {
  m["node_id"] = e.node_id;
  m["attempt"] = e.attempt;
}
void details(ordered& m, const schemas::step_completed& e) {
  m["node_id"] = e.node_id;
  m["attempt"] = e.attempt;
  m["output"] = e.output;
}
void details(ordered& m, const schemas::step_failed& e) {
  m["node_id"] = e.node_id;
  m["attempt"] = e.attempt;
  m["error"] = {{"code", e.code}, {"message", e.message}};
  m["will_retry"] = e.will_retry;
}
void details(ordered& m, const schemas::step_skipped& e) {
  m["node_id"] = e.node_id;
  m["reason"] = e.reason;
}
void details(ordered& m, const schemas::run_paused& e) {
  m["status"] = "paused";
  m["node_id"] = e.node_id;
}
void details(ordered& m, const schemas::run_completed& e) {
  m["status"] = "completed";
  m["outputs"] = e.outputs;
}
void details(ordered& m, const schemas::run_failed& e) {
  m["status"] = "failed";
  m["error"] = {{"code", e.code}, {"message", e.message}, {"node_id", e.node_id}};
}
void details(ordered& m, const schemas::run_terminated& e) {
  m["status"] = "terminated";
  m["reason"] = e.reason;
}

/// Run events after run.started that become feed messages of their run.
template <typename T>
concept later_run_event =
    one_of<T, schemas::step_started, schemas::step_completed, schemas::step_failed,
           schemas::step_skipped, schemas::run_paused, schemas::run_completed, schemas::run_failed,
           schemas::run_terminated>;

template <typename Event>
void emit(const decoded_record& r, batch& rows, const std::string& workflow_id, const Event& e) {
  const std::string& tenant = r.env.tenant;
  ordered m{{"type", type_of(e)}, {"workflow_id", workflow_id}, {"run_id", e.run_id}};
  details(m, e);
  m["ts"] = schemas::format_iso8601(r.env.ts);
  std::string body = m.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  const auto by_run = keys::feed_scope_prefix(keys::feed_row, tenant, e.run_id);
  const auto by_workflow = keys::feed_scope_prefix(keys::feed_index, tenant, workflow_id);
  rows.put(keys::feed_entry(by_run, r.partition, r.off), body);
  rows.put(keys::feed_entry(by_workflow, r.partition, r.off), e.run_id);
  rows.publish({tenant, workflow_id, e.run_id, r.partition, r.off, std::move(body)});
}

result<void> on_started(const decoded_record& r, batch& rows, const schemas::run_started& e) {
  auto gone = rows.get(keys::feed_gone(r.env.tenant, e.workflow_id));
  if (!gone) return tl::unexpected(gone.error());
  if (*gone) return {};
  rows.put(keys::feed_run(r.env.tenant, e.run_id), e.workflow_id);
  emit(r, rows, e.workflow_id, e);
  return {};
}

template <typename Event>
result<void> on_run_event(const decoded_record& r, batch& rows, const Event& e) {
  auto workflow_id = rows.get(keys::feed_run(r.env.tenant, e.run_id));
  if (!workflow_id) return tl::unexpected(workflow_id.error());
  if (*workflow_id) emit(r, rows, **workflow_id, e);  // else: unknown, foreign or deleted run
  return {};
}

result<void> delete_prefix(batch& rows, const std::string& prefix, std::set<std::string>* values) {
  auto entries = rows.scan(prefix);
  if (!entries) return tl::unexpected(entries.error());
  for (auto& [key, value] : *entries) {
    rows.del(key);
    if (values) values->insert(std::move(value));
  }
  return {};
}

result<void> on_deleted(const decoded_record& r, batch& rows, const schemas::workflow_deleted& e) {
  const std::string& tenant = r.env.tenant;
  rows.put(keys::feed_gone(tenant, e.workflow_id), "");
  std::set<std::string> runs;
  const auto index = keys::feed_scope_prefix(keys::feed_index, tenant, e.workflow_id);
  if (auto done = delete_prefix(rows, index, &runs); !done) return done;
  for (const std::string& run_id : runs) {
    const auto messages = keys::feed_scope_prefix(keys::feed_row, tenant, run_id);
    if (auto done = delete_prefix(rows, messages, nullptr); !done) return done;
    rows.del(keys::feed_run(tenant, run_id));
  }
  return {};
}

result<void> apply(const decoded_record& record, batch& rows) {
  return visit_record(
      record,
      overloaded{
          [&](const schemas::run_started& e) { return on_started(record, rows, e); },
          [&]<later_run_event E>(const E& e) { return on_run_event(record, rows, e); },
          [&](const schemas::workflow_deleted& e) { return on_deleted(record, rows, e); },
          // Commands are not progress; workflow and schedule changes are not run progress.
          ignores<schemas::create_workflow, schemas::execute_run, schemas::terminate_run,
                  schemas::report_step, schemas::update_workflow, schemas::delete_workflow,
                  schemas::create_schedule, schemas::update_schedule, schemas::delete_schedule,
                  schemas::workflow_created, schemas::workflow_updated, schemas::command_rejected,
                  schemas::schedule_created, schemas::schedule_updated,
                  schemas::schedule_deleted>{},
      });
}

}  // namespace

const projection feed_projection{"feed", 1, &apply};

}  // namespace runlog::projections
