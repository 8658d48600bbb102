#include "dispatch.hpp"

#include <algorithm>
#include <chrono>
#include <string>
#include <exception>
#include <optional>
#include <utility>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "auth.hpp"
#include "body.hpp"
#include "errors.hpp"
#include "routes.hpp"

namespace runlog::api::detail {
namespace {

namespace asio = boost::asio;

/// Everything a handler needs, owned for the duration of the request.
struct prepared_request {
  const route* target = nullptr;
  principal who;
  route_params params;
  query_params query;
  nlohmann::json body = nlohmann::json::object();
};

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

/// The route and, unless it is public, the authenticated caller.
checked<route_match> authorize(const dispatch_env& env, const http_request& request,
                               prepared_request& out) {
  route_match match = match_route(request.method, request.path);
  if (!match.found) {
    if (match.allow.empty()) return tl::unexpected(error_response("NOT_FOUND", "Route not found"));
    http_response refused = error_response("METHOD_NOT_ALLOWED", "Method not allowed");
    refused.headers.emplace_back("Allow", match.allow);
    return tl::unexpected(std::move(refused));
  }
  out.target = match.found;
  if (!match.found->is_public) {
    auto who = authenticate(request, env.keys, now_seconds());
    if (!who) return tl::unexpected(std::move(who.error()));
    out.who = std::move(*who);
  }
  return match;
}

/// Path parameters, query and body of an authorized request.
checked<void> read_inputs(const route_match& match, const http_request& request,
                          prepared_request& out) {
  auto params = check_params(match);
  if (!params) return tl::unexpected(std::move(params.error()));
  out.params = std::move(*params);
  auto query = parse_query(request.query);
  if (!query) return tl::unexpected(std::move(query.error()));
  out.query = std::move(*query);
  if (match.found->takes_body) {
    auto body = parse_body(request);
    if (!body) return tl::unexpected(std::move(body.error()));
    out.body = std::move(*body);
  }
  return {};
}

std::int64_t monotonic_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void add_rate_headers(http_response& out, const rate_decision& d) {
  out.headers.emplace_back("X-RateLimit-Limit", std::to_string(d.limit));
  out.headers.emplace_back("X-RateLimit-Remaining", std::to_string(d.remaining));
  out.headers.emplace_back("X-RateLimit-Reset", std::to_string(d.reset_seconds));
}

http_response rate_limited(const rate_decision& d) {
  http_response out = error_response(
      "RATE_LIMIT_EXCEEDED", "rate limit of " + std::to_string(d.limit) +
                                 " requests per minute exceeded; retry after " +
                                 std::to_string(d.reset_seconds) + " s");
  out.headers.emplace_back("Retry-After", std::to_string(std::max<std::uint32_t>(1, d.reset_seconds)));
  return out;
}

reply invoke(const route& target, const request_context& ctx) {
  try {
    return target.handler(ctx);
  } catch (const std::exception& e) {
    return internal_error("handler", e.what());
  }
}

/// A completion handed to a backend. `keep_alive` is declared first so it is released last:
/// the handler's executor (and the io_context behind it) must outlive the handler.
template <typename Handler>
struct pending_completion {
  std::shared_ptr<void> keep_alive;
  std::optional<Handler> handler;
};

/// Awaits a callback-style operation: `start(done)` hands `done` to a backend, which calls it
/// once on its own thread; the value is posted back to the awaiting coroutine's executor.
template <typename T, typename Start>
asio::awaitable<T> on_backend(std::shared_ptr<void> keep_alive, Start start) {
  return asio::async_initiate<decltype(asio::use_awaitable), void(T)>(
      [keep_alive = std::move(keep_alive), start = std::move(start)](auto handler) mutable {
        using handler_t = decltype(handler);
        auto pending = std::make_shared<pending_completion<handler_t>>(
            pending_completion<handler_t>{std::move(keep_alive), std::move(handler)});
        start([pending](T value) {
          handler_t ready = std::move(*pending->handler);
          pending->handler.reset();
          const auto executor = asio::get_associated_executor(ready);
          asio::post(executor, [ready = std::move(ready), value = std::move(value)]() mutable {
            std::move(ready)(std::move(value));
          });
        });
      },
      asio::use_awaitable);
}

http_response finish(const submit& s, const projections::outcome& accepted) {
  try {
    return s.on_accepted(accepted);
  } catch (const std::exception& e) {
    return internal_error("answer", e.what());
  }
}

using appended_t = result<std::vector<eventlog::position>>;
using decided_t = std::optional<projections::outcome>;

// The next two are plain functions on purpose: GCC 12 mishandles init-captures and braced
// temporaries inside co_await expressions, so coroutines below only await named calls.
asio::awaitable<appended_t> append_command(const dispatch_env& env,
                                           const schemas::envelope& command) {
  std::vector<eventlog::record_to_append> batch(1);
  batch[0].key = command.key;
  batch[0].value = schemas::encode(command);
  return on_backend<appended_t>(env.owner.lock(),
                                [&env, batch = std::move(batch)](auto done) mutable {
                                  env.log.append_async(std::move(batch), std::move(done));
                                });
}

asio::awaitable<decided_t> await_outcome(const dispatch_env& env, std::string id) {
  return on_backend<decided_t>(env.owner.lock(), [&env, id = std::move(id)](auto done) {
    env.projector.on_outcome(id, env.outcome_timeout, std::move(done));
  });
}

asio::awaitable<http_response> run_command(const dispatch_env& env, const submit& s) {
  // The frame itself holds no reference to the server: a frame parked in a stopped
  // io_context must not keep that io_context alive.
  const appended_t appended = co_await append_command(env, s.command);
  if (!appended) co_return internal_error("append command", appended.error());
  const decided_t decided = co_await await_outcome(env, s.command.id);
  if (!decided) {
    co_return error_response("COMMAND_TIMEOUT", "accepted and durable but not yet decided");
  }
  if (!decided->accepted) co_return rejection_response(*decided);
  co_return finish(s, *decided);
}

asio::awaitable<http_response> answer(const dispatch_env& env, const http_request& request,
                                      const route_match& match, prepared_request& prepared) {
  if (auto ok = read_inputs(match, request, prepared); !ok) co_return std::move(ok.error());
  const request_context ctx{request,        prepared.who,  prepared.params,
                            prepared.query, prepared.body, env.handlers};
  reply handled = invoke(*prepared.target, ctx);
  if (auto* response = std::get_if<http_response>(&handled)) co_return std::move(*response);
  const submit& pending = std::get<submit>(handled);
  http_response out = co_await run_command(env, pending);
  co_return out;
}

asio::awaitable<http_response> dispatch_unguarded(const dispatch_env& env,
                                                  const http_request& request) {
  prepared_request prepared;
  auto match = authorize(env, request, prepared);
  if (!match) co_return std::move(match.error());
  if (prepared.target->is_public || !env.limiter) {
    http_response out = co_await answer(env, request, *match, prepared);
    co_return out;
  }
  const rate_decision decision =
      env.limiter->admit(prepared.who.tenant, prepared.who.user, monotonic_seconds());
  http_response out;
  if (decision.allowed) {
    out = co_await answer(env, request, *match, prepared);
  } else {
    out = rate_limited(decision);
  }
  add_rate_headers(out, decision);
  co_return out;
}

}  // namespace

asio::awaitable<http_response> dispatch(const dispatch_env& env, const http_request& request) {
  try {
    http_response out = co_await dispatch_unguarded(env, request);
    co_return out;
  } catch (const std::exception& e) {
    co_return internal_error("dispatch", e.what());
  }
}

}  // namespace runlog::api::detail
