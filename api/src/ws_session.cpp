// One feed connection = two coroutines on the connection's strand (beast chat-multi shape):
// the reader handles client messages; the writer sends replies first, then what the
// subscription has ready, one write in flight. The subscription's bounded inbox is the
// per-connection queue: the projector only appends to it and wakes the writer through a post,
// so a slow client never slows the projector or other clients; when it overflows the writer
// closes with 4008 and the cursor of the last message it wrote. Beast sends a ping after
// `ping_interval` without incoming data and drops a connection silent for another interval.

#include "ws_session.hpp"

#include <chrono>
#include <cstdio>
#include <deque>
#include <exception>
#include <memory>
#include <string>
#include <utility>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>

#include "errors.hpp"
#include "request_head.hpp"

namespace runlog::api::detail {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using beast_request = http::request<http::string_body>;

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t take_max = 64;     // messages per take(): a few writes' worth
constexpr std::size_t max_replies = 64;  // unanswered client messages before 4008
constexpr std::size_t max_client_message = 64 * 1024;
constexpr auto close_timeout = std::chrono::seconds(5);  // handshake and close handshake

struct feed_conn {
  feed_conn(beast::tcp_stream& stream, const dispatch_env& e, const feed_options& o, principal p)
      : ws(stream),
        signal(stream.get_executor()),
        finished(stream.get_executor()),
        env(e),
        options(o),
        who(std::move(p)) {}

