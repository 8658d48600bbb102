#include "runlog/eventlog/kafka_log.hpp"

#include <array>
#include <atomic>
#include <mutex>
#include <thread>

#include "kafka_common.hpp"
#include "kafka_consumer.hpp"

namespace runlog::eventlog {
namespace {

using namespace std::chrono_literals;

// How long destruction waits for in-flight appends before purging them (they then fail
// with errc::closed).
constexpr auto flush_timeout = 10s;
// How long one produce call waits for room in a full local queue before failing.
constexpr auto queue_full_timeout = 10s;
// librdkafka's bound on one record's wire overhead (RD_KAFKAP_MESSAGE_V2_MAX_OVERHEAD, 36),
// rounded up: a record is rejected up front if key + value + this exceeds message.max.bytes.
constexpr std::size_t record_overhead = 64;

// One append call in flight. Created by append_async, deleted by whoever settles its last
// message (normally the poll thread, in the delivery report).
struct pending_batch {
  // The opaque of one produced message: which batch, which index.
  struct slot {
    pending_batch* batch = nullptr;
    std::size_t index = 0;
  };

  pending_batch(std::vector<record_to_append> batch, event_log::append_callback callback)
      : records(std::move(batch)),
        done(std::move(callback)),
        positions(records.size()),
        slots(records.size()),
        remaining(records.size()) {
    for (std::size_t i = 0; i < slots.size(); ++i) slots[i] = slot{this, i};
  }

  void fail_with(error e) {
    const std::lock_guard lock(mutex);
    if (!failure) failure = std::move(e);
  }

  // Accounts for `n` messages that are done (delivered, failed or never produced); the last
  // one completes the batch and frees it.
  void settle(std::size_t n) {
    if (remaining.fetch_sub(n, std::memory_order_acq_rel) != n) return;
    auto callback = std::move(done);
    std::optional<error> outcome;
    {
      const std::lock_guard lock(mutex);
      outcome = std::move(failure);
    }
    auto result_positions = std::move(positions);
    delete this;
    if (outcome) {
      callback(tl::unexpected(std::move(*outcome)));
    } else {
      callback(std::move(result_positions));
    }
  }

  std::vector<record_to_append> records;  ///< the payloads librdkafka points into (no copy)
  event_log::append_callback done;
  std::vector<position> positions;  ///< slot i written only by its delivery report
  std::vector<slot> slots;
  std::atomic<std::size_t> remaining;
  std::mutex mutex;
  std::optional<error> failure;  ///< guarded by mutex
};

// Delivery report: runs on the poll thread; records the outcome and hands completion back.
void on_delivery(rd_kafka_t*, const rd_kafka_message_t* message, void*) {
  auto* slot = static_cast<pending_batch::slot*>(message->_private);
  pending_batch& batch = *slot->batch;
  if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    batch.fail_with(kafka::fail_kafka(message->err, "Kafka delivery").value());
  } else if (message->offset < 0) {
    batch.fail_with(error{make_error_code(errc::broker),
                          "Kafka delivery: the broker did not report the record's offset"});
  } else {
    batch.positions[slot->index] = position{static_cast<partition_id>(message->partition),
                                            static_cast<offset>(message->offset)};
  }
  batch.settle(1);
}

class kafka_log final : public event_log {
 public:
  kafka_log(kafka_options options, kafka::producer_ptr producer, kafka::topic_ptr topic,
            std::size_t max_message_bytes)
      : options_(std::move(options)),
        producer_(std::move(producer)),
        topic_(std::move(topic)),
        max_message_bytes_(max_message_bytes),
        reader_(options_),
        groups_(options_),
        poller_([this] { serve_deliveries(); }) {}

  kafka_log(const kafka_log&) = delete;
  kafka_log& operator=(const kafka_log&) = delete;

  ~kafka_log() override {
    {
      const std::lock_guard lock(produce_mutex_);
      closed_ = true;
    }
    stopping_.store(true, std::memory_order_release);
    poller_.join();
  }

  std::uint32_t partitions() const override { return options_.partitions; }

