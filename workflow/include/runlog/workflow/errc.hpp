#pragma once
/// Error codes of the workflow module (the definition language).

#include <system_error>

namespace runlog::workflow {

enum class errc {
  invalid_definition = 1,  ///< a workflow definition breaks a rule (message says which)
  expression_syntax,       ///< a {{ }} template does not parse
  expression_eval,         ///< a template failed to evaluate (type error, bad function call)
  invalid_schedule,        ///< a cron expression or time zone is invalid (message says why)
};

const std::error_category& workflow_category() noexcept;

inline std::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), workflow_category()};
}

}  // namespace runlog::workflow

template <>
struct std::is_error_code_enum<runlog::workflow::errc> : std::true_type {};
