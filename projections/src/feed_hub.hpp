#pragma once
// Live fan-out of feed messages (see feed.hpp for the contract). The store publishes each
// committed batch's messages; every subscription owns an inbox, registered under the key of
// what it follows (the feed row prefix of its run or the feed index prefix of its workflow).
// Publishing only appends to bounded inboxes and never waits for a subscriber.

#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <rocksdb/db.h>

#include "feed_message.hpp"
#include "runlog/projections/feed.hpp"

namespace runlog::projections {

/// A subscriber's bounded queue of live messages, shared by the hub (producer, projector
/// thread) and the subscription (consumer). Every member is guarded by `mu`.
struct feed_inbox {
  std::mutex mu;
  std::deque<std::shared_ptr<const feed_message>> queue;
  std::size_t bytes = 0;  ///< of the bodies in `queue`
  std::size_t max_messages = 0;
  std::size_t max_bytes = 0;
  bool live = false;        ///< false while the subscription replays stored rows
  bool lossy = false;       ///< lost live messages while catching up (the store has them)
  bool overflowed = false;  ///< lost live messages while live: the subscriber must resume
  bool wake_armed = false;  ///< the consumer waits: wake it on the next push
  std::function<void()> wake;

  /// Appends `m`, or marks the inbox lossy/overflowed when it is full. Takes `mu`.
  void push(const std::shared_ptr<const feed_message>& m);
};

/// The registry of live inboxes. Thread-safe; owned by the store.
class feed_hub {
 public:
  /// Registers `inbox` under `key` (the feed scope prefix of its run or workflow).
  void add(const std::string& key, std::shared_ptr<feed_inbox> inbox);
  /// Unregisters it; no publish reaches it once this returned.
  void remove(const std::string& key, const feed_inbox* inbox);
  /// Hands each message to the inboxes of its run and of its workflow. Any thread; called by
  /// the store after the batch holding the messages was committed.
  void publish(std::vector<feed_message> messages);

 private:
  void deliver(const std::string& key, const std::shared_ptr<const feed_message>& m);

  std::mutex mu_;
  std::unordered_multimap<std::string, std::shared_ptr<feed_inbox>> inboxes_;
};

/// Registers a subscription for `request` and places its cursor (see feed.hpp). Reads `db`;
/// both `db` and `hub` must outlive the subscription. Errors: io, corrupt (bad cursor size).
[[nodiscard]] result<std::unique_ptr<feed_subscription>> open_feed_subscription(
    rocksdb::DB& db, feed_hub& hub, feed_request request);

}  // namespace runlog::projections
