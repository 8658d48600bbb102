#include "kafka_consumer.hpp"

#include <algorithm>

namespace runlog::eventlog::kafka {
namespace {

using clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// A reader only fetches below the high watermark, so a short broker wait costs nothing; it
// bounds how long a fetch still in flight for the previous assignment delays the next read.
constexpr auto reader_fetch_wait = 10ms;
// A subscription waits at the end of its partitions: this is the latency of live records.
constexpr auto subscription_fetch_wait = 50ms;

// Client-level events librdkafka reports on the consumer queue while it recovers by itself
// (a broker connection dropped, all brokers briefly unreachable): not errors of the read.
bool transient(rd_kafka_resp_err_t err) {
  return err == RD_KAFKA_RESP_ERR__PARTITION_EOF || err == RD_KAFKA_RESP_ERR__TRANSPORT ||
         err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN || err == RD_KAFKA_RESP_ERR__RESOLVE;
}

int remaining_ms(clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now());
  return static_cast<int>(std::max<std::chrono::milliseconds::rep>(0, left.count()));
}

class kafka_subscription final : public subscription {
 public:
  explicit kafka_subscription(consumer_ptr consumer) : consumer_(std::move(consumer)) {}

  result<std::vector<stored_record>> poll(std::chrono::milliseconds timeout,
                                          std::size_t max_records) override {
    if (pending_) {
      auto failure = std::move(*pending_);
      pending_.reset();
      return tl::unexpected(std::move(failure));
    }
    std::vector<stored_record> out;
    const auto deadline = clock::now() + timeout;
    while (out.size() < max_records) {
      const int wait = out.empty() ? remaining_ms(deadline) : 0;
      message_ptr message(rd_kafka_consumer_poll(consumer_.get(), wait));
      if (!message) {
        if (out.empty() && wait > 0) continue;
        break;
      }
      if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        out.push_back(to_record(*message));
      } else if (!transient(message->err)) {
        auto failure = fail_kafka(message->err, "Kafka subscription");
        if (out.empty()) return failure;
        pending_ = std::move(failure.value());  // hand out what arrived first
        break;
      }
    }
    return out;
  }

 private:
  consumer_ptr consumer_;
  std::optional<error> pending_;
};

}  // namespace

stored_record to_record(const rd_kafka_message_t& message) {
  stored_record record;
  record.partition = static_cast<partition_id>(message.partition);
  record.off = static_cast<offset>(message.offset);
  if (message.key != nullptr) {
    record.key.assign(static_cast<const char*>(message.key), message.key_len);
  }
  if (message.payload != nullptr) {
    record.value.assign(static_cast<const char*>(message.payload), message.len);
  }
  return record;
}

partition_list_ptr single_partition(const std::string& topic, partition_id partition,
                                    std::int64_t off) {
  partition_list_ptr list(rd_kafka_topic_partition_list_new(1));
  rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), static_cast<std::int32_t>(partition))
      ->offset = off;
  return list;
}

result<std::vector<stored_record>> reader::read(rd_kafka_t* watermark_source,
                                                partition_id partition, offset from,
                                                std::size_t max_records) {
  std::vector<stored_record> out;
  if (max_records == 0) return out;
  auto marks =
      query_watermarks(watermark_source, options_.topic, static_cast<std::int32_t>(partition));
  if (!marks) return tl::unexpected(marks.error());
  const auto high = static_cast<offset>(std::max<std::int64_t>(0, marks->high));
  if (from >= high) return out;
  const offset end = high - from > max_records ? from + max_records : high;

  const std::lock_guard lock(mutex_);
  if (!next_ || *next_ != std::pair{partition, from}) {
    if (auto positioned = position_at(partition, from); !positioned) {
      return tl::unexpected(positioned.error());
    }
  }
  out.reserve(static_cast<std::size_t>(end - from));
  if (auto consumed = consume(partition, from, end, out); !consumed) {
    next_.reset();
    return tl::unexpected(consumed.error());
  }
  if (end < high) {
    next_ = std::pair{partition, end};  // more to read: the next call likely continues here
  } else {
    // Caught up: stop fetching rather than long-polling an idle partition.
    next_.reset();
    static_cast<void>(rd_kafka_assign(consumer_.get(), nullptr));
  }
  return out;
}

