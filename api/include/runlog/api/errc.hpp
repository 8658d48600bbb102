#pragma once
/// Error codes of the api module.

#include <system_error>

namespace runlog::api {

enum class errc {
  bind_failed = 1,  ///< the server could not listen on the requested address/port
  invalid_token,    ///< a bearer token failed verification (message says why)
  crypto_failure,   ///< OpenSSL failed (random bytes, HMAC)
  invalid_key,      ///< configured key material is unusable (e.g. not an RSA public key)
};

/// The error category of runlog::api::errc.
const std::error_category& api_category() noexcept;

inline std::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), api_category()};
}

}  // namespace runlog::api

template <>
struct std::is_error_code_enum<runlog::api::errc> : std::true_type {};
