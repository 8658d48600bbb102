#pragma once
/// The WebSocket progress feed without the WebSocket: admission of the upgrade request
/// (authentication by header or `?token=`, rate limit), client messages, and opening
/// subscriptions on the projections. ws_session.cpp does the framing. No Asio, no Beast.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dispatch.hpp"
#include "runlog/projections/feed.hpp"

namespace runlog::api::detail {

/// The feed endpoint.
inline constexpr std::string_view feed_path = "/api/v2/workflows/events";

/// Settings of feed connections (server_options::feed_*).
struct feed_options {
  std::size_t queue = 1024;                        ///< undelivered messages before 4008
  std::chrono::milliseconds ping_interval{20000};  ///< idle time before a ping
  int send_buffer = 0;                             ///< SO_SNDBUF; 0 = the OS default
};

/// WebSocket close codes of the feed.
inline constexpr std::uint16_t close_too_slow = 4008;   ///< overflow: resume with `after`
inline constexpr std::uint16_t close_not_found = 4404;  ///< query subscription: unknown id
inline constexpr std::uint16_t close_invalid = 4400;    ///< query subscription: bad arguments

/// Who may upgrade, and the rate-limit headers of the 101 response.
struct feed_admission {
  principal who;
  std::vector<std::pair<std::string, std::string>> headers;
  query_params query;
};

/// Checks an upgrade request of `feed_path`: the token from `Authorization: Bearer` (else
/// `?token=`), then the per-user rate limit. Errors: the HTTP answer (401, 429, 400).
checked<feed_admission> admit_feed(const dispatch_env& env, const http_request& request);

/// What a client asks for: `workflow_id` and/or `run_id`, optionally `after` (a cursor).
struct subscribe_args {
  std::optional<std::string> workflow_id;
  std::optional<std::string> run_id;
  std::optional<std::string> after;
};

/// A subscription given by the query string (`workflow_id` / `run_id` / `after`); nullopt
/// when the query names none.
std::optional<subscribe_args> query_subscription(const query_params& query);

/// A client message: {"type":"subscribe", ...}, {"type":"unsubscribe"} or {"type":"ping"}.
struct client_message {
  enum class kind { subscribe, unsubscribe, ping, invalid } what = kind::invalid;
  subscribe_args args;
  std::string problem;  ///< why it is invalid
};
client_message parse_client_message(std::string_view text);

/// A refused subscription: the error message to send, and whether the id was not found.
struct feed_refusal {
  std::string code;
  std::string message;
  bool not_found = false;
  bool internal = false;
};

/// An open subscription and its {"type":"subscribed"} message.
struct feed_opened {
  std::unique_ptr<projections::feed_subscription> subscription;
  std::string reply;
};

/// Opens a subscription of `who` after checking that the workflow or run exists in its tenant
/// (a foreign id is refused exactly like a missing one). `wake` as in feed_request.
tl::expected<feed_opened, feed_refusal> open_feed(const dispatch_env& env, const principal& who,
                                                  const subscribe_args& args,
                                                  const feed_options& options,
                                                  std::function<void()> wake);

/// Counts a client's subscribe message against its rate limit; the refusal when over it.
std::optional<feed_refusal> admit_message(const dispatch_env& env, const principal& who);

/// Server messages that are not feed messages.
std::string error_message(const feed_refusal& refusal);
std::string simple_message(std::string_view type);

}  // namespace runlog::api::detail
