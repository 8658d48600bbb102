// Security over a real `runlog serve`: RS256 next to HS256 (no algorithm confusion, alg none,
// time claims) and the per-user rate limit at its default of 100 requests per minute.
#include <chrono>
#include <cstdlib>
#include <fstream>

#include "api/e2e_fixture.hpp"

namespace runlog::e2e {
namespace {

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

const json rs256_header = {{"alg", "RS256"}, {"typ", "JWT"}};

/// The server runs with an RS256 public key and the HS256 secret, and the default rate limit.
class security_test : public e2e_test {
 protected:
  void SetUp() override {
    keys_ = testing::generate_rsa_key();
    ASSERT_FALSE(keys_.public_pem.empty()) << "RSA key generation failed";
    ASSERT_FALSE(keys_.private_pem.empty());
    key_file_ = data_dir() / "jwt-public.pem";
    std::ofstream(key_file_) << keys_.public_pem;
    server_args_ = {"--jwt-public-key", key_file_.string()};
    e2e_test::SetUp();
  }

  std::string rs256(std::string_view tenant, std::string_view user) const {
    return testing::mint_rs256_token(keys_.private_pem, tenant, user);
  }

  /// GET the workflow list with `bearer`.
  http_response list(std::string_view bearer) { return get(path(), bearer); }

