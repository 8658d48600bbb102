#pragma once
/// A small synchronous HTTP/1.1 client for end-to-end tests and benchmarks (Boost.Beast
/// inside http_client.cpp only). One client = one keep-alive TCP connection to one
/// host:port, reopened transparently when the server closed it; `connects()` counts how
/// often it connected, so a test can prove keep-alive. Every operation is bounded by the
/// timeout. Not thread-safe: one client per thread.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "runlog/schemas/error.hpp"

namespace runlog::testing {

struct http_response {
  int status = 0;
  std::map<std::string, std::string> headers;  ///< names lower-cased
  std::string body;
  nlohmann::json json;  ///< the parsed body; discarded (null) when the body is not JSON
  bool keep_alive = false;

  /// `json.error.code` if present, else "".
  std::string error_code() const;
  /// Status, headers and body, for assertion messages.
  std::string describe() const;
};

class http_client {
 public:
  http_client(std::string host, std::uint16_t port,
              std::chrono::milliseconds timeout = std::chrono::seconds(10));
  ~http_client();
  http_client(const http_client&) = delete;
  http_client& operator=(const http_client&) = delete;

  /// Sends one request; `body` (if any) goes out verbatim with `content_type` (an empty
  /// `content_type` sends no Content-Type header).
  /// `bearer` (if non-empty) becomes `Authorization: Bearer <bearer>`.
  /// Errors: connect/write/read failure or timeout (the connection is then dropped).
  [[nodiscard]] result<http_response> request(std::string_view method, std::string_view target,
                                              std::string_view bearer = {},
                                              std::optional<std::string> body = std::nullopt,
                                              std::map<std::string, std::string> headers = {},
                                              std::string_view content_type = "application/json");

  [[nodiscard]] result<http_response> get(std::string_view target, std::string_view bearer = {});
  [[nodiscard]] result<http_response> post(std::string_view target, const nlohmann::json& body,
                                           std::string_view bearer = {});
  [[nodiscard]] result<http_response> del(std::string_view target, std::string_view bearer = {});

  /// TCP connections opened so far.
  int connects() const;
  /// Drops the connection (the next request reconnects).
  void close();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace runlog::testing
