#include "idempotency.hpp"

#include <array>
#include <cstdio>

#include <openssl/sha.h>

#include "errors.hpp"

namespace runlog::api::detail {
namespace {

constexpr std::size_t max_key_length = 255;

bool valid_key(const std::string& key) {
  if (key.empty() || key.size() > max_key_length) return false;
  for (const char c : key) {
    if (c < 0x21 || c > 0x7e) return false;  // visible ASCII only
  }
  return true;
}

// SHA-256 hex of what makes two requests "the same": method, path and the parsed body
// (nlohmann dumps object keys sorted, so whitespace and key order do not matter).
std::string request_hash(const request_context& ctx) {
  const std::string canonical = std::to_string(static_cast<int>(ctx.request.method)) + ' ' +
                                ctx.request.path + '\n' + ctx.body.dump();
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(canonical.data()), canonical.size(), digest.data());
  std::string hex;
  hex.reserve(2 * digest.size());
  for (const unsigned char b : digest) {
    std::array<char, 3> two{};
    std::snprintf(two.data(), two.size(), "%02x", b);
    hex.append(two.data(), 2);
  }
  return hex;
}

http_response in_use() {
  auto r = error_response("IDEMPOTENCY_KEY_IN_USE",
                          "A request with this Idempotency-Key is still being processed; retry");
  r.headers.emplace_back("Retry-After", "1");
  return r;
}

// The answer to a repeat of a remembered request.
http_response replay(const request_context& ctx, const projections::idempotency_record& first,
                     const std::string& hash, const accepted_answer& answer) {
  if (first.request_hash != hash) {
    return error_response("IDEMPOTENCY_KEY_REUSED",
                          "This Idempotency-Key was already used with a different request");
  }
  const auto outcome = ctx.env.views.get_outcome(first.command_id);
  if (!outcome) return internal_error("idempotent replay", outcome.error());
  if (!*outcome) return in_use();  // appended (by another node, or before a crash), undecided
  http_response r = (*outcome)->accepted ? answer(**outcome) : rejection_response(**outcome);
  r.headers.emplace_back("Idempotent-Replayed", "true");
  return r;
}

}  // namespace

std::shared_ptr<idempotency_gate> make_idempotency_gate() {
  return std::make_shared<idempotency_gate>();
}

std::shared_ptr<void> idempotency_gate::try_hold(const std::string& id) {
  const std::lock_guard lock(mutex_);
  if (!held_.insert(id).second) return nullptr;
  // Any non-null pointer: only the deleter matters.
  return std::shared_ptr<void>(static_cast<void*>(this), [this, id](void*) {
    const std::lock_guard release(mutex_);
    held_.erase(id);
  });
}

checked<std::optional<idempotent_request>> begin_idempotent(const request_context& ctx,
                                                            const std::string& scope,
                                                            const accepted_answer& answer) {
  if (!ctx.request.idempotency_key) return std::nullopt;
  const std::string& key = *ctx.request.idempotency_key;
  if (!valid_key(key)) {
    return tl::unexpected(error_response(
        "VALIDATION_ERROR", "Idempotency-Key must be 1 to 255 visible ASCII characters"));
  }
  auto hold = ctx.env.idempotency->try_hold(ctx.who.tenant + '\n' + scope + '\n' + key);
  if (!hold) return tl::unexpected(in_use());
  const std::string hash = request_hash(ctx);
  const auto first = ctx.env.views.get_idempotency(ctx.who.tenant, scope, key);
  if (!first) return tl::unexpected(internal_error("idempotency lookup", first.error()));
  if (*first && ctx.env.now_ms() - (*first)->ts < projections::kIdempotencyWindowMs) {
    return tl::unexpected(replay(ctx, **first, hash, answer));
  }
  return idempotent_request{key, hash, std::move(hold)};
}

}  // namespace runlog::api::detail
