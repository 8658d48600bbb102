#include "runlog/api/jwt.hpp"

#include <array>
#include <optional>

#include <nlohmann/json.hpp>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/core_dispatch.h>
#include <openssl/decoder.h>
#include <openssl/rand.h>

#include "runlog/schemas/base64url.hpp"

namespace runlog::api {

class rsa_public_key {
 public:
  explicit rsa_public_key(EVP_PKEY* key) : key_(key) {}
  ~rsa_public_key() { EVP_PKEY_free(key_); }
  rsa_public_key(const rsa_public_key&) = delete;
  rsa_public_key& operator=(const rsa_public_key&) = delete;

  /// True if `signature` is the RS256 signature of `data`. A fresh EVP_MD_CTX per call, so
  /// concurrent calls only share the (read-only) key.
  bool verify(std::string_view data, std::string_view signature) const {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    if (ctx == nullptr) return false;
    const bool ok =
        EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key_) == 1 &&
        EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.data()),
                         signature.size(), reinterpret_cast<const unsigned char*>(data.data()),
                         data.size()) == 1;
    EVP_MD_CTX_free(ctx);
    return ok;
  }

 private:
  EVP_PKEY* key_;
};

namespace {

using nlohmann::json;

constexpr std::size_t max_token_size = 8192;
constexpr std::size_t max_claim_size = 128;

tl::unexpected<error> invalid(std::string message) {
  return fail(errc::invalid_token, std::move(message));
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int mac_len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac.data(), &mac_len);
  return std::string(reinterpret_cast<const char*>(mac.data()), mac_len);
}

/// The three parts of a compact JWS; nullopt unless there are exactly two dots.
struct token_parts {
  std::string_view header;
  std::string_view payload;
  std::string_view signature;
  std::string_view signing_input;
};

std::optional<token_parts> split(std::string_view token) {
  const auto first = token.find('.');
  if (first == std::string_view::npos) return std::nullopt;
  const auto second = token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  return token_parts{token.substr(0, first), token.substr(first + 1, second - first - 1),
                     token.substr(second + 1), token.substr(0, second)};
}

std::optional<json> decode_object(std::string_view part) {
  const auto bytes = schemas::base64url_decode(part);
  if (!bytes) return std::nullopt;
  json value = json::parse(*bytes, nullptr, false);
  if (!value.is_object()) return std::nullopt;
  return value;
}

result<void> verify_hs256(const token_parts& parts, const std::string& secret) {
  const auto signature = schemas::base64url_decode(parts.signature);
  const std::string expected = hmac_sha256(secret, parts.signing_input);
  if (!signature || signature->size() != expected.size() ||
      CRYPTO_memcmp(signature->data(), expected.data(), expected.size()) != 0) {
    return invalid("invalid signature");
  }
  return {};
}

result<void> verify_rs256(const token_parts& parts, const rsa_public_key& key) {
  const auto signature = schemas::base64url_decode(parts.signature);
  if (!signature || !key.verify(parts.signing_input, *signature)) {
    return invalid("invalid signature");
  }
  return {};
}

/// The header's `alg` selects both the algorithm and the only key it may be checked with.
result<void> verify_signature(std::string_view alg, const token_parts& parts,
                              const token_keys& keys) {
  if (alg == "HS256" && !keys.hs256_secret.empty()) return verify_hs256(parts, keys.hs256_secret);
  if (alg == "RS256" && keys.rs256_key) return verify_rs256(parts, *keys.rs256_key);
  return invalid("unsupported token algorithm");
}

result<void> check_times(const json& claims, std::int64_t now) {
  if (const auto it = claims.find("exp"); it != claims.end()) {
    if (!it->is_number()) return invalid("invalid exp claim");
    if (static_cast<double>(now) > it->get<double>() + clock_leeway_seconds) {
      return invalid("token expired");
    }
  }
  if (const auto it = claims.find("nbf"); it != claims.end()) {
    if (!it->is_number()) return invalid("invalid nbf claim");
    if (static_cast<double>(now) + clock_leeway_seconds < it->get<double>()) {
      return invalid("token not yet valid");
    }
  }
  return {};
}

