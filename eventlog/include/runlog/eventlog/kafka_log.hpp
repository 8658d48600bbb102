#pragma once
/// The Kafka backend: one topic, idempotent producer with acks=all, consumer groups with
/// committed offsets stored in Kafka.

#include <map>
#include <memory>
#include <string>

#include "runlog/eventlog/event_log.hpp"

namespace runlog::eventlog {

struct kafka_options {
  std::string brokers;                          ///< bootstrap.servers
  std::string topic = "runlog.records";         ///< created by the operator (or the test)
  std::uint32_t partitions = 8;                 ///< must match the topic's partition count
  std::map<std::string, std::string> extra;     ///< extra librdkafka properties
};

/// Connects to the cluster (checks the topic exists with the expected partition count).
/// Errors: broker, timeout, invalid_argument.
[[nodiscard]] result<std::unique_ptr<event_log>> open_kafka(const kafka_options& options);

}  // namespace runlog::eventlog
