#pragma once
/// Projection-store set-up shared by the projection tests: a RocksDB store in a test's temp
/// directory, optionally fed with log-shaped records.

#include <cstddef>
#include <filesystem>
#include <limits>
#include <memory>
#include <vector>

#include "../../projections/src/rocks_store.hpp"
#include "runlog/eventlog/event_log.hpp"

namespace runlog::testing {

/// Opens (creating) a store in `dir`; a failure is a test failure and returns nullptr.
std::unique_ptr<projections::rocks_store> open_store(const std::filesystem::path& dir);

/// A store in `dir` that has applied `stored` in batches of `split` records (default: one
/// batch); nullptr (and a test failure) when it cannot be opened.
std::unique_ptr<projections::rocks_store> fed_store(
    const std::filesystem::path& dir, const std::vector<eventlog::stored_record>& stored,
    std::size_t split = std::numeric_limits<std::size_t>::max());

}  // namespace runlog::testing
