#pragma once
/// Error codes of the schemas module (decoding records).

#include <system_error>

namespace runlog::schemas {

enum class errc {
  malformed_json = 1,  ///< the bytes are not JSON
  missing_field,       ///< a required envelope or data field is absent
  wrong_type,          ///< a field has the wrong JSON type
  unknown_type,        ///< the record `type` is not in the catalog
  unsupported_version, ///< the record version is newer than this build understands
};

/// The error category of runlog::schemas::errc.
const std::error_category& schemas_category() noexcept;

inline std::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), schemas_category()};
}

}  // namespace runlog::schemas

template <>
struct std::is_error_code_enum<runlog::schemas::errc> : std::true_type {};
