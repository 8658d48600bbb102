#pragma once
/// Error codes of the engine module.

#include <system_error>

namespace runlog::engine {

/// Errors of the definition language (definitions, templates, cron) are workflow::errc.
enum class errc {
  log_failure = 1,  ///< the event log failed underneath the processor
};

const std::error_category& engine_category() noexcept;

inline std::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), engine_category()};
}

}  // namespace runlog::engine

template <>
struct std::is_error_code_enum<runlog::engine::errc> : std::true_type {};
