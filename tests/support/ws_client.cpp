#include "support/ws_client.hpp"

#include <cctype>
#include <map>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket.hpp>

#include "support/traffic_log.hpp"

namespace runlog::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

tl::unexpected<error> failure(const std::string& what, const beast::error_code& ec) {
  return tl::unexpected<error>(
      error{std::error_code(ec.value(), std::generic_category()), what + ": " + ec.message()});
}

ws_close close_of(const websocket::close_reason& r) {
  return {r.code, std::string(r.reason.data(), r.reason.size())};
}

}  // namespace

struct ws_client::impl {
  asio::io_context ioc;
  websocket::stream<beast::tcp_stream> ws{ioc};
  beast::flat_buffer buffer;
  std::chrono::milliseconds timeout{10000};

  void run() {
    ioc.restart();
    ioc.run();
  }

  /// Reads one message (the pending deadline applies); fills `text` on success.
  beast::error_code read(std::string& text) {
    beast::error_code ec;
    ws.async_read(buffer, [&](beast::error_code e, std::size_t) { ec = e; });
    run();
    if (!ec) {
      text = beast::buffers_to_string(buffer.data());
      buffer.consume(buffer.size());
    }
    return ec;
  }
};

ws_client::ws_client(std::unique_ptr<impl> i) : impl_(std::move(i)) {
  impl_->ws.control_callback([pings = pings_](websocket::frame_type kind, beast::string_view) {
    if (kind == websocket::frame_type::ping) ++*pings;
  });
}

ws_client::~ws_client() {
  beast::error_code ignored;
  impl_->ws.next_layer().socket().shutdown(tcp::socket::shutdown_both, ignored);
  impl_->ws.next_layer().close();
}

ws_connection ws_client::connect(const std::string& host, std::uint16_t port,
                                 const std::string& target, const ws_options& options) {
  ws_connection out;
  auto i = std::make_unique<impl>();
  i->timeout = options.timeout;
  beast::error_code ec;
  const auto address = asio::ip::make_address(host, ec);
  if (ec) {
    out.error = "bad address: " + ec.message();
    return out;
  }
  beast::tcp_stream& stream = i->ws.next_layer();
  stream.socket().open(tcp::v4(), ec);
  if (!ec && options.receive_buffer > 0) {
    stream.socket().set_option(asio::socket_base::receive_buffer_size(options.receive_buffer), ec);
  }
  if (ec) {
    out.error = "socket: " + ec.message();
    return out;
  }
  stream.expires_after(options.timeout);
  stream.async_connect(tcp::endpoint(address, port), [&](beast::error_code e) { ec = e; });
  i->run();
  if (ec) {
    out.error = "connect: " + ec.message();
    return out;
  }
  if (!options.bearer.empty()) {
    i->ws.set_option(
        websocket::stream_base::decorator([bearer = options.bearer](websocket::request_type& req) {
          req.set(http::field::authorization, "Bearer " + bearer);
        }));
  }
  websocket::response_type response;
  stream.expires_after(options.timeout);
  i->ws.async_handshake(response, host + ":" + std::to_string(port), target,
                        [&](beast::error_code e) { ec = e; });
  i->run();
  out.status = static_cast<int>(response.result_int());
  out.body = response.body();
  if (out.status != 0) {
    std::map<std::string, std::string> headers;
    for (const auto& field : response) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      headers[name] = field.value();
    }
    record_exchange({"GET", target, out.status, &headers, out.body});
  }
  if (ec) {
    out.error = "handshake: " + ec.message();
    return out;
  }
  out.client.reset(new ws_client(std::move(i)));
  return out;
}

result<nlohmann::json> ws_client::read() { return read_for(impl_->timeout); }

result<nlohmann::json> ws_client::read_for(std::chrono::milliseconds timeout) {
  impl_->ws.next_layer().expires_after(timeout);
  std::string text;
  const beast::error_code ec = impl_->read(text);
  if (ec == websocket::error::closed) {
    closed_ = close_of(impl_->ws.reason());
  }
  if (ec) return failure("read", ec);
  auto parsed = nlohmann::json::parse(text, nullptr, false);
  return parsed.is_discarded() ? nlohmann::json(nullptr) : parsed;
}

result<nlohmann::json> ws_client::read_after_idle(std::chrono::milliseconds idle) {
  impl_->ws.next_layer().expires_after(idle + impl_->timeout);
  beast::error_code read_ec;
  bool read_done = false;
  std::string text;
  asio::steady_timer kick(impl_->ioc, idle);
  const std::string ping = R"({"type":"ping"})";
  impl_->ws.async_read(impl_->buffer, [&](beast::error_code e, std::size_t) {
    read_ec = e;
    read_done = true;
    kick.cancel();
  });
  kick.async_wait([&](beast::error_code e) {
    if (e || read_done) return;
    impl_->ws.text(true);
    impl_->ws.async_write(asio::buffer(ping), [](beast::error_code, std::size_t) {});
  });
  impl_->run();
  if (read_ec == websocket::error::closed) {
    closed_ = close_of(impl_->ws.reason());
  }
  if (read_ec) return failure("read", read_ec);
  text = beast::buffers_to_string(impl_->buffer.data());
  impl_->buffer.consume(impl_->buffer.size());
  auto parsed = nlohmann::json::parse(text, nullptr, false);
  return parsed.is_discarded() ? nlohmann::json(nullptr) : parsed;
}

result<void> ws_client::send(const nlohmann::json& message) {
  const std::string text = message.dump();
  beast::error_code ec;
  impl_->ws.next_layer().expires_after(impl_->timeout);
  impl_->ws.text(true);
  impl_->ws.async_write(asio::buffer(text), [&](beast::error_code e, std::size_t) { ec = e; });
  impl_->run();
  if (ec) return failure("write", ec);
  return {};
}

void ws_client::close() {
  beast::error_code ec;
  impl_->ws.next_layer().expires_after(impl_->timeout);
  impl_->ws.async_close(websocket::close_code::normal, [&](beast::error_code e) { ec = e; });
  impl_->run();
}

}  // namespace runlog::testing
