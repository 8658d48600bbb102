// The outcome of a command: the first deciding event caused by it (accepted or rejected).

#include "codec.hpp"
#include "keys.hpp"
#include "projection.hpp"

namespace runlog::projections {
namespace {

// The first deciding event caused by a command is its outcome; later ones change nothing.
result<void> store_first(const decoded_record& record, batch& rows, const outcome& o) {
  std::string key = keys::outcome(record.env.causation);
  auto existing = rows.get(key);
  if (!existing) return tl::unexpected(existing.error());
  if (*existing) return {};
  rows.put(std::move(key), encode_outcome(o));
  return {};
}

result<void> apply(const decoded_record& record, batch& rows) {
  if (record.env.causation.empty()) return {};
  const auto accepted = [&](const std::string& subject_id) {
    return store_first(record, rows, outcome{true, "", "", subject_id});
  };
  return visit_record(
      record,
      overloaded{
          [&](const schemas::workflow_created& e) { return accepted(e.workflow_id); },
          [&](const schemas::workflow_updated& e) { return accepted(e.workflow_id); },
          [&](const schemas::workflow_deleted& e) { return accepted(e.workflow_id); },
          [&](const schemas::run_started& e) { return accepted(e.run_id); },
          [&](const schemas::run_terminated& e) { return accepted(e.run_id); },
          [&](const schemas::schedule_created& e) { return accepted(e.schedule_id); },
          [&](const schemas::schedule_updated& e) { return accepted(e.schedule_id); },
          [&](const schemas::schedule_deleted& e) { return accepted(e.schedule_id); },
          [&](const schemas::command_rejected& e) {
            return store_first(record, rows, outcome{false, e.code, e.message, e.subject_id});
          },
          // Commands are not outcomes; step events and the other run events follow a run's
          // start and decide no command.
          ignores<schemas::create_workflow, schemas::execute_run, schemas::terminate_run,
                  schemas::report_step, schemas::update_workflow, schemas::delete_workflow,
                  schemas::create_schedule, schemas::update_schedule, schemas::delete_schedule,
                  schemas::step_started, schemas::step_completed, schemas::step_failed,
                  schemas::step_skipped, schemas::run_paused, schemas::run_completed,
                  schemas::run_failed>{},
      });
}

}  // namespace

const projection outcome_projection{"outcomes", 1, &apply};

}  // namespace runlog::projections
