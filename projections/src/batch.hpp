#pragma once
// The write set of one applied batch: staged puts and deletes over the store's RocksDB, with
// reads that see the staged writes first (a projection applying record n+1 must see what it
// wrote for record n). commit() turns it into ONE rocksdb::WriteBatch, so rows and positions
// land atomically. Used by one thread (the projector's).

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <rocksdb/db.h>

#include "feed_message.hpp"
#include "runlog/schemas/error.hpp"

namespace runlog::projections {

class batch {
 public:
  explicit batch(rocksdb::DB& db) : db_(db) {}

  /// The staged value, else the stored one; nullopt when absent. Errors: io.
  [[nodiscard]] result<std::optional<std::string>> get(const std::string& key);
  void put(std::string key, std::string value);
  void del(std::string key);
  /// Writes everything staged in one WriteBatch (not synced: the log is the source of truth).
  [[nodiscard]] result<void> commit();

  /// Every (key, value) whose key starts with `prefix`, staged writes applied, in key order.
  /// Errors: io.
  [[nodiscard]] result<std::vector<std::pair<std::string, std::string>>> scan(
      const std::string& prefix);
  /// Queues a feed message for the live subscribers, published once the batch is committed.
  void publish(feed_message message) { published_.push_back(std::move(message)); }
  /// The queued feed messages (moved out).
  std::vector<feed_message> take_published() { return std::move(published_); }

 private:
  rocksdb::DB& db_;
  std::map<std::string, std::optional<std::string>> staged_;  ///< nullopt = delete
  std::vector<feed_message> published_;
};

}  // namespace runlog::projections