  websocket::stream<beast::tcp_stream&> ws;
  asio::steady_timer signal;    ///< cancelled to wake the writer (with `signaled` set)
  asio::steady_timer finished;  ///< cancelled when the writer has ended
  const dispatch_env& env;
  const feed_options& options;
  principal who;
  std::unique_ptr<projections::feed_subscription> subscription;
  std::deque<std::string> replies;                 ///< written before feed messages
  std::optional<websocket::close_reason> closing;  ///< sent once the replies are written
  bool signaled = false;
  bool reader_done = false;
  bool writer_done = false;
  bool stopping = false;
};

void notify(feed_conn& c) {
  c.signaled = true;
  c.signal.cancel();
}

/// The subscription's wake-up: runs on the projector thread, so it only posts to the strand.
std::function<void()> waker(const std::shared_ptr<feed_conn>& c) {
  std::weak_ptr<feed_conn> weak = c;
  auto executor = c->ws.get_executor();
  std::weak_ptr<void> owner = c->env.owner;
  return [weak, executor, owner] {
    const auto alive = owner.lock();  // the io_context exists while we post to it
    if (!alive) return;
    asio::post(executor, [weak] {
      if (const auto conn = weak.lock()) notify(*conn);
    });
  };
}

websocket::close_reason reason_of(std::uint16_t code, std::string_view text) {
  return websocket::close_reason(static_cast<websocket::close_code>(code), text);
}

websocket::close_reason overflow_reason(const std::string& cursor) {
  std::string text = "subscriber too slow; resume with after=" + cursor;
  if (text.size() > 123)
    text = "subscriber too slow; resume with after=<cursor of the last message>";
  return reason_of(close_too_slow, text);
}

websocket::close_reason refusal_reason(const feed_refusal& refusal) {
  if (refusal.internal) return websocket::close_reason(websocket::close_code::internal_error);
  return reason_of(refusal.not_found ? close_not_found : close_invalid, refusal.code);
}

void reply(feed_conn& c, std::string text) {
  if (c.replies.size() >= max_replies) {
    if (!c.closing) c.closing = reason_of(close_too_slow, "client too slow to read replies");
    return;
  }
  c.replies.push_back(std::move(text));
}

void subscribe(const std::shared_ptr<feed_conn>& c, const subscribe_args& args, bool from_query) {
  if (c->subscription) {
    reply(*c, error_message({"ALREADY_SUBSCRIBED", "send unsubscribe before a new subscribe"}));
    return;
  }
  if (!from_query) {
    if (auto refused = admit_message(c->env, c->who)) return reply(*c, error_message(*refused));
  }
  auto opened = open_feed(c->env, c->who, args, c->options, waker(c));
  if (!opened) {
    reply(*c, error_message(opened.error()));
    if (from_query) c->closing = refusal_reason(opened.error());
    return;
  }
  c->subscription = std::move(opened->subscription);
  reply(*c, std::move(opened->reply));
}

void on_message(const std::shared_ptr<feed_conn>& c, std::string_view text) {
  if (c->closing) return;  // the close frame is on its way
  const client_message m = parse_client_message(text);
  switch (m.what) {
    case client_message::kind::ping:
      return reply(*c, simple_message("pong"));
    case client_message::kind::unsubscribe:
      c->subscription.reset();
      return reply(*c, simple_message("unsubscribed"));
    case client_message::kind::subscribe:
      return subscribe(c, m.args, false);
    case client_message::kind::invalid:
      break;
  }
  reply(*c, error_message({"INVALID_MESSAGE", m.problem}));
}

asio::awaitable<bool> write_text(feed_conn& c, const std::string& text) {
  c.ws.text(true);
  const auto [ec, n] = co_await c.ws.async_write(asio::buffer(text), use_tuple);
  co_return !ec;
}

asio::awaitable<void> close_with(feed_conn& c, websocket::close_reason reason) {
  const auto [ec] = co_await c.ws.async_close(reason, use_tuple);
  (void)ec;
}

asio::awaitable<void> yield_strand(feed_conn& c) {
  co_await asio::post(c.ws.get_executor(), asio::use_awaitable);
}

asio::awaitable<void> wait_signal(feed_conn& c) {
  c.signal.expires_at(asio::steady_timer::time_point::max());
  const auto [ec] = co_await c.signal.async_wait(use_tuple);
  (void)ec;  // cancelled = signalled
}

/// Writes what the subscription has ready. Returns false when a write failed; sets
/// `progress` when the caller should come back without waiting.
asio::awaitable<bool> pump(feed_conn& c, bool& progress) {
  progress = false;
  auto ready = c.subscription->take(take_max);
  if (!ready) {
    std::fprintf(stderr, "runlog api: feed: %s\n", ready.error().message.c_str());
    c.closing = websocket::close_reason(websocket::close_code::internal_error);
    progress = true;
    co_return true;
  }
  if (ready->overflowed) {
    c.closing = overflow_reason(c.subscription->cursor());
    c.subscription.reset();
    progress = true;
    co_return true;
  }
  for (const std::string& text : ready->messages) {
    const bool written = co_await write_text(c, text);
    if (!written) co_return false;
  }
  progress = !ready->messages.empty() || ready->more;
  // Catching up without a message to write (a re-armed inbox): let the strand breathe.
  if (ready->messages.empty() && ready->more) co_await yield_strand(c);
  co_return true;
}

asio::awaitable<void> write_loop(std::shared_ptr<feed_conn> c) {
  while (!c->reader_done) {
    if (!c->replies.empty()) {
      const std::string text = std::move(c->replies.front());
      c->replies.pop_front();
      const bool written = co_await write_text(*c, text);
      if (!written) co_return;
      continue;
    }
    if (c->stopping && !c->closing) {
      c->closing = websocket::close_reason(websocket::close_code::going_away, "server stopping");
    }
    if (c->closing) {
      const websocket::close_reason reason = *c->closing;
      co_await close_with(*c, reason);
      co_return;
    }
    bool progress = false;
    if (c->subscription) {
      const bool alive = co_await pump(*c, progress);
      if (!alive) co_return;
    }
    if (progress) continue;
    if (!c->signaled) co_await wait_signal(*c);
    c->signaled = false;
  }
}

asio::awaitable<void> read_loop(std::shared_ptr<feed_conn> c) {
  beast::flat_buffer buffer;
  for (;;) {
    const auto [ec, n] = co_await c->ws.async_read(buffer, use_tuple);
    if (ec) co_return;
    const std::string text = beast::buffers_to_string(buffer.data());
    buffer.consume(buffer.size());
    on_message(c, text);
    notify(*c);
  }
}

asio::awaitable<void> wait_writer(feed_conn& c) {
  while (!c.writer_done) {
    c.finished.expires_at(asio::steady_timer::time_point::max());
    const auto [ec] = co_await c.finished.async_wait(use_tuple);
    (void)ec;
  }
}

void configure(feed_conn& c, const std::vector<std::pair<std::string, std::string>>& headers) {
  beast::tcp_stream& stream = c.ws.next_layer();
  stream.expires_never();  // the WebSocket timeouts below take over
  if (c.options.send_buffer > 0) {
    beast::error_code ignored;
    stream.socket().set_option(asio::socket_base::send_buffer_size(c.options.send_buffer), ignored);
  }
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = close_timeout;
  timeouts.idle_timeout = 2 * c.options.ping_interval;
  timeouts.keep_alive_pings = true;
  c.ws.set_option(timeouts);
  c.ws.set_option(websocket::stream_base::decorator([headers](websocket::response_type& res) {
    res.set(http::field::server, "runlog");
    for (const auto& [name, value] : headers) res.set(name, value);
  }));
  c.ws.read_message_max(max_client_message);
}

std::function<void()> stop_hook(const std::shared_ptr<feed_conn>& c) {
  std::weak_ptr<feed_conn> weak = c;
  return [weak] {
    if (const auto conn = weak.lock()) {
      conn->stopping = true;
      notify(*conn);
    }
  };
}

std::function<void(std::exception_ptr)> writer_finished(const std::shared_ptr<feed_conn>& c) {
  return [c](std::exception_ptr failure) {
    if (failure) {
      try {
        std::rethrow_exception(failure);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "runlog api: feed writer failed: %s\n", e.what());
      }
    }
    c->writer_done = true;
    c->finished.cancel();
  };
}