result<void> reader::position_at(partition_id partition, offset from) {
  next_.reset();
  if (!consumer_) {
    auto consumer = new_consumer(options_, reader_group, reader_fetch_wait);
    if (!consumer) return tl::unexpected(consumer.error());
    consumer_ = std::move(*consumer);
  }
  auto list = single_partition(options_.topic, partition, static_cast<std::int64_t>(from));
  if (const auto err = rd_kafka_assign(consumer_.get(), list.get()); err) {
    return fail_kafka(err, "assign for read");
  }
  return {};
}

result<void> reader::consume(partition_id partition, offset from, offset end,
                             std::vector<stored_record>& out) {
  // The bound is on silence, not on the whole range: a long read keeps going while it moves.
  auto deadline = clock::now() + request_timeout;
  offset expected = from;
  while (expected < end) {
    const int wait = remaining_ms(deadline);
    message_ptr message(rd_kafka_consumer_poll(consumer_.get(), wait));
    if (!message) {
      if (wait > 0) continue;
      return fail(errc::timeout, "Kafka read of partition " + std::to_string(partition) +
                                     " did not reach offset " + std::to_string(end));
    }
    if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      if (transient(message->err)) continue;
      return fail_kafka(message->err, "Kafka read");
    }
    // Left over from an earlier assignment: librdkafka drops these, this is a safety net.
    if (static_cast<partition_id>(message->partition) != partition || message->offset < 0 ||
        static_cast<offset>(message->offset) < expected) {
      continue;
    }
    out.push_back(to_record(*message));
    expected = out.back().off + 1;
    deadline = clock::now() + request_timeout;
  }
  return {};
}

result<rd_kafka_t*> group_offsets::handle(std::string_view group) {
  if (group.empty()) return fail(errc::invalid_argument, "consumer group name is empty");
  const std::lock_guard lock(mutex_);
  if (auto it = handles_.find(group); it != handles_.end()) return it->second.get();
  auto consumer = new_consumer(options_, group, subscription_fetch_wait);
  if (!consumer) return tl::unexpected(consumer.error());
  rd_kafka_t* rk = consumer->get();
  handles_.emplace(std::string(group), std::move(*consumer));
  return rk;
}

result<std::optional<offset>> group_offsets::committed(std::string_view group,
                                                       partition_id partition) {
  auto rk = handle(group);
  if (!rk) return tl::unexpected(rk.error());
  auto list = single_partition(options_.topic, partition, RD_KAFKA_OFFSET_INVALID);
  if (const auto err =
          rd_kafka_committed(*rk, list.get(), static_cast<int>(request_timeout.count()));
      err) {
    return fail_kafka(err, "committed offset of group " + std::string(group));
  }
  const auto& entry = list->elems[0];
  if (entry.err) return fail_kafka(entry.err, "committed offset of group " + std::string(group));
  if (entry.offset < 0) return std::optional<offset>{};
  return std::optional<offset>{static_cast<offset>(entry.offset)};
}

result<void> group_offsets::commit(std::string_view group, partition_id partition, offset next) {
  auto rk = handle(group);
  if (!rk) return tl::unexpected(rk.error());
  auto list = single_partition(options_.topic, partition, static_cast<std::int64_t>(next));
  if (const auto err = rd_kafka_commit(*rk, list.get(), 0); err) {
    return fail_kafka(err, "commit of group " + std::string(group));
  }
  return {};
}

result<std::unique_ptr<subscription>> open_subscription(const kafka_options& options,
                                                        const std::vector<start_at>& from) {
  auto consumer = new_consumer(options, reader_group, subscription_fetch_wait);
  if (!consumer) return tl::unexpected(consumer.error());
  partition_list_ptr list(rd_kafka_topic_partition_list_new(static_cast<int>(from.size())));
  for (const auto& start : from) {
    rd_kafka_topic_partition_list_add(list.get(), options.topic.c_str(),
                                      static_cast<std::int32_t>(start.partition))
        ->offset = static_cast<std::int64_t>(start.from);
  }
  if (const auto err = rd_kafka_assign(consumer->get(), list.get()); err) {
    return fail_kafka(err, "assign for subscription");
  }
  return std::make_unique<kafka_subscription>(std::move(*consumer));
}

}  // namespace runlog::eventlog::kafka
