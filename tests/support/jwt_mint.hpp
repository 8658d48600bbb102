#pragma once
/// Mints JSON Web Tokens for tests and benchmarks, including deliberately broken ones
/// (wrong signature, expired, `alg: none`, missing claims). Thread-safe (pure functions).

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace runlog::testing {

/// Base64url without padding (RFC 7515 §2).
std::string base64url(std::string_view bytes);

/// `header.payload.signature` with an HS256 signature over `header.payload` keyed by `secret`.
/// `header` is used as given, so a test can sign a token whose header lies about its alg.
std::string sign_hs256(const nlohmann::json& header, const nlohmann::json& payload,
                       std::string_view secret);

/// An RSA key pair as PEM text ("BEGIN PRIVATE KEY" / "BEGIN PUBLIC KEY").
struct rsa_key_pair {
  std::string private_pem;
  std::string public_pem;
};

/// A fresh RSA key pair (OpenSSL EVP_RSA_gen); both strings empty on failure.
rsa_key_pair generate_rsa_key(unsigned bits = 2048);

/// `header.payload.signature` with an RS256 (PKCS#1 v1.5, SHA-256) signature made with
/// `private_pem`; "" on failure. `header` is used as given.
std::string sign_rs256(const nlohmann::json& header, const nlohmann::json& payload,
                       std::string_view private_pem);

/// A valid RS256 token for `tenant`/`user`.
std::string mint_rs256_token(std::string_view private_pem, std::string_view tenant,
                             std::string_view user, std::int64_t ttl_seconds = 3600);

/// An unsigned token: header {"alg":"none","typ":"JWT"}, empty signature part ("h.p.").
std::string unsigned_token(const nlohmann::json& payload);

/// The standard claims runlog expects: customer_id, sub, iat = now, exp = now + ttl.
nlohmann::json claims(std::string_view tenant, std::string_view user, std::int64_t ttl_seconds = 3600);

/// True if `token` is `h.p.s` and `s` is the HS256 signature of `h.p` under `secret`.
bool verify_hs256(std::string_view token, std::string_view secret);

/// The decoded JSON of part `index` (0 header, 1 payload) of `token`; null when malformed.
nlohmann::json decode_part(std::string_view token, int index);

/// A valid HS256 token for `tenant`/`user`.
std::string mint_token(std::string_view secret, std::string_view tenant, std::string_view user,
                       std::int64_t ttl_seconds = 3600);

}  // namespace runlog::testing
