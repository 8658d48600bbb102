#pragma once
/// The Kafka test fixture: a librdkafka mock cluster (3 brokers, one topic replicated 3 times)
/// that lives as long as the fixture; open() = a new client (a process restart) on it.

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <cstdint>
#include <memory>
#include <string>

#include "eventlog/log_fixture.hpp"
#include "runlog/eventlog/kafka_log.hpp"

namespace runlog::testing {

class kafka_fixture final : public log_fixture {
 public:
  static constexpr int brokers = 3;
  static constexpr std::uint32_t default_partitions = 4;

  /// Starts the mock cluster and creates `topic` with `partitions` partitions.
  explicit kafka_fixture(std::uint32_t partitions = default_partitions,
                         std::string topic = "runlog.records");
  ~kafka_fixture() override;
  kafka_fixture(const kafka_fixture&) = delete;
  kafka_fixture& operator=(const kafka_fixture&) = delete;

  result<std::unique_ptr<eventlog::event_log>> open() override;
  std::uint32_t partitions() const override { return partitions_; }

  /// The options open() uses: the cluster's bootstrap list, the topic, fast reconnects.
  eventlog::kafka_options options() const;
  /// The mock cluster, to inject faults (nullptr if it failed to start).
  rd_kafka_mock_cluster_t* cluster() const { return cluster_; }
  const std::string& topic() const { return topic_; }

 private:
  std::uint32_t partitions_;
  std::string topic_;
  rd_kafka_t* handle_ = nullptr;  ///< owns the mock cluster's bookkeeping
  rd_kafka_mock_cluster_t* cluster_ = nullptr;
  std::string setup_error_;
};

}  // namespace runlog::testing