  testing::rsa_key_pair keys_;
  std::filesystem::path key_file_;
};

TEST_F(security_test, rs256_token_with_the_configured_key_is_accepted) {
  const std::string bearer = rs256(tenant_a, "alice");
  ASSERT_FALSE(bearer.empty());
  EXPECT_EQ(list(bearer).status, 200) << list(bearer).describe();
  // HS256 keeps working next to RS256 when a secret is configured.
  EXPECT_EQ(list(token(tenant_a)).status, 200);
}

TEST_F(security_test, rs256_token_signed_with_another_key_is_rejected) {
  const auto other = testing::generate_rsa_key();
  ASSERT_FALSE(other.private_pem.empty());
  const std::string forged = testing::mint_rs256_token(other.private_pem, tenant_a, "alice");
  ASSERT_FALSE(forged.empty());
  EXPECT_TRUE(is_error(list(forged), 401, "INVALID_TOKEN"));
}

TEST_F(security_test, hmac_keyed_with_the_public_key_is_rejected) {
  const json claims = testing::claims(tenant_a, "mallory");
  const std::string as_hs256 =
      testing::sign_hs256({{"alg", "HS256"}, {"typ", "JWT"}}, claims, keys_.public_pem);
  EXPECT_TRUE(is_error(list(as_hs256), 401, "INVALID_TOKEN"));
  const std::string as_rs256 = testing::sign_hs256(rs256_header, claims, keys_.public_pem);
  EXPECT_TRUE(is_error(list(as_rs256), 401, "INVALID_TOKEN"));
  // A real HS256 signature under the real secret but labelled RS256 is no RS256 token either.
  const std::string relabelled = testing::sign_hs256(rs256_header, claims, secret);
  EXPECT_TRUE(is_error(list(relabelled), 401, "INVALID_TOKEN"));
}

TEST_F(security_test, alg_none_and_unknown_algorithms_are_rejected) {
  const json claims = testing::claims(tenant_a, "mallory");
  EXPECT_TRUE(is_error(list(testing::unsigned_token(claims)), 401, "INVALID_TOKEN"));
  // A valid RS256 signature does not help a header that names another algorithm.
  for (const char* alg : {"none", "None", "RS512", "PS256", "ES256", "HS512", "rs256"}) {
    const std::string signed_token = testing::sign_rs256({{"alg", alg}}, claims, keys_.private_pem);
    ASSERT_FALSE(signed_token.empty());
    EXPECT_TRUE(is_error(list(signed_token), 401, "INVALID_TOKEN")) << "alg " << alg;
  }
  const std::string no_alg = testing::sign_rs256({{"typ", "JWT"}}, claims, keys_.private_pem);
  EXPECT_TRUE(is_error(list(no_alg), 401, "INVALID_TOKEN"));
}

TEST_F(security_test, nbf_and_exp_are_checked_with_30_seconds_leeway) {
  const std::int64_t now = unix_now();
  const auto with_times = [&](std::int64_t nbf, std::int64_t exp) {
    json claims = testing::claims(tenant_a, "alice");
    claims["nbf"] = nbf;
    claims["exp"] = exp;
    return testing::sign_rs256(rs256_header, claims, keys_.private_pem);
  };
  EXPECT_TRUE(is_error(list(with_times(now + 600, now + 3600)), 401, "INVALID_TOKEN"));
  EXPECT_EQ(list(with_times(now + 5, now + 3600)).status, 200);   // within the leeway
  EXPECT_EQ(list(with_times(now - 60, now - 5)).status, 200);     // expired, within the leeway
  EXPECT_TRUE(is_error(list(with_times(now - 600, now - 300)), 401, "INVALID_TOKEN"));
  const auto expired = list(with_times(now - 600, now - 300));
  EXPECT_NE(expired.json["error"].value("message", "").find("expired"), std::string::npos)
      << expired.describe();
}

TEST_F(security_test, with_only_the_rsa_key_hs256_is_rejected) {
  ASSERT_NO_FATAL_FAILURE(stop_server());
  ASSERT_NO_FATAL_FAILURE(start_server(std::nullopt));
  EXPECT_FALSE(std::filesystem::exists(data_dir() / "jwt-secret"))
      << "no HS256 secret may be generated when an RS256 key is configured";
  EXPECT_TRUE(is_error(list(token(tenant_a)), 401, "INVALID_TOKEN"));
  const std::string confused = testing::sign_hs256(
      {{"alg", "HS256"}, {"typ", "JWT"}}, testing::claims(tenant_a, "mallory"), keys_.public_pem);
  EXPECT_TRUE(is_error(list(confused), 401, "INVALID_TOKEN"));
  EXPECT_EQ(list(rs256(tenant_a, "alice")).status, 200);
}

TEST_F(security_test, an_unusable_public_key_stops_startup) {
  ASSERT_NO_FATAL_FAILURE(stop_server());
  const auto bad = data_dir() / "not-a-key.pem";
  std::ofstream(bad) << "-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----\n";
  testing::server_options options;
  options.binary = *testing::find_runlog_binary();
  options.data_dir = data_dir();
  options.jwt_secret = std::string(secret);
  options.extra_args = {"--jwt-public-key", bad.string()};
  auto started = testing::server_process::start(options);
  EXPECT_FALSE(started.has_value()) << "runlog serve started with an invalid RS256 key";
  ASSERT_NO_FATAL_FAILURE(start_server());
}

/// The rate-limit headers of `res` as numbers (-1 when absent or not a number).
struct rate_headers {
  long limit = -1;
  long remaining = -1;
  long reset = -1;
};

long header_number(const http_response& res, const std::string& name) {
  const auto it = res.headers.find(name);
  if (it == res.headers.end() || it->second.empty()) return -1;
  char* end = nullptr;
  const long value = std::strtol(it->second.c_str(), &end, 10);
  return *end == '\0' ? value : -1;
}

rate_headers rate_of(const http_response& res) {
  return {header_number(res, "x-ratelimit-limit"), header_number(res, "x-ratelimit-remaining"),
          header_number(res, "x-ratelimit-reset")};
}

TEST_F(security_test, the_101st_request_in_a_minute_gets_429) {
  const std::string bearer = token(tenant_a, "busy");
  for (long i = 0; i < 100; ++i) {
    const auto res = list(bearer);
    ASSERT_EQ(res.status, 200) << "request " << i + 1 << ": " << res.describe();
    const auto rate = rate_of(res);
    ASSERT_EQ(rate.limit, 100) << res.describe();
    ASSERT_EQ(rate.remaining, 99 - i) << res.describe();
    ASSERT_GE(rate.reset, 1) << res.describe();
    ASSERT_LE(rate.reset, 60) << res.describe();
  }
  const auto over = list(bearer);
  EXPECT_TRUE(is_error(over, 429, "RATE_LIMIT_EXCEEDED"));
  const long retry_after = header_number(over, "retry-after");
  EXPECT_GE(retry_after, 1) << over.describe();
  EXPECT_LE(retry_after, 60) << over.describe();
  EXPECT_EQ(rate_of(over).remaining, 0);
  EXPECT_EQ(rate_of(over).limit, 100);
  // Refused requests do not count, but do not help either.
  EXPECT_TRUE(is_error(list(bearer), 429, "RATE_LIMIT_EXCEEDED"));

  // Other users, in the same tenant or with the same name in another tenant, are unaffected.
  const auto neighbour = list(token(tenant_a, "quiet"));
  EXPECT_EQ(neighbour.status, 200);
  EXPECT_EQ(rate_of(neighbour).remaining, 99);
  const auto namesake = list(token(tenant_b, "busy"));
  EXPECT_EQ(namesake.status, 200);
  EXPECT_EQ(rate_of(namesake).remaining, 99);
  // Also with an RS256 token: the budget belongs to the user, not to the token.
  EXPECT_TRUE(is_error(list(rs256(tenant_a, "busy")), 429, "RATE_LIMIT_EXCEEDED"));

  // Health is never limited and carries no rate-limit headers.
  for (int i = 0; i < 120; ++i) {
    const auto health = get(path("/health"), bearer);
    ASSERT_EQ(health.status, 200) << health.describe();
    ASSERT_FALSE(health.headers.contains("x-ratelimit-limit")) << health.describe();
  }
}

TEST_F(security_test, headers_on_authenticated_4xx_and_none_on_401) {
  const std::string bearer = token(tenant_a, "careful");
  for (int i = 0; i < 5; ++i) {
    const auto refused = list("not-a-token");
    EXPECT_TRUE(is_error(refused, 401, "INVALID_TOKEN"));
    EXPECT_FALSE(refused.headers.contains("x-ratelimit-remaining")) << refused.describe();
  }
  const auto missing = get(path("/00000000-0000-4000-8000-000000000000"), bearer);
  EXPECT_EQ(missing.status, 404) << missing.describe();
  EXPECT_EQ(rate_of(missing).limit, 100) << missing.describe();
  EXPECT_EQ(rate_of(missing).remaining, 99) << "401s must not consume the budget";
  const auto broken = send("POST", path(), bearer, std::string("{not json"));
  EXPECT_EQ(broken.status, 400) << broken.describe();
  EXPECT_EQ(rate_of(broken).remaining, 98) << broken.describe();
  const auto created =
      post(path(), {{"name", "rl-flow"}, {"description", "rate"}, {"definition", chain_definition()}},
           bearer);
  EXPECT_EQ(created.status, 201) << created.describe();
  EXPECT_EQ(rate_of(created).remaining, 97) << created.describe();
  EXPECT_GE(rate_of(created).reset, 1);
}

}  // namespace
}  // namespace runlog::e2e
