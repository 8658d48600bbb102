#pragma once
/// A small synchronous WebSocket client for end-to-end tests (Boost.Beast inside
/// ws_client.cpp only). Every operation is bounded by the client's timeout; a timeout drops
/// the connection. Pings from the server are answered while a read is in progress and
/// counted. Not thread-safe: one client per thread.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "runlog/schemas/error.hpp"

namespace runlog::testing {

/// A close frame received from the server.
struct ws_close {
  int code = 0;
  std::string reason;
};

struct ws_options {
  std::string bearer;      ///< sent as `Authorization: Bearer <bearer>` unless empty
  int receive_buffer = 0;  ///< SO_RCVBUF set before connecting; 0 = the OS default
  std::chrono::milliseconds timeout{10000};
};

class ws_client;

/// The outcome of an upgrade attempt: a client (status 101), or the HTTP answer that refused
/// it (status, body), or a transport error (status 0, `error`).
struct ws_connection {
  std::unique_ptr<ws_client> client;
  int status = 0;
  std::string body;
  std::string error;
};

class ws_client {
 public:
  /// Connects to `host:port`, sends the upgrade for `target` (path and query).
  [[nodiscard]] static ws_connection connect(const std::string& host, std::uint16_t port,
                                             const std::string& target,
                                             const ws_options& options = {});
  ~ws_client();
  ws_client(const ws_client&) = delete;
  ws_client& operator=(const ws_client&) = delete;

  /// The next text message, parsed (null when not JSON). Errors: the server closed the
  /// connection (see closed()), timeout, or transport failure.
  [[nodiscard]] result<nlohmann::json> read();
  /// read() with another bound.
  [[nodiscard]] result<nlohmann::json> read_for(std::chrono::milliseconds timeout);
  /// Keeps a read pending for `idle` (answering pings), then sends {"type":"ping"} and returns
  /// the next message (the server's pong unless something else came first).
  [[nodiscard]] result<nlohmann::json> read_after_idle(std::chrono::milliseconds idle);
  /// Sends `message` as a text frame.
  [[nodiscard]] result<void> send(const nlohmann::json& message);
  /// The server's close frame, once a read failed because of it.
  const std::optional<ws_close>& closed() const { return closed_; }
  /// Pings received so far.
  int pings() const { return *pings_; }
  /// Sends a normal close and waits (bounded) for the server's answer.
  void close();

 private:
  struct impl;
  explicit ws_client(std::unique_ptr<impl> i);

  std::unique_ptr<impl> impl_;
  std::shared_ptr<int> pings_ = std::make_shared<int>(0);
  std::optional<ws_close> closed_;
};

}  // namespace runlog::testing
