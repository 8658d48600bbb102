#pragma once
/// The progress feed (DESIGN.md §6 WebSocket, guarantee 6 "Ordered feed").
///
/// The `feed` projection turns every run event into one rendered message
/// (`execution:started`, `execution:step_started`, ...) stored under its log position, tenant
/// first. After each committed batch the store publishes the batch's messages to live
/// subscriptions. A subscription first replays the stored messages after its cursor, then
/// follows live, with no gap and no duplicate: it registers for live messages before it reads
/// the store, and drops live messages at or before what it already delivered.
///
/// Order: the messages of one run are in log order (a run lives in one partition). A
/// workflow's runs span partitions: its messages are in log order per partition, and
/// partitions interleave in no particular order.
///
/// Cursor: per partition, the next offset not yet delivered. Every message carries the cursor
/// "after this message"; `after=<cursor>` resumes right behind it. Runs and workflows use the
/// same cursors (a run reads only its partition's entry).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runlog/eventlog/event_log.hpp"
#include "runlog/schemas/error.hpp"

namespace runlog::projections {

/// Per partition, the next offset not yet delivered (one entry per log partition).
using feed_cursor = std::vector<eventlog::offset>;

/// The opaque text of a cursor: base64url (no padding) of a format byte and LEB128 varints
/// (partition count, then each next offset). Stable across versions of this build. Pure.
[[nodiscard]] std::string encode_cursor(const feed_cursor& cursor);

/// Parses a cursor of a log with `partitions` partitions; nullopt when the text is malformed
/// or was made for another partition count. "0" is the cursor before the first record. Pure.
[[nodiscard]] std::optional<feed_cursor> decode_cursor(std::string_view text,
                                                       std::uint32_t partitions);

/// What a subscription follows.
enum class feed_scope { workflow, run };

/// Everything a subscription needs. The caller has checked that `id` exists in `tenant`.
struct feed_request {
  std::string tenant;
  feed_scope scope = feed_scope::run;
  std::string id;                ///< the workflow id or run id
  std::uint32_t partitions = 1;  ///< of the log
  /// Resume after this cursor. nullopt: a run from its first message, a workflow from now.
  std::optional<feed_cursor> after;
  std::size_t max_messages = 1024;   ///< undelivered live messages before overflow
  std::size_t max_bytes = 16 << 20;  ///< and their total size
  /// Called (on the projector thread, under the subscription's lock) when live messages or
  /// an overflow wait for take() after it returned empty. It must only hand a signal to the
  /// subscriber's executor: never block, never call back into the subscription.
  std::function<void()> wake;
};

/// What take() hands over.
struct feed_batch {
  std::vector<std::string> messages;  ///< JSON objects, each with its `cursor`
  bool overflowed = false;  ///< live messages were lost: close; the client resumes by cursor
  bool more = false;        ///< call take() again at once (still catching up)
};

/// One subscriber's view of the feed. Not thread-safe: one caller at a time (the session's
/// strand); publishing happens concurrently on the projector thread. Destroying it
/// unregisters it; `wake` is never called after the destructor returned.
class feed_subscription {
 public:
  virtual ~feed_subscription() = default;

  /// Up to `max` messages in delivery order: stored ones while catching up (RocksDB reads on
  /// the calling thread), then live ones. Empty with `more == false`: wait for `wake`.
  /// After an overflow every call answers `overflowed`. Errors: io, corrupt.
  [[nodiscard]] virtual result<feed_batch> take(std::size_t max) = 0;

  /// The cursor after the last message take() returned (the starting cursor before any).
  [[nodiscard]] virtual std::string cursor() const = 0;
};

}  // namespace runlog::projections
