#pragma once
/// The log interface every runlog backend implements (embedded RocksDB, Kafka).
///
/// Semantics (both backends, checked by tests/eventlog/conformance_test.cpp):
/// - The log has a fixed number of partitions, numbered 0..partitions()-1. A record goes to
///   partition_for(key): every backend uses the same hash, so per-key order is total.
/// - Offsets start at 0 in every partition and grow by one per record, without gaps.
/// - append() returns only once every record of the batch is durable: fsync'd (embedded, group
///   commit: concurrent appenders share one synced write) or acknowledged by all in-sync
///   replicas with an idempotent producer (Kafka). Records of one append call that share a
///   partition are stored contiguously and in call order.
/// - A record is visible to read()/subscriptions only once durable.
/// - Consumer groups: commit(group, p, next) stores `next` = the offset of the first record the
///   group has not processed yet; committed() returns it (nullopt if never committed).
///
/// Threading: every member function may be called from any thread concurrently. Completion
/// callbacks of append_async run on a backend-owned thread: they must be short and must only
/// hand the result back to the waiting executor.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runlog/eventlog/errc.hpp"
#include "runlog/schemas/error.hpp"

namespace runlog::eventlog {

using partition_id = std::uint32_t;
using offset = std::uint64_t;

/// Where a record lives in the log.
struct position {
  partition_id partition = 0;
  offset off = 0;
  friend bool operator==(const position&, const position&) = default;
};

/// A record to append: the partitioning key and the encoded bytes (an encoded envelope).
struct record_to_append {
  std::string key;
  std::string value;
};

/// A record read back from the log.
struct stored_record {
  partition_id partition = 0;
  offset off = 0;
  std::string key;
  std::string value;
};

/// The partition of a key: FNV-1a 32-bit of the key bytes, modulo the partition count.
/// Pure; identical in every backend so that keys land in the same partition everywhere.
partition_id partition_for(std::string_view key, std::uint32_t partitions);

/// A live reader over a set of partitions, starting at given offsets. Not thread-safe: one
/// thread polls it. Destroying it stops it.
class subscription {
 public:
  virtual ~subscription() = default;
  /// Returns the next durable records (in offset order within each partition, at most
  /// `max_records`), waiting up to `timeout` for at least one. An empty vector means the
  /// timeout expired with nothing new.
  [[nodiscard]] virtual result<std::vector<stored_record>> poll(std::chrono::milliseconds timeout,
                                                                std::size_t max_records) = 0;
};

/// Where a subscription starts reading one partition.
struct start_at {
  partition_id partition = 0;
  offset from = 0;
};

class event_log {
 public:
  using append_callback = std::function<void(result<std::vector<position>>)>;

  virtual ~event_log() = default;

  /// The fixed number of partitions.
  [[nodiscard]] virtual std::uint32_t partitions() const = 0;

  /// Appends a batch and calls `done` once all of it is durable (or failed as a whole: the
  /// positions returned are in batch order). `done` runs on a backend thread.
  virtual void append_async(std::vector<record_to_append> batch, append_callback done) = 0;

  /// Blocking append: returns once durable. Must not be called from a backend thread.
  [[nodiscard]] result<std::vector<position>> append(std::vector<record_to_append> batch);

  /// Reads up to `max_records` durable records of `partition` starting at offset `from`.
  /// Returns an empty vector at the end of the partition.
  [[nodiscard]] virtual result<std::vector<stored_record>> read(partition_id partition, offset from,
                                                                std::size_t max_records) = 0;

  /// The offset the next record appended to `partition` will get (= number of records).
  [[nodiscard]] virtual result<offset> end_offset(partition_id partition) = 0;

  /// The committed position of a consumer group, nullopt if it never committed.
  [[nodiscard]] virtual result<std::optional<offset>> committed(std::string_view group,
                                                                partition_id partition) = 0;

  /// Durably stores the committed position of a consumer group.
  [[nodiscard]] virtual result<void> commit(std::string_view group, partition_id partition,
                                            offset next) = 0;

  /// Opens a live subscription over the given partitions.
  [[nodiscard]] virtual result<std::unique_ptr<subscription>> subscribe(
      std::vector<start_at> from) = 0;
};

}  // namespace runlog::eventlog
