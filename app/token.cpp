// `runlog token`: mint a bearer token for a tenant and user.
#include <chrono>
#include <cstdio>

#include "config.hpp"
#include "runlog/api/jwt.hpp"

namespace runlog::app {

int run_token(const token_config& config) {
  const auto secret = read_secret(config.data);
  if (!secret) {
    std::fprintf(stderr, "runlog token: %s\n", secret.error().message.c_str());
    return 1;
  }
  const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  const api::token_claims claims{config.tenant, config.user, now, now + config.ttl_seconds};
  std::printf("%s\n", api::mint_hs256(claims, *secret).c_str());
  return 0;
}

}  // namespace runlog::app
