#pragma once
/// Bearer tokens (JSON Web Tokens, RFC 7519) as runlog uses them.
///
/// A token names the tenant (`customer_id` claim) and the user (`sub`, falling back to
/// `user_id`). HS256 (shared secret) and RS256 (RSA public key, PKCS#1 v1.5 with SHA-256) are
/// accepted; every other `alg` (including "none") is rejected. The header's `alg` picks the
/// key: HS256 only ever verifies with the HS256 secret and RS256 only with the RSA key, so a
/// token cannot switch algorithms (no "HMAC keyed with the public key" confusion). An
/// algorithm without configured key material is rejected.
///
/// Pure functions apart from the OpenSSL random generator; all thread-safe.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "runlog/api/errc.hpp"
#include "runlog/schemas/error.hpp"

namespace runlog::api {

/// The caller, as proven by a verified token.
struct principal {
  std::string tenant;  ///< `customer_id`: non-empty, at most 128 bytes, no control characters
  std::string user;    ///< `sub` (or `user_id`): same rules
};

/// A parsed RSA public key for RS256 (wraps an OpenSSL EVP_PKEY). Immutable once loaded, so
/// one instance is shared by every io thread.
class rsa_public_key;

/// Key material a token may be verified with, by algorithm.
struct token_keys {
  std::string hs256_secret;  ///< shared secret of HS256; empty = HS256 tokens are rejected
  std::shared_ptr<const rsa_public_key> rs256_key;  ///< null = RS256 tokens are rejected
};

/// The claims `runlog token` puts into a token.
struct token_claims {
  std::string tenant;
  std::string user;
  std::int64_t issued_at = 0;   ///< `iat`, Unix seconds
  std::int64_t expires_at = 0;  ///< `exp`, Unix seconds
};

/// Leeway applied to `exp` and `nbf`, in seconds.
inline constexpr std::int64_t clock_leeway_seconds = 30;

/// Signs `claims` with HS256 under `secret`: "header.payload.signature".
[[nodiscard]] std::string mint_hs256(const token_claims& claims, std::string_view secret);

/// Verifies `token` at time `now_seconds` (Unix seconds). Errors: invalid_token, with a
/// message fit for the client ("token expired", "invalid signature", "unsupported alg", ...).
[[nodiscard]] result<principal> verify_token(std::string_view token, const token_keys& keys,
                                             std::int64_t now_seconds);

/// Parses a PEM public key ("BEGIN PUBLIC KEY" or "BEGIN RSA PUBLIC KEY"); it must be RSA
/// with at least 2048 bits. Errors: invalid_key (the message says why).
[[nodiscard]] result<std::shared_ptr<const rsa_public_key>> load_rsa_public_key(
    std::string_view pem);

/// A fresh HS256 secret: 32 random bytes (OpenSSL RAND_bytes), hex-encoded.
/// Errors: crypto_failure.
[[nodiscard]] result<std::string> generate_secret_hex();

}  // namespace runlog::api
