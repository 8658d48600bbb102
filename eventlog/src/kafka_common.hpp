#pragma once
/// Shared pieces of the Kafka backend: RAII owners of librdkafka handles, configuration
/// building and the translation of librdkafka errors into eventlog errc. Private to the module.

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "runlog/eventlog/kafka_log.hpp"

namespace runlog::eventlog::kafka {

/// Bound on every blocking request to the cluster (metadata, watermarks, commits, reads).
inline constexpr std::chrono::milliseconds request_timeout{10000};

/// Group id of the group-less readers: assign() needs a group, but these never join it nor
/// commit (auto commit is off), so sharing one id is harmless.
inline constexpr std::string_view reader_group = "runlog.eventlog.reader";

struct conf_deleter {
  void operator()(rd_kafka_conf_t* conf) const noexcept { rd_kafka_conf_destroy(conf); }
};
using conf_ptr = std::unique_ptr<rd_kafka_conf_t, conf_deleter>;

/// Destroys a producer handle (the caller flushed it first).
struct producer_deleter {
  void operator()(rd_kafka_t* rk) const noexcept { rd_kafka_destroy(rk); }
};
using producer_ptr = std::unique_ptr<rd_kafka_t, producer_deleter>;

/// Closes (leaves the group, stops fetchers) and destroys a consumer handle.
struct consumer_deleter {
  void operator()(rd_kafka_t* rk) const noexcept;
};
using consumer_ptr = std::unique_ptr<rd_kafka_t, consumer_deleter>;

struct topic_deleter {
  void operator()(rd_kafka_topic_t* rkt) const noexcept { rd_kafka_topic_destroy(rkt); }
};
using topic_ptr = std::unique_ptr<rd_kafka_topic_t, topic_deleter>;

struct partition_list_deleter {
  void operator()(rd_kafka_topic_partition_list_t* list) const noexcept {
    rd_kafka_topic_partition_list_destroy(list);
  }
};
using partition_list_ptr = std::unique_ptr<rd_kafka_topic_partition_list_t, partition_list_deleter>;

struct message_deleter {
  void operator()(rd_kafka_message_t* message) const noexcept { rd_kafka_message_destroy(message); }
};
using message_ptr = std::unique_ptr<rd_kafka_message_t, message_deleter>;

/// The eventlog errc of a librdkafka error code.
[[nodiscard]] errc to_errc(rd_kafka_resp_err_t err) noexcept;

/// An eventlog error for a librdkafka error: the translated code, `what` and librdkafka's text.
[[nodiscard]] tl::unexpected<error> fail_kafka(rd_kafka_resp_err_t err, std::string_view what);

/// A configuration with bootstrap.servers, the role's properties and then options.extra
/// (so operators can override our defaults). Errors: invalid_argument for unknown properties.
[[nodiscard]] result<conf_ptr> make_conf(const kafka_options& options,
                                         const std::map<std::string, std::string>& role);

/// A new consumer handle in group `group` (auto commit off, no offset store), with its main
/// queue redirected to the consumer queue. It does not join the group: it is used with
/// assign() or for explicit commits only. `fetch_wait` bounds how long the broker holds a
/// fetch at the end of a partition (the latency of records appended later, and how long a
/// fetch in flight delays a new assignment).
[[nodiscard]] result<consumer_ptr> new_consumer(const kafka_options& options,
                                                std::string_view group,
                                                std::chrono::milliseconds fetch_wait);

/// The [low, high) watermarks of a partition, asked from its leader (bounded by
/// request_timeout). high is the offset the next record will get; only records below it are
/// replicated to every in-sync replica.
struct watermarks {
  std::int64_t low = 0;
  std::int64_t high = 0;
};
[[nodiscard]] result<watermarks> query_watermarks(rd_kafka_t* rk, const std::string& topic,
                                                  std::int32_t partition);

}  // namespace runlog::eventlog::kafka
