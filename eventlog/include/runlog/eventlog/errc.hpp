#pragma once
/// Error codes of the eventlog module. Backend errors (RocksDB, librdkafka) become these.

#include <system_error>

namespace runlog::eventlog {

enum class errc {
  io = 1,             ///< the storage failed (RocksDB status, disk)
  closed,             ///< the log is shutting down or closed
  invalid_argument,   ///< bad partition, empty batch, oversized record
  broker,             ///< the Kafka cluster reported an error
  timeout,            ///< the backend did not answer in time
};

const std::error_category& eventlog_category() noexcept;

inline std::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), eventlog_category()};
}

}  // namespace runlog::eventlog

template <>
struct std::is_error_code_enum<runlog::eventlog::errc> : std::true_type {};
