// The only TU that includes Beast: connections, HTTP framing, timeouts, graceful stop.
// Everything past framing happens in dispatch.cpp on plain http_request/http_response.
#include "runlog/api/server.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "dispatch.hpp"
#include "errors.hpp"
#include "request_head.hpp"
#include "ws_session.hpp"
#include "runlog/api/errc.hpp"

namespace runlog::api {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using beast_request = http::request<http::string_body>;
using beast_response = http::response<http::string_body>;

constexpr auto io_timeout = std::chrono::seconds(30);  // idle keep-alive, read and write
constexpr auto stop_grace = std::chrono::seconds(10);  // in-flight requests at stop()
constexpr std::uint32_t header_limit = 16 * 1024;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

struct connection {
  explicit connection(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;
  bool busy = false;  ///< a request is being handled; touched on the connection's strand only
  std::function<void()> on_stop;  ///< set while a feed WebSocket runs: closes it (strand only)
};

/// State shared by the server, its coroutines and completions that arrive late: backend
/// callbacks hold it (through dispatch_env::owner) until they have posted their result.
struct core {
  core(server_options opts, dependencies deps)
      : options(std::move(opts)),
        env{deps.log, deps.projector, {deps.views, &now_ms},
            {options.jwt_secret, options.jwt_public_key}, limiter_for(options.rate_limit), {}},
        feed{options.feed_queue, options.feed_ping_interval, options.feed_send_buffer},
        ioc(static_cast<int>(std::max(1u, options.threads))) {}

  static std::shared_ptr<detail::rate_limiter> limiter_for(std::uint32_t per_minute) {
    if (per_minute == 0) return nullptr;
    return std::make_shared<detail::rate_limiter>(per_minute);
  }

  // Connections whose session never started are owned only by the registry: release them
  // while the io_context they belong to still exists.
  ~core() {
    const std::lock_guard lock(mutex);
    connections.clear();
  }

  static std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }

  server_options options;
  detail::dispatch_env env;
  detail::feed_options feed;
  std::atomic<bool> stopping{false};
  std::mutex mutex;
  std::condition_variable drained;
  std::unordered_map<connection*, std::shared_ptr<connection>> connections;
  // Declared after `connections`: destroying the io_context destroys suspended sessions,
  // which unregister themselves.
  asio::io_context ioc;
  tcp::acceptor acceptor{asio::make_strand(ioc)};
};

/// Unregisters a connection when its session ends or its suspended frame is destroyed.
struct registration {
  core& owner;
  connection* conn;
  ~registration() {
    const std::lock_guard lock(owner.mutex);
    owner.connections.erase(conn);
    owner.drained.notify_all();
  }
};

void log_failure(std::exception_ptr failure) {
  if (!failure) return;
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "runlog api: coroutine failed: %s\n", e.what());
  }
}

detail::http_request to_request(beast_request&& in) {
  detail::http_request out = detail::request_head(in);
  out.body = std::move(in.body());
  return out;
}

beast_response to_response(detail::http_response in, unsigned version, bool keep_alive) {
  beast_response out;
  out.version(version);
  out.result(in.status);
  out.set(http::field::content_type, "application/json");
  out.set(http::field::cache_control, "no-store");
  for (const auto& [name, value] : in.headers) out.set(name, value);
  out.keep_alive(keep_alive);
  out.body() = std::move(in.body);
  out.prepare_payload();
  return out;
}

/// The answer to a request that could not be read; nullopt: just close (peer gone, timeout).
std::optional<detail::http_response> reject_for(const beast::error_code& ec, std::size_t limit) {
  if (ec == http::error::body_limit) {
    return detail::error_response("PAYLOAD_TOO_LARGE",
                                  "Request body exceeds " + std::to_string(limit) + " bytes");
  }
  if (ec == http::error::header_limit) {
    return detail::error_response("REQUEST_HEADER_TOO_LARGE", "Request headers are too large");
  }
  if (ec == http::error::end_of_stream || ec == http::error::partial_message) return std::nullopt;
  if (ec.category() == beast::http::make_error_code(http::error::bad_method).category()) {
    return detail::error_response("INVALID_REQUEST", "Malformed HTTP request");
  }
  return std::nullopt;
}

bool expects_continue(const beast_request& request) {
  const auto it = request.find(http::field::expect);
  return it != request.end() && beast::iequals(it->value(), "100-continue");
}

struct read_result {
  std::optional<beast_request> request;
  std::optional<detail::http_response> reject;  ///< when request is empty
};

asio::awaitable<read_result> read_request(core& c, connection& conn, beast::flat_buffer& buffer) {
  http::request_parser<http::string_body> parser;
  parser.body_limit(c.options.body_limit);
  parser.header_limit(header_limit);
  conn.stream.expires_after(io_timeout);
  auto [ec, n] = co_await http::async_read_header(conn.stream, buffer, parser, use_tuple);
  if (!ec && expects_continue(parser.get())) {
    http::response<http::empty_body> proceed{http::status::continue_, parser.get().version()};
    std::tie(ec, n) = co_await http::async_write(conn.stream, proceed, use_tuple);
  }
  if (!ec && !parser.is_done()) {
    std::tie(ec, n) = co_await http::async_read(conn.stream, buffer, parser, use_tuple);
  }
  read_result out;
  if (ec) {
    out.reject = reject_for(ec, c.options.body_limit);
  } else {
    out.request = parser.release();
  }
  co_return out;
}

