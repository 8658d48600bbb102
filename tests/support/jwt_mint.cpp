#include "support/jwt_mint.hpp"

#include <chrono>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <vector>

namespace runlog::testing {

namespace {

std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &mac_len);
  return std::string(reinterpret_cast<const char*>(mac), mac_len);
}

std::string base64url_decode(std::string_view text) {
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (const char c : text) {
    int v = -1;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    else if (c >= '0' && c <= '9') v = c - '0' + 52;
    else if (c == '-') v = 62;
    else if (c == '_') v = 63;
    if (v < 0) return {};
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

EVP_PKEY* read_private_key(std::string_view pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  if (bio == nullptr) return nullptr;
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  return key;
}

std::string rs256_signature(std::string_view data, std::string_view private_pem) {
  EVP_PKEY* key = read_private_key(private_pem);
  if (key == nullptr) return {};
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  std::vector<unsigned char> sig(static_cast<std::size_t>(EVP_PKEY_get_size(key)));
  std::size_t sig_len = sig.size();
  const bool ok = ctx != nullptr &&
                  EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1 &&
                  EVP_DigestSign(ctx, sig.data(), &sig_len,
                                 reinterpret_cast<const unsigned char*>(data.data()),
                                 data.size()) == 1;
  EVP_MD_CTX_free(ctx);
  EVP_PKEY_free(key);
  if (!ok) return {};
  return std::string(reinterpret_cast<const char*>(sig.data()), sig_len);
}

}  // namespace

rsa_key_pair generate_rsa_key(unsigned bits) {
  EVP_PKEY* key = EVP_RSA_gen(bits);
  if (key == nullptr) return {};
  rsa_key_pair out;
  BIO* priv = BIO_new(BIO_s_mem());
  BIO* pub = BIO_new(BIO_s_mem());
  if (priv != nullptr && pub != nullptr &&
      PEM_write_bio_PrivateKey(priv, key, nullptr, nullptr, 0, nullptr, nullptr) == 1 &&
      PEM_write_bio_PUBKEY(pub, key) == 1) {
    out.private_pem = bio_text(priv);
    out.public_pem = bio_text(pub);
  }
  BIO_free(priv);
  BIO_free(pub);
  EVP_PKEY_free(key);
  return out;
}

std::string sign_rs256(const nlohmann::json& header, const nlohmann::json& payload,
                       std::string_view private_pem) {
  const std::string signing_input = base64url(header.dump()) + "." + base64url(payload.dump());
  const std::string signature = rs256_signature(signing_input, private_pem);
  if (signature.empty()) return {};
  return signing_input + "." + base64url(signature);
}

std::string mint_rs256_token(std::string_view private_pem, std::string_view tenant,
                             std::string_view user, std::int64_t ttl_seconds) {
  const nlohmann::json header = {{"alg", "RS256"}, {"typ", "JWT"}};
  return sign_rs256(header, claims(tenant, user, ttl_seconds), private_pem);
}

std::string base64url(std::string_view bytes) {
  static constexpr char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const auto n = (std::uint32_t(std::uint8_t(bytes[i])) << 16) |
                   (std::uint32_t(std::uint8_t(bytes[i + 1])) << 8) | std::uint8_t(bytes[i + 2]);
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += alphabet[(n >> 6) & 63];
    out += alphabet[n & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest == 1) {
    const auto n = std::uint32_t(std::uint8_t(bytes[i])) << 16;
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
  } else if (rest == 2) {
    const auto n = (std::uint32_t(std::uint8_t(bytes[i])) << 16) |
                   (std::uint32_t(std::uint8_t(bytes[i + 1])) << 8);
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += alphabet[(n >> 6) & 63];
  }
  return out;
}

std::string sign_hs256(const nlohmann::json& header, const nlohmann::json& payload,
                       std::string_view secret) {
  const std::string signing_input = base64url(header.dump()) + "." + base64url(payload.dump());
  return signing_input + "." + base64url(hmac_sha256(secret, signing_input));
}


bool verify_hs256(std::string_view token, std::string_view secret) {
  const auto last = token.rfind('.');
  if (last == std::string_view::npos || token.find('.') == last) return false;
  return base64url(hmac_sha256(secret, token.substr(0, last))) == token.substr(last + 1);
}

nlohmann::json decode_part(std::string_view token, int index) {
  std::size_t begin = 0;
  for (int i = 0; i < index; ++i) {
    begin = token.find('.', begin);
    if (begin == std::string_view::npos) return nullptr;
    ++begin;
  }
  const auto end = token.find('.', begin);
  if (end == std::string_view::npos) return nullptr;
  auto json = nlohmann::json::parse(base64url_decode(token.substr(begin, end - begin)), nullptr, false);
  return json.is_discarded() ? nlohmann::json(nullptr) : json;
}

std::string unsigned_token(const nlohmann::json& payload) {
  const nlohmann::json header = {{"alg", "none"}, {"typ", "JWT"}};
  return base64url(header.dump()) + "." + base64url(payload.dump()) + ".";
}

nlohmann::json claims(std::string_view tenant, std::string_view user, std::int64_t ttl_seconds) {
  const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  return {{"customer_id", tenant}, {"sub", user}, {"iat", now}, {"exp", now + ttl_seconds}};
}

std::string mint_token(std::string_view secret, std::string_view tenant, std::string_view user,
                       std::int64_t ttl_seconds) {
  const nlohmann::json header = {{"alg", "HS256"}, {"typ", "JWT"}};
  return sign_hs256(header, claims(tenant, user, ttl_seconds), secret);
}

}  // namespace runlog::testing