asio::awaitable<void> run_session(const dispatch_env& env, const feed_options& options,
                                  beast::tcp_stream& stream, beast_request& request,
                                  const feed_admission& admitted, std::function<void()>& on_stop) {
  const auto c = std::make_shared<feed_conn>(stream, env, options, admitted.who);
  configure(*c, admitted.headers);
  const auto [ec] = co_await c->ws.async_accept(request, use_tuple);
  if (ec) co_return;
  on_stop = stop_hook(c);
  if (const auto args = query_subscription(admitted.query)) subscribe(c, *args, true);
  asio::co_spawn(stream.get_executor(), write_loop(c), writer_finished(c));
  co_await read_loop(c);
  c->reader_done = true;
  notify(*c);
  on_stop = nullptr;
  co_await wait_writer(*c);
  c->subscription.reset();
}


}  // namespace

bool is_feed_target(std::string_view target) {
  std::string_view path = target.substr(0, target.find('?'));
  if (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  return path == feed_path;
}

asio::awaitable<std::optional<http_response>> serve_feed(const dispatch_env& env,
                                                         const feed_options& options,
                                                         beast::tcp_stream& stream,
                                                         beast_request& request,
                                                         std::function<void()>& on_stop) {
  if (request.method() != http::verb::get) {
    http_response refused = error_response("METHOD_NOT_ALLOWED", "Method not allowed");
    refused.headers.emplace_back("Allow", "GET");
    co_return refused;
  }
  auto admitted = admit_feed(env, request_head(request));
  if (!admitted) co_return std::move(admitted.error());
  if (!websocket::is_upgrade(request)) {
    http_response refused =
        error_response("UPGRADE_REQUIRED", "this endpoint speaks WebSocket only: send an upgrade");
    refused.headers = admitted->headers;
    refused.headers.emplace_back("Upgrade", "websocket");
    co_return refused;
  }
  co_await run_session(env, options, stream, request, *admitted, on_stop);
  co_return std::nullopt;
}

}  // namespace runlog::api::detail