  void append_async(std::vector<record_to_append> batch, append_callback done) override {
    if (auto valid = validate(batch); !valid) {
      done(tl::unexpected(std::move(valid.error())));
      return;
    }
    std::unique_lock lock(produce_mutex_);
    if (closed_) {
      lock.unlock();
      done(fail(errc::closed, "Kafka log is closed"));
      return;
    }
    auto* pending = new pending_batch(std::move(batch), std::move(done));
    const std::size_t total = pending->records.size();
    std::size_t produced = 0;
    // Under produce_mutex_ the records of this call are enqueued back to back, so those that
    // share a partition stay contiguous and in call order (the idempotent producer keeps the
    // per-partition queue order on the broker).
    for (; produced < total; ++produced) {
      if (auto sent = produce(pending->slots[produced]); !sent) {
        pending->fail_with(std::move(sent.error()));
        break;
      }
    }
    lock.unlock();
    if (produced < total) pending->settle(total - produced);
  }

  result<std::vector<stored_record>> read(partition_id partition, offset from,
                                          std::size_t max_records) override {
    if (auto valid = check_partition(partition); !valid) return tl::unexpected(valid.error());
    return reader_.read(producer_.get(), partition, from, max_records);
  }

  result<offset> end_offset(partition_id partition) override {
    if (auto valid = check_partition(partition); !valid) return tl::unexpected(valid.error());
    auto marks = kafka::query_watermarks(producer_.get(), options_.topic,
                                         static_cast<std::int32_t>(partition));
    if (!marks) return tl::unexpected(marks.error());
    return static_cast<offset>(std::max<std::int64_t>(0, marks->high));
  }

  result<std::optional<offset>> committed(std::string_view group, partition_id partition) override {
    if (auto valid = check_partition(partition); !valid) return tl::unexpected(valid.error());
    return groups_.committed(group, partition);
  }

  result<void> commit(std::string_view group, partition_id partition, offset next) override {
    if (auto valid = check_partition(partition); !valid) return tl::unexpected(valid.error());
    return groups_.commit(group, partition, next);
  }

  result<std::unique_ptr<subscription>> subscribe(std::vector<start_at> from) override {
    for (const auto& start : from) {
      if (auto valid = check_partition(start.partition); !valid) {
        return tl::unexpected(valid.error());
      }
    }
    return kafka::open_subscription(options_, from);
  }

 private:
  result<void> check_partition(partition_id partition) const {
    if (partition < options_.partitions) return {};
    return fail(errc::invalid_argument, "partition " + std::to_string(partition) +
                                            " out of range (log has " +
                                            std::to_string(options_.partitions) + ")");
  }

  // Rejects the whole batch before anything is produced, so a batch never half-fails for a
  // reason known up front.
  result<void> validate(const std::vector<record_to_append>& batch) const {
    if (batch.empty()) return fail(errc::invalid_argument, "empty batch");
    for (const auto& record : batch) {
      if (record.key.size() + record.value.size() + record_overhead > max_message_bytes_) {
        return fail(errc::invalid_argument, "record larger than message.max.bytes (" +
                                                std::to_string(max_message_bytes_) + ")");
      }
    }
    return {};
  }

  // Enqueues one message (no copy: the batch outlives its delivery report). Waits for room
  // while the local queue is full; the poll thread drains it. Caller holds produce_mutex_.
  result<void> produce(pending_batch::slot& slot) {
    auto& record = slot.batch->records[slot.index];
    const auto partition =
        static_cast<std::int32_t>(partition_for(record.key, options_.partitions));
    const auto deadline = std::chrono::steady_clock::now() + queue_full_timeout;
    for (;;) {
      const int rc =
          rd_kafka_produce(topic_.get(), partition, 0, record.value.data(), record.value.size(),
                           record.key.data(), record.key.size(), &slot);
      if (rc == 0) return {};
      const auto err = rd_kafka_last_error();
      if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL || std::chrono::steady_clock::now() > deadline) {
        return kafka::fail_kafka(err, "Kafka produce");
      }
      std::this_thread::sleep_for(1ms);
    }
  }

