#pragma once
// A projection: {name, version, apply(record, batch&)} (STYLE.md, "The log and the
// projections"). apply() reads and stages rows through the batch of the polled log batch; it
// depends only on the record, never on the clock. Bump `version` whenever the rows a
// projection writes change meaning or layout: a store built by another version is dropped and
// rebuilt from the log when it is opened.

#include <concepts>
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

/// True when T is one of Ts.
template <typename T, typename... Ts>
concept one_of = (std::same_as<T, Ts> || ...);

/// A visitor made of lambdas (one per handled record type).
template <class... Fs>
struct overloaded : Fs... {
  using Fs::operator()...;
};

/// The visitor arm of the record types a projection deliberately does not use, each named.
/// Projections visit every record type (commands and events) and have no catch-all, so a new
/// record type does not compile until every projection either handles or ignores it.
template <typename... Ignored>
struct ignores {
  template <one_of<Ignored...> T>
  result<void> operator()(const T&) const {
    return {};
  }
};

/// Applies `visitor` to the record's typed value, whichever command or event it is.
template <typename Visitor>
result<void> visit_record(const decoded_record& record, Visitor&& visitor) {
  return std::visit([&](const auto& typed) { return std::visit(visitor, typed); }, record.typed);
}

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