asio::awaitable<bool> write_response(connection& conn, beast_response& response) {
  conn.stream.expires_after(io_timeout);
  const auto [ec, n] = co_await http::async_write(conn.stream, response, use_tuple);
  co_return !ec;
}

asio::awaitable<void> session(core& c, std::shared_ptr<connection> conn) {
  const registration registered{c, conn.get()};
  beast::flat_buffer buffer;
  for (;;) {
    read_result in = co_await read_request(c, *conn, buffer);
    if (!in.request) {
      if (in.reject) {
        beast_response rejection = to_response(std::move(*in.reject), 11, false);
        co_await write_response(*conn, rejection);
      }
      break;
    }
    conn->busy = true;
    const bool keep_alive = in.request->keep_alive();
    const unsigned version = in.request->version();
    detail::http_response answer;
    const std::string_view target = in.request->target();
    if (detail::is_feed_target(target)) {
      std::optional<detail::http_response> refused =
          co_await detail::serve_feed(c.env, c.feed, conn->stream, *in.request, conn->on_stop);
      if (!refused) break;  // the WebSocket session ran and ended
      answer = std::move(*refused);
    } else {
      const detail::http_request request = to_request(std::move(*in.request));
      answer = co_await detail::dispatch(c.env, request);
    }
    const bool again = keep_alive && !c.stopping.load();
    beast_response response = to_response(std::move(answer), version, again);
    const bool written = co_await write_response(*conn, response);
    if (!written || !again) break;
    conn->busy = false;
  }
  beast::error_code ignored;
  conn->stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  conn->stream.close();
}

/// Registers a new connection unless the server is stopping (checked under the same lock
/// stop() uses, so no connection slips past its sweep).
std::shared_ptr<connection> admit(core& c, tcp::socket socket) {
  auto conn = std::make_shared<connection>(std::move(socket));
  const std::lock_guard lock(c.mutex);
  if (c.stopping.load()) return nullptr;
  c.connections.emplace(conn.get(), conn);
  return conn;
}

asio::awaitable<void> accept_loop(core& c) {
  for (;;) {
    auto [ec, socket] = co_await c.acceptor.async_accept(asio::make_strand(c.ioc), use_tuple);
    if (c.stopping.load() || !c.acceptor.is_open()) co_return;
    if (ec) {
      // E.g. out of file descriptors: back off instead of spinning.
      asio::steady_timer pause(c.acceptor.get_executor(), std::chrono::milliseconds(50));
      co_await pause.async_wait(use_tuple);
      continue;
    }
    if (auto conn = admit(c, std::move(socket))) {
      asio::co_spawn(conn->stream.get_executor(), session(c, conn), log_failure);
    }
  }
}

void run_io(asio::io_context& ioc) {
  for (;;) {
    try {
      ioc.run();
      return;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "runlog api: io thread: %s\n", e.what());
    }
  }
}

}  // namespace

struct server::impl {
  std::shared_ptr<core> state;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::vector<std::thread> threads;
  std::uint16_t port = 0;
  bool started = false;
};

server::server(server_options options, dependencies deps) : impl_(std::make_unique<impl>()) {
  impl_->state = std::make_shared<core>(std::move(options), deps);
  impl_->state->env.owner = impl_->state;
}

server::~server() { stop(); }

result<void> server::start() {
  core& c = *impl_->state;
  if (impl_->started) return fail(errc::bind_failed, "server already started");
  beast::error_code ec;
  const auto address = asio::ip::make_address(c.options.address, ec);
  if (ec) return fail(errc::bind_failed, "invalid address '" + c.options.address + "'");
  const tcp::endpoint endpoint{address, c.options.port};
  c.acceptor.open(endpoint.protocol(), ec);
  if (!ec) c.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) c.acceptor.bind(endpoint, ec);
  if (!ec) c.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return fail(errc::bind_failed, "cannot listen on " + c.options.address + ":" +
                                       std::to_string(c.options.port) + ": " + ec.message());
  }
  impl_->port = c.acceptor.local_endpoint().port();
  impl_->started = true;
  asio::co_spawn(c.acceptor.get_executor(), accept_loop(c), log_failure);
  impl_->work.emplace(c.ioc.get_executor());
  for (unsigned i = 0; i < std::max(1u, c.options.threads); ++i) {
    impl_->threads.emplace_back([&ioc = c.ioc] { run_io(ioc); });
  }
  return {};
}

std::uint16_t server::port() const { return impl_->port; }

void server::stop() {
  if (!impl_ || impl_->threads.empty()) return;
  core& c = *impl_->state;
  std::vector<std::shared_ptr<connection>> open;
  {
    const std::lock_guard lock(c.mutex);
    c.stopping.store(true);
    for (const auto& [key, conn] : c.connections) open.push_back(conn);
  }
  asio::post(c.acceptor.get_executor(), [&c] {
    beast::error_code ignored;
    c.acceptor.close(ignored);
  });
  // Idle keep-alive connections close now; busy ones close after writing their response.
  for (const auto& conn : open) {
    asio::post(conn->stream.get_executor(), [conn] {
      if (conn->on_stop) {
        conn->on_stop();
      } else if (!conn->busy) {
        conn->stream.close();
      }
    });
  }
  open.clear();
  {
    std::unique_lock lock(c.mutex);
    c.drained.wait_for(lock, stop_grace, [&c] { return c.connections.empty(); });
  }
  impl_->work.reset();
  c.ioc.stop();
  for (auto& t : impl_->threads) t.join();
  impl_->threads.clear();
}

}  // namespace runlog::api