bool valid_identity(const json& value) {
  if (!value.is_string()) return false;
  const auto& text = value.get_ref<const std::string&>();
  if (text.empty() || text.size() > max_claim_size) return false;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) return false;
  }
  return true;
}

result<principal> principal_from(const json& claims) {
  const auto tenant = claims.find("customer_id");
  if (tenant == claims.end()) return invalid("missing customer_id claim");
  if (!valid_identity(*tenant)) return invalid("invalid customer_id claim");
  auto user = claims.find("sub");
  if (user == claims.end()) user = claims.find("user_id");
  if (user == claims.end()) return invalid("missing sub claim");
  if (!valid_identity(*user)) return invalid("invalid sub claim");
  return principal{tenant->get<std::string>(), user->get<std::string>()};
}

}  // namespace

std::string mint_hs256(const token_claims& claims, std::string_view secret) {
  const json header = {{"alg", "HS256"}, {"typ", "JWT"}};
  const json payload = {{"customer_id", claims.tenant},
                        {"sub", claims.user},
                        {"iat", claims.issued_at},
                        {"exp", claims.expires_at}};
  const std::string signing_input =
      schemas::base64url_encode(header.dump()) + "." + schemas::base64url_encode(payload.dump());
  return signing_input + "." + schemas::base64url_encode(hmac_sha256(secret, signing_input));
}

result<principal> verify_token(std::string_view token, const token_keys& keys,
                               std::int64_t now_seconds) {
  if (token.empty()) return invalid("empty token");
  if (token.size() > max_token_size) return invalid("token too large");
  const auto parts = split(token);
  if (!parts) return invalid("malformed token");
  const auto header = decode_object(parts->header);
  if (!header) return invalid("malformed token header");
  const auto alg = header->find("alg");
  if (alg == header->end() || !alg->is_string()) return invalid("malformed token header");
  if (auto ok = verify_signature(alg->get_ref<const std::string&>(), *parts, keys); !ok) {
    return tl::unexpected(ok.error());
  }
  const auto claims = decode_object(parts->payload);
  if (!claims) return invalid("malformed token payload");
  if (auto ok = check_times(*claims, now_seconds); !ok) return tl::unexpected(ok.error());
  return principal_from(*claims);
}

result<std::shared_ptr<const rsa_public_key>> load_rsa_public_key(std::string_view pem) {
  if (pem.empty() || pem.size() > 64 * 1024) return fail(errc::invalid_key, "empty or oversized PEM");
  EVP_PKEY* key = nullptr;
  OSSL_DECODER_CTX* decoder = OSSL_DECODER_CTX_new_for_pkey(
      &key, "PEM", nullptr, "RSA", OSSL_KEYMGMT_SELECT_PUBLIC_KEY, nullptr, nullptr);
  if (decoder == nullptr) return fail(errc::crypto_failure, "OSSL_DECODER_CTX_new_for_pkey failed");
  auto data = reinterpret_cast<const unsigned char*>(pem.data());
  std::size_t size = pem.size();
  const bool decoded = OSSL_DECODER_from_data(decoder, &data, &size) == 1;
  OSSL_DECODER_CTX_free(decoder);
  if (!decoded || key == nullptr) return fail(errc::invalid_key, "not a PEM RSA public key");
  auto owned = std::make_shared<const rsa_public_key>(key);
  if (EVP_PKEY_is_a(key, "RSA") != 1) return fail(errc::invalid_key, "not an RSA key");
  if (EVP_PKEY_get_bits(key) < 2048) return fail(errc::invalid_key, "RSA key shorter than 2048 bits");
  return owned;
}

result<std::string> generate_secret_hex() {
  std::array<unsigned char, 32> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    return fail(errc::crypto_failure, "RAND_bytes failed");
  }
  static constexpr char digits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (const unsigned char b : bytes) {
    hex += digits[b >> 4];
    hex += digits[b & 0x0F];
  }
  return hex;
}

}  // namespace runlog::api
