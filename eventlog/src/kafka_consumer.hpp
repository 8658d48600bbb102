#pragma once
/// The consuming side of the Kafka backend: bounded reads, consumer-group offsets and live
/// subscriptions. Private to the module.

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "kafka_common.hpp"

namespace runlog::eventlog::kafka {

/// Reads ranges of one partition with a single lazily created consumer. Thread-safe: reads
/// are serialized by a mutex. Consecutive reads that continue where the previous one stopped
/// keep the assignment (and what it prefetched).
class reader {
 public:
  explicit reader(kafka_options options) : options_(std::move(options)) {}

  /// Records [from, min(high watermark, from + max_records)) of `partition`, in offset order.
  /// `watermark_source` answers the watermark query (any handle of the cluster).
  [[nodiscard]] result<std::vector<stored_record>> read(rd_kafka_t* watermark_source,
                                                        partition_id partition, offset from,
                                                        std::size_t max_records);

 private:
  [[nodiscard]] result<void> position_at(partition_id partition, offset from);
  [[nodiscard]] result<void> consume(partition_id partition, offset from, offset end,
                                     std::vector<stored_record>& out);

  kafka_options options_;
  std::mutex mutex_;
  consumer_ptr consumer_;                                ///< guarded by mutex_
  std::optional<std::pair<partition_id, offset>> next_;  ///< where the assignment stands
};

/// Consumer-group offsets stored in Kafka, one cached consumer handle per group.
/// Thread-safe.
class group_offsets {
 public:
  explicit group_offsets(kafka_options options) : options_(std::move(options)) {}

  [[nodiscard]] result<std::optional<offset>> committed(std::string_view group,
                                                        partition_id partition);
  [[nodiscard]] result<void> commit(std::string_view group, partition_id partition, offset next);

 private:
  [[nodiscard]] result<rd_kafka_t*> handle(std::string_view group);

  kafka_options options_;
  std::mutex mutex_;
  std::map<std::string, consumer_ptr, std::less<>> handles_;  ///< guarded by mutex_
};

/// Opens a live subscription: a consumer assigned to the given partitions and offsets.
/// Partitions must already be validated.
[[nodiscard]] result<std::unique_ptr<subscription>> open_subscription(
    const kafka_options& options, const std::vector<start_at>& from);

/// The stored_record of a consumed message.
[[nodiscard]] stored_record to_record(const rd_kafka_message_t& message);

/// The partition list with one (topic, partition, offset) entry.
[[nodiscard]] partition_list_ptr single_partition(const std::string& topic, partition_id partition,
                                                  std::int64_t off);

}  // namespace runlog::eventlog::kafka
