#pragma once
/// The projection store: RocksDB read models derived from the log, and the projector that
/// keeps them current.
///
/// Every applied batch writes the derived rows and the consumer position of each partition
/// in ONE RocksDB WriteBatch, so a crash never leaves rows and position out of step. Rows
/// depend only on record contents (ts included), never on the clock: replaying the log into
/// an empty store yields identical bytes (checksum()).
///
/// Threading: queries may be called from any thread at any time. The projector owns one
/// thread (start/stop). Waiter callbacks run on the projector thread and must only hand the
/// result back to the caller's executor.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runlog/eventlog/event_log.hpp"
#include "runlog/projections/feed.hpp"
#include "runlog/projections/views.hpp"
#include "runlog/schemas/error.hpp"

namespace runlog::projections {

enum class errc { io = 1, corrupt, log_failure };
const std::error_category& projections_category() noexcept;
inline std::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), projections_category()};
}

class store {
 public:
  /// Opens (or creates) the store in `dir`. A store written by a build with other projection
  /// versions is dropped and reopened empty; the projector rebuilds it from the log (the
  /// projections are derived data). Errors: io.
  [[nodiscard]] static result<std::unique_ptr<store>> open(const std::filesystem::path& dir);
  virtual ~store() = default;

  /// Workflows of a tenant, newest created first; `status` filters when set.
  [[nodiscard]] virtual result<listing<workflow_view>> list_workflows(
      std::string_view tenant, std::optional<std::string_view> status, page p) = 0;
  /// One workflow of a tenant; nullopt when missing or owned by another tenant.
  [[nodiscard]] virtual result<std::optional<workflow_view>> get_workflow(
      std::string_view tenant, std::string_view workflow_id) = 0;
  /// Definition versions of a workflow of a tenant, ascending by number (1 first); empty when
  /// the workflow is missing, foreign or deleted.
  [[nodiscard]] virtual result<std::vector<workflow_version_view>> list_workflow_versions(
      std::string_view tenant, std::string_view workflow_id) = 0;
  /// One definition version; nullopt when it, or the workflow, is missing or foreign.
  [[nodiscard]] virtual result<std::optional<workflow_version_view>> get_workflow_version(
      std::string_view tenant, std::string_view workflow_id, int version) = 0;
  /// Runs of a workflow, newest started_at first; `status` filters when set.
  [[nodiscard]] virtual result<listing<run_view>> list_runs(
      std::string_view tenant, std::string_view workflow_id,
      std::optional<std::string_view> status, page p) = 0;
  /// One run of a tenant; nullopt when missing or foreign.
  [[nodiscard]] virtual result<std::optional<run_view>> get_run(std::string_view tenant,
                                                                std::string_view run_id) = 0;
  /// Run statistics of a workflow of a tenant (all zero when it has no runs).
  [[nodiscard]] virtual result<workflow_stats> get_workflow_stats(
      std::string_view tenant, std::string_view workflow_id) = 0;
  /// Runs of every workflow of a tenant, newest started_at first, narrowed by `filter`.
  [[nodiscard]] virtual result<listing<run_view>> list_tenant_runs(std::string_view tenant,
                                                                   const run_filter& filter,
                                                                   page p) = 0;
  /// The first request of a tenant with Idempotency-Key `key` in `scope` (see views.hpp);
  /// nullopt when none. Callers compare `ts` with their clock for the 24 h window.
  [[nodiscard]] virtual result<std::optional<idempotency_record>> get_idempotency(
      std::string_view tenant, std::string_view scope, std::string_view key) = 0;
  /// Schedules of a workflow of a tenant, oldest created first (then by id); empty when the
  /// workflow has none, is missing, foreign or deleted.
  [[nodiscard]] virtual result<std::vector<schedule_view>> list_schedules(
      std::string_view tenant, std::string_view workflow_id) = 0;
  /// One schedule; nullopt when missing, foreign or another workflow's.
  [[nodiscard]] virtual result<std::optional<schedule_view>> get_schedule(
      std::string_view tenant, std::string_view workflow_id, std::string_view schedule_id) = 0;
  /// The outcome of a command, nullopt while undecided.
  [[nodiscard]] virtual result<std::optional<outcome>> get_outcome(std::string_view command_id) = 0;
  /// Next offset to apply for a partition (0 for a new store).
  [[nodiscard]] virtual result<eventlog::offset> position(eventlog::partition_id p) = 0;
  /// Why open() dropped the stored rows (projection versions changed); nullopt if it did not.
  [[nodiscard]] virtual std::optional<std::string> rebuild_reason() const = 0;
  /// SHA-256 hex of every row (positions included), in key order: equal content, equal sum.
  [[nodiscard]] virtual result<std::string> checksum() = 0;
  /// Subscribes to the progress feed of a workflow or run (see feed.hpp): stored messages
  /// after `request.after`, then live ones. The store must outlive the subscription. Any
  /// thread. Errors: io, corrupt (the cursor is not for this log's partition count).
  [[nodiscard]] virtual result<std::unique_ptr<feed_subscription>> subscribe_feed(
      feed_request request) = 0;

 protected:
  friend class projector;
  /// Applies records (in log order per partition) and advances positions in one WriteBatch.
  [[nodiscard]] virtual result<void> apply(const std::vector<eventlog::stored_record>& records) = 0;
};

/// Follows the log and applies it to the store; wakes waiters.
class projector {
 public:
  projector(eventlog::event_log& log, store& views);
  ~projector();
  projector(const projector&) = delete;
  projector& operator=(const projector&) = delete;

  /// Starts following the log from the store's positions. Errors: log_failure.
  [[nodiscard]] result<void> start();
  /// Stops after the current batch; idempotent.
  void stop();

  /// Calls `done` exactly once: with the outcome of command `command_id` once it is
  /// projected (at once if it already is), or with nullopt if `timeout` passes first or the
  /// projector stops. Runs on the projector thread or the caller's.
  void on_outcome(std::string command_id, std::chrono::milliseconds timeout,
                  std::function<void(std::optional<outcome>)> done);

  /// Blocks until every partition has applied at least up to `positions` (next offsets), or
  /// `timeout`. Returns false on timeout. Used for read-your-writes and by replay.
  bool wait_applied(const std::vector<eventlog::position>& positions,
                    std::chrono::milliseconds timeout);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace runlog::projections

template <>
struct std::is_error_code_enum<runlog::projections::errc> : std::true_type {};
