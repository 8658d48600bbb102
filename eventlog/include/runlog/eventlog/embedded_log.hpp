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

/// Counters of an embedded log since it was opened (tests, metrics). Any thread.
struct embedded_stats {
  std::uint64_t appends = 0;        ///< append calls completed durably (non-empty batches)
  std::uint64_t records = 0;        ///< records made durable
  std::uint64_t synced_writes = 0;  ///< synced RocksDB writes: one per group commit
};

/// The counters of `log` if it was opened by open_embedded, all zero otherwise.
[[nodiscard]] embedded_stats stats_of(const event_log& log);

}  // namespace runlog::eventlog
