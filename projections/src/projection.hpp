#pragma once
// A projection: {name, version, apply(record, batch&)} (STYLE.md, "The log and the
// projections"). apply() reads and stages rows through the batch of the polled log batch; it
// depends only on the record, never on the clock. Bump `version` whenever the rows a
// projection writes change meaning or layout: a store built by another version refuses to open
// until it is rebuilt (`runlog replay`).

#include <span>
#include <string_view>
#include <variant>

#include "batch.hpp"
#include "runlog/schemas/envelope.hpp"
#include "runlog/schemas/records.hpp"

namespace runlog::projections {

/// A log record decoded once for every projection.
struct decoded_record {
  schemas::envelope env;
  std::variant<schemas::command, schemas::event> typed;
  eventlog::partition_id partition = 0;  ///< where the record lives in the log
  eventlog::offset off = 0;
};

struct projection {
  std::string_view name;
  int version;
  /// Stages the rows derived from `record`. Errors: io, corrupt (a stored row is unreadable).
  result<void> (*apply)(const decoded_record& record, batch& rows);
};

extern const projection workflow_projection;  ///< workflow rows + tenant index
extern const projection run_projection;       ///< run rows with nodes + per-workflow index
extern const projection outcome_projection;      ///< a command's accepted/rejected outcome
extern const projection idempotency_projection;  ///< Idempotency-Key -> first command
extern const projection schedule_projection;  ///< schedule rows by tenant and workflow
extern const projection feed_projection;      ///< progress feed messages by run and workflow

/// Every projection of the store, in application order.
std::span<const projection* const> all_projections();

}  // namespace runlog::projections
