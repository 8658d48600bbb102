#include "kafka_common.hpp"

#include <array>

namespace runlog::eventlog::kafka {

void consumer_deleter::operator()(rd_kafka_t* rk) const noexcept {
  rd_kafka_consumer_close(rk);
  rd_kafka_destroy(rk);
}

errc to_errc(rd_kafka_resp_err_t err) noexcept {
  switch (err) {
    case RD_KAFKA_RESP_ERR__TIMED_OUT:
    case RD_KAFKA_RESP_ERR__MSG_TIMED_OUT:
    case RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT:
      return errc::timeout;
    case RD_KAFKA_RESP_ERR__DESTROY:
    case RD_KAFKA_RESP_ERR__PURGE_QUEUE:
    case RD_KAFKA_RESP_ERR__PURGE_INFLIGHT:
      return errc::closed;
    case RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE:
    case RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION:
    case RD_KAFKA_RESP_ERR__INVALID_ARG:
      return errc::invalid_argument;
    default:
      return errc::broker;
  }
}

tl::unexpected<error> fail_kafka(rd_kafka_resp_err_t err, std::string_view what) {
  std::string message(what);
  message += ": ";
  message += rd_kafka_err2str(err);
  return fail(to_errc(err), std::move(message));
}

result<conf_ptr> make_conf(const kafka_options& options,
                           const std::map<std::string, std::string>& role) {
  conf_ptr conf(rd_kafka_conf_new());
  std::array<char, 512> errstr{};
  auto set = [&](const std::string& name, const std::string& value) -> result<void> {
    if (rd_kafka_conf_set(conf.get(), name.c_str(), value.c_str(), errstr.data(), errstr.size()) !=
        RD_KAFKA_CONF_OK) {
      return fail(errc::invalid_argument, "Kafka property " + name + ": " + errstr.data());
    }
    return {};
  };
  if (auto r = set("bootstrap.servers", options.brokers); !r) return tl::unexpected(r.error());
  for (const auto& [name, value] : role) {
    if (auto r = set(name, value); !r) return tl::unexpected(r.error());
  }
  for (const auto& [name, value] : options.extra) {
    if (auto r = set(name, value); !r) return tl::unexpected(r.error());
  }
  return conf;
}

result<consumer_ptr> new_consumer(const kafka_options& options, std::string_view group,
                                  std::chrono::milliseconds fetch_wait) {
  auto conf = make_conf(options, {
                                     {"group.id", std::string(group)},
                                     {"enable.auto.commit", "false"},
                                     {"enable.auto.offset.store", "false"},
                                     {"enable.partition.eof", "false"},
                                     // Never jump over or replay records silently.
                                     {"auto.offset.reset", "error"},
                                     {"allow.auto.create.topics", "false"},
                                     {"fetch.wait.max.ms", std::to_string(fetch_wait.count())},
                                     {"queued.min.messages", "1000"},
                                     {"queued.max.messages.kbytes", "16384"},
                                 });
  if (!conf) return tl::unexpected(conf.error());
  std::array<char, 512> errstr{};
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf->get(), errstr.data(), errstr.size());
  if (rk == nullptr) {
    return fail(errc::invalid_argument, std::string("Kafka consumer: ") + errstr.data());
  }
  static_cast<void>(conf->release());  // rd_kafka_new took ownership
  rd_kafka_poll_set_consumer(rk);
  return consumer_ptr(rk);
}

result<watermarks> query_watermarks(rd_kafka_t* rk, const std::string& topic,
                                    std::int32_t partition) {
  watermarks marks;
  const auto err =
      rd_kafka_query_watermark_offsets(rk, topic.c_str(), partition, &marks.low, &marks.high,
                                       static_cast<int>(request_timeout.count()));
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return fail_kafka(err, "watermarks of " + topic + "/" + std::to_string(partition));
  }
  return marks;
}

}  // namespace runlog::eventlog::kafka
