#pragma once
/// Error codes of the engine module.

#include <system_error>

namespace runlog::engine {

enum class errc {
  invalid_definition = 1,  ///< a workflow definition breaks a rule (message says which)
  expression_syntax,       ///< a {{ }} template does not parse
  expression_eval,         ///< a template failed to evaluate (type error, bad function call)
  log_failure,             ///< the event log failed underneath the processor
  invalid_schedule,        ///< a cron expression or time zone is invalid (message says why)
};

const std::error_category& engine_category() noexcept;

inline std::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), engine_category()};
}

}  // namespace runlog::engine

template <>
struct std::is_error_code_enum<runlog::engine::errc> : std::true_type {};
