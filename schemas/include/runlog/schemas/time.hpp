#pragma once
/// Timestamps: runlog stores Unix milliseconds; the API renders ISO-8601 UTC with milliseconds.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace runlog::schemas {

/// Renders Unix milliseconds as "2026-03-19T18:00:00.000Z". Thread-safe, pure.
std::string format_iso8601(std::int64_t unix_ms);

/// Parses "YYYY-MM-DDTHH:MM:SS[.fff]Z" (or a date "YYYY-MM-DD") into Unix milliseconds.
std::optional<std::int64_t> parse_iso8601(std::string_view text);

}  // namespace runlog::schemas
