#pragma once
/// From a parsed request to its response: routing, authentication, body parsing, the handler,
/// and for mutations the append -> decide -> project round trip. Uses Asio, not Beast.

#include <chrono>
#include <memory>

#include <boost/asio/awaitable.hpp>

#include "handler.hpp"
#include "rate_limit.hpp"
#include "runlog/eventlog/event_log.hpp"
#include "runlog/projections/store.hpp"

namespace runlog::api::detail {

struct dispatch_env {
  eventlog::event_log& log;
  projections::projector& projector;
  handler_env handlers;
  token_keys keys;
  /// Per-user request limit on authenticated routes; null = unlimited.
  std::shared_ptr<rate_limiter> limiter;
  /// Locked for the duration of each log/projector callback, so a completion that arrives
  /// after the server stopped still finds the io_context it is posted to.
  std::weak_ptr<void> owner;
  std::chrono::milliseconds outcome_timeout{10000};
};

/// Answers one request. Runs on the connection's strand; never blocks on the log or the
/// projector (their callbacks are posted back to this coroutine's executor).
boost::asio::awaitable<http_response> dispatch(const dispatch_env& env,
                                               const http_request& request);

}  // namespace runlog::api::detail
