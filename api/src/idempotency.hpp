#pragma once
// Idempotency-Key on create and execute (the comparable products' contract): the same key and
// body within 24 h returns the first answer and creates nothing new; the same key with another
// body is 422 IDEMPOTENCY_KEY_REUSED.
//
// The memory is the log itself: the command carries the key and a hash of the request, the
// projections index the first command per (tenant, scope, key) and its outcome is the answer to
// repeat. Within one API node a gate lets one request per key through at a time, so two
// concurrent retries cannot both append.

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_set>

#include "handler.hpp"

namespace runlog::api::detail {

/// Keys with a request in flight on this node. Thread-safe.
class idempotency_gate {
 public:
  /// A hold on `id`, released when the last copy is destroyed; null when already held.
  [[nodiscard]] std::shared_ptr<void> try_hold(const std::string& id);

 private:
  std::mutex mutex_;
  std::unordered_set<std::string> held_;
};

/// A request that carries a fresh Idempotency-Key: put key and hash into the command and keep
/// `hold` alive (in the submit) until it is answered.
struct idempotent_request {
  std::string key;
  std::string hash;
  std::shared_ptr<void> hold;
};

/// Renders the 2xx of an accepted outcome (the handler's on_accepted).
using accepted_answer = std::function<http_response(const projections::outcome&)>;

/// nullopt when the request has no Idempotency-Key. An error response when the key is invalid
/// (400), in use by a request still in flight (409 IDEMPOTENCY_KEY_IN_USE), was used with
/// another body (422), or when this is a repeat: then the response IS the first answer
/// (marked with `Idempotent-Replayed: true`).
[[nodiscard]] checked<std::optional<idempotent_request>> begin_idempotent(
    const request_context& ctx, const std::string& scope, const accepted_answer& answer);

}  // namespace runlog::api::detail
