#include "support/http_client.hpp"

#include <algorithm>
#include <cctype>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include "support/traffic_log.hpp"

namespace runlog::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

tl::unexpected<error> net_failure(const std::string& what, const beast::error_code& ec) {
  return tl::unexpected<error>(error{std::error_code(ec.value(), std::generic_category()),
                                     what + ": " + ec.message()});
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

}  // namespace

std::string http_response::error_code() const {
  if (json.is_object() && json.contains("error") && json["error"].is_object() &&
      json["error"].contains("code") && json["error"]["code"].is_string()) {
    return json["error"]["code"].get<std::string>();
  }
  return "";
}

std::string http_response::describe() const {
  std::string out = "HTTP " + std::to_string(status) + "\n";
  for (const auto& [k, v] : headers) out += k + ": " + v + "\n";
  out += body.size() > 2000 ? body.substr(0, 2000) + "..." : body;
  return out;
}

struct http_client::impl {
  std::string host;
  std::uint16_t port;
  std::chrono::milliseconds timeout;
  asio::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;
  bool connected = false;
  int connects = 0;

  /// Runs the queued async operation to completion (each op carries its own expiry).
  void run() {
    ioc.restart();
    ioc.run();
  }

  beast::error_code connect() {
    beast::error_code ec;
    const auto address = asio::ip::make_address(host, ec);
    if (ec) return ec;
    stream.expires_after(timeout);
    stream.async_connect(tcp::endpoint(address, port), [&](beast::error_code e) { ec = e; });
    run();
    if (!ec) {
      connected = true;
      ++connects;
      buffer.clear();
    }
    return ec;
  }

  void drop() {
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream.close();
    connected = false;
  }

  result<http_response> exchange(http::request<http::string_body>& req) {
    if (!connected) {
      if (auto ec = connect()) return net_failure("connect", ec);
    }
    beast::error_code write_ec;
    stream.expires_after(timeout);
    http::async_write(stream, req, [&](beast::error_code e, std::size_t) { write_ec = e; });
    run();
    // A server may answer (e.g. 413) and close before reading the whole body: still try to
    // read its response after a failed write.
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    beast::error_code read_ec;
    stream.expires_after(timeout);
    http::async_read(stream, buffer, parser, [&](beast::error_code e, std::size_t) { read_ec = e; });
    run();
    if (read_ec) {
      drop();
      if (write_ec) return net_failure("write", write_ec);
      return net_failure("read", read_ec);
    }
    auto res = parser.release();
    http_response out;
    out.status = static_cast<int>(res.result_int());
    for (const auto& field : res) out.headers[lower(std::string(field.name_string()))] = field.value();
    out.body = std::move(res.body());
    out.json = nlohmann::json::parse(out.body, nullptr, false);
    if (out.json.is_discarded()) out.json = nullptr;
    out.keep_alive = res.keep_alive();
    if (!out.keep_alive || write_ec) drop();
    return out;
  }
};

http_client::http_client(std::string host, std::uint16_t port, std::chrono::milliseconds timeout)
    : impl_(std::make_unique<impl>()) {
  impl_->host = std::move(host);
  impl_->port = port;
  impl_->timeout = timeout;
}

http_client::~http_client() {
  if (impl_->connected) impl_->drop();
}

result<http_response> http_client::request(std::string_view method, std::string_view target,
                                           std::string_view bearer, std::optional<std::string> body,
                                           std::map<std::string, std::string> headers,
                                           std::string_view content_type) {
  http::request<http::string_body> req;
  req.method_string(method);
  req.target(target);
  req.version(11);
  req.set(http::field::host, impl_->host + ":" + std::to_string(impl_->port));
  req.keep_alive(true);
  if (!bearer.empty()) req.set(http::field::authorization, "Bearer " + std::string(bearer));
  if (body) {
    if (!content_type.empty()) req.set(http::field::content_type, content_type);
    req.body() = std::move(*body);
  }
  for (const auto& [k, v] : headers) req.set(k, v);
  req.prepare_payload();
  auto out = impl_->exchange(req);
  if (out) record_exchange({method, target, out->status, &out->headers, out->body});
  return out;
}

result<http_response> http_client::get(std::string_view target, std::string_view bearer) {
  return request("GET", target, bearer);
}

result<http_response> http_client::post(std::string_view target, const nlohmann::json& body,
                                        std::string_view bearer) {
  return request("POST", target, bearer, body.dump());
}

result<http_response> http_client::del(std::string_view target, std::string_view bearer) {
  return request("DELETE", target, bearer);
}

int http_client::connects() const { return impl_->connects; }

void http_client::close() {
  if (impl_->connected) impl_->drop();
}

}  // namespace runlog::testing
