#pragma once
/// The WebSocket side of the progress feed (Beast): the upgrade of a `feed_path` request and
/// one session per connection. Included by server.cpp only.

#include <functional>
#include <optional>
#include <string_view>

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "dispatch.hpp"
#include "feed_protocol.hpp"

namespace runlog::api::detail {

/// True when the request target's path is the feed endpoint.
bool is_feed_target(std::string_view target);

/// Serves a request for the feed endpoint on the connection's strand. Returns the HTTP answer
/// to write when the request is refused (401/429 as on every route, 426 without a WebSocket
/// upgrade, 405 for other methods); otherwise upgrades, runs the session until the socket
/// closes, and returns nullopt (the connection is done). While the session runs, `on_stop`
/// holds the function the server calls (on the strand) to close it with 1001 at shutdown.
boost::asio::awaitable<std::optional<http_response>> serve_feed(
    const dispatch_env& env, const feed_options& options, boost::beast::tcp_stream& stream,
    boost::beast::http::request<boost::beast::http::string_body>& request,
    std::function<void()>& on_stop);

}  // namespace runlog::api::detail
