// Idempotency-Key index: (tenant, scope, key) -> the first command that carried the key.
//
// A command with a key is indexed when it is projected; its outcome (outcome_projection) is
// the answer a repeated request gets. A later command with the same key replaces the row only
// once the remembered one is older than the 24 h window, judged by record timestamps alone,
// so a replay writes the same rows.

#include "codec.hpp"
#include "keys.hpp"
#include "projection.hpp"

namespace runlog::projections {
namespace {

// Indexes the command under its key unless a command with that key is remembered and still
// inside the window.
result<void> index(const decoded_record& record, batch& rows, const std::string& scope,
                   const std::string& key, const std::string& hash) {
  if (key.empty()) return {};
  std::string row_key = keys::idempotency(record.env.tenant, scope, key);
  auto existing = rows.get(row_key);
  if (!existing) return tl::unexpected(existing.error());
  if (*existing) {
    auto first = decode_idempotency(**existing);
    if (!first) return tl::unexpected(first.error());
    if (record.env.ts - first->ts < kIdempotencyWindowMs) return {};  // the first one wins
  }
  rows.put(std::move(row_key), encode_idempotency({hash, record.env.id, record.env.ts}));
  return {};
}

result<void> apply(const decoded_record& record, batch& rows) {
  return visit_record(
      record,
      overloaded{
          [&](const schemas::create_workflow& c) {
            return index(record, rows, idempotency_scope_create(), c.idempotency_key,
                         c.request_hash);
          },
          [&](const schemas::execute_run& c) {
            return index(record, rows, idempotency_scope_execute(c.workflow_id),
                         c.idempotency_key, c.request_hash);
          },
          // Only create and execute carry an Idempotency-Key.
          ignores<schemas::terminate_run, schemas::report_step, schemas::update_workflow,
                  schemas::delete_workflow, schemas::create_schedule, schemas::update_schedule,
                  schemas::delete_schedule, schemas::workflow_created, schemas::workflow_updated,
                  schemas::workflow_deleted, schemas::schedule_created, schemas::schedule_updated,
                  schemas::schedule_deleted, schemas::command_rejected, schemas::run_started,
                  schemas::step_started, schemas::step_completed, schemas::step_failed,
                  schemas::step_skipped, schemas::run_paused, schemas::run_completed,
                  schemas::run_failed, schemas::run_terminated>{},
      });
}

}  // namespace

const projection idempotency_projection{"idempotency", 1, &apply};

}  // namespace runlog::projections