  // The poll thread: serves delivery reports until destruction, then flushes (bounded),
  // purges what is left and serves the resulting reports so every callback fires once.
  void serve_deliveries() {
    while (!stopping_.load(std::memory_order_acquire)) rd_kafka_poll(producer_.get(), 100);
    rd_kafka_flush(producer_.get(),
                   static_cast<int>(std::chrono::milliseconds(flush_timeout).count()));
    rd_kafka_purge(producer_.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (rd_kafka_outq_len(producer_.get()) > 0 && std::chrono::steady_clock::now() < deadline) {
      rd_kafka_poll(producer_.get(), 50);
    }
  }

  const kafka_options options_;
  kafka::producer_ptr producer_;  ///< thread-safe; destroyed after the poll thread stops
  kafka::topic_ptr topic_;
  const std::size_t max_message_bytes_;
  kafka::reader reader_;
  kafka::group_offsets groups_;
  std::mutex produce_mutex_;
  bool closed_ = false;  ///< guarded by produce_mutex_
  std::atomic<bool> stopping_{false};
  std::thread poller_;  ///< last member: starts once everything above exists
};

// Checks that the topic exists with exactly the expected partition count.
result<void> check_topic(rd_kafka_t* rk, rd_kafka_topic_t* rkt, const kafka_options& options) {
  const rd_kafka_metadata_t* metadata = nullptr;
  if (const auto err = rd_kafka_metadata(rk, 0, rkt, &metadata,
                                         static_cast<int>(kafka::request_timeout.count()));
      err) {
    return kafka::fail_kafka(err, "metadata of topic " + options.topic);
  }
  const std::unique_ptr<const rd_kafka_metadata_t, void (*)(const rd_kafka_metadata_t*)> owner(
      metadata, rd_kafka_metadata_destroy);
  if (metadata->topic_cnt != 1) {
    return fail(errc::broker, "metadata of topic " + options.topic + ": no topic in reply");
  }
  const auto& topic = metadata->topics[0];
  if (topic.err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART) {
    return fail(errc::invalid_argument, "Kafka topic " + options.topic + " does not exist");
  }
  if (topic.err) return kafka::fail_kafka(topic.err, "metadata of topic " + options.topic);
  if (topic.partition_cnt < 0 ||
      static_cast<std::uint32_t>(topic.partition_cnt) != options.partitions) {
    return fail(errc::invalid_argument,
                "Kafka topic " + options.topic + " has " + std::to_string(topic.partition_cnt) +
                    " partitions, expected " + std::to_string(options.partitions));
  }
  return {};
}

std::size_t max_message_bytes(rd_kafka_t* rk) {
  std::array<char, 32> value{};
  std::size_t size = value.size();
  if (rd_kafka_conf_get(rd_kafka_conf(rk), "message.max.bytes", value.data(), &size) !=
      RD_KAFKA_CONF_OK) {
    return 1000000;  // librdkafka's default
  }
  return std::stoull(value.data());
}

result<kafka::producer_ptr> new_producer(const kafka_options& options) {
  auto conf = kafka::make_conf(options, {
                                            {"enable.idempotence", "true"},
                                            {"acks", "all"},
                                            {"linger.ms", "2"},
                                            {"message.timeout.ms", "60000"},
                                            {"allow.auto.create.topics", "false"},
                                        });
  if (!conf) return tl::unexpected(conf.error());
  rd_kafka_conf_set_dr_msg_cb(conf->get(), on_delivery);
  std::array<char, 512> errstr{};
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf->get(), errstr.data(), errstr.size());
  if (rk == nullptr) {
    return fail(errc::invalid_argument, std::string("Kafka producer: ") + errstr.data());
  }
  static_cast<void>(conf->release());  // rd_kafka_new took ownership
  return kafka::producer_ptr(rk);
}

}  // namespace

result<std::unique_ptr<event_log>> open_kafka(const kafka_options& options) {
  if (options.brokers.empty()) return fail(errc::invalid_argument, "no Kafka brokers given");
  if (options.topic.empty()) return fail(errc::invalid_argument, "no Kafka topic given");
  if (options.partitions == 0) return fail(errc::invalid_argument, "partition count must be > 0");
  auto producer = new_producer(options);
  if (!producer) return tl::unexpected(producer.error());
  kafka::topic_ptr topic(rd_kafka_topic_new(producer->get(), options.topic.c_str(), nullptr));
  if (!topic) return kafka::fail_kafka(rd_kafka_last_error(), "Kafka topic " + options.topic);
  if (auto checked = check_topic(producer->get(), topic.get(), options); !checked) {
    return tl::unexpected(checked.error());
  }
  const std::size_t max_bytes = max_message_bytes(producer->get());
  return std::make_unique<kafka_log>(options, std::move(*producer), std::move(topic), max_bytes);
}

}  // namespace runlog::eventlog
