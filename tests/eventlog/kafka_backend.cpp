// Runs the eventlog conformance suite against the Kafka backend on librdkafka's mock cluster.

#include "eventlog/kafka_backend.hpp"

#include <array>

#include "eventlog/conformance.hpp"

namespace runlog::testing {
namespace {

constexpr std::int16_t metadata_api_key = 3;  // Kafka protocol ApiKey of Metadata

}  // namespace

kafka_fixture::kafka_fixture(std::uint32_t partitions, std::string topic)
    : partitions_(partitions), topic_(std::move(topic)) {
  std::array<char, 512> errstr{};
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "client.id", "runlog-mock-cluster", errstr.data(), errstr.size());
  handle_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr.data(), errstr.size());
  if (handle_ == nullptr) {
    rd_kafka_conf_destroy(conf);
    setup_error_ = std::string("mock cluster handle: ") + errstr.data();
    return;
  }
  cluster_ = rd_kafka_mock_cluster_new(handle_, brokers);
  if (cluster_ == nullptr) {
    setup_error_ = "rd_kafka_mock_cluster_new failed";
    return;
  }
  // The 2.0.2 mock advertises Metadata v0-v2, which has no AllowAutoTopicCreation flag, so it
  // auto-creates any topic a client asks about. Its handler also parses and answers v4 (the
  // v4 response is laid out like v3), so allow v4: then, like a real broker >= 0.11, it
  // honours allow.auto.create.topics=false and a missing topic stays missing.
  if (const auto err = rd_kafka_mock_set_apiversion(cluster_, metadata_api_key, 0, 4); err) {
    setup_error_ = std::string("mock Metadata version: ") + rd_kafka_err2str(err);
    return;
  }
  if (const auto err = rd_kafka_mock_topic_create(cluster_, topic_.c_str(),
                                                  static_cast<int>(partitions_), brokers);
      err) {
    setup_error_ = std::string("mock topic: ") + rd_kafka_err2str(err);
  }
}

kafka_fixture::~kafka_fixture() {
  if (cluster_ != nullptr) rd_kafka_mock_cluster_destroy(cluster_);
  if (handle_ != nullptr) rd_kafka_destroy(handle_);
}

eventlog::kafka_options kafka_fixture::options() const {
  eventlog::kafka_options options;
  options.brokers = cluster_ != nullptr ? rd_kafka_mock_cluster_bootstraps(cluster_) : "";
  options.topic = topic_;
  options.partitions = partitions_;
  // A broker that comes back is found again quickly (librdkafka backs off up to 10 s).
  options.extra = {{"reconnect.backoff.ms", "20"}, {"reconnect.backoff.max.ms", "200"}};
  return options;
}

result<std::unique_ptr<eventlog::event_log>> kafka_fixture::open() {
  if (!setup_error_.empty()) return fail(eventlog::errc::broker, setup_error_);
  return eventlog::open_kafka(options());
}

namespace {

INSTANTIATE_TEST_SUITE_P(
    kafka, conformance,
    ::testing::Values(backend{
        "kafka", [] { return std::unique_ptr<log_fixture>(std::make_unique<kafka_fixture>()); }}),
    backend_name);

}  // namespace
}  // namespace runlog::testing
