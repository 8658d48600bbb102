#pragma once
/// The embedded backend: a durable log inside the process, on RocksDB.

#include <filesystem>
#include <memory>

#include "runlog/eventlog/event_log.hpp"

namespace runlog::eventlog {

struct embedded_options {
  std::filesystem::path dir;         ///< RocksDB directory (created if missing)
  std::uint32_t partitions = 8;      ///< fixed at creation; reopening with another count fails
};

/// Opens (or creates) the embedded log. Errors: io, invalid_argument.
[[nodiscard]] result<std::unique_ptr<event_log>> open_embedded(const embedded_options& options);

}  // namespace runlog::eventlog
