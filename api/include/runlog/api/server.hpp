#pragma once
/// The HTTP API: a Boost.Beast HTTP/1.1 server on its own io threads. Beast and Asio stay
/// inside api/src; this header exposes only what the composition root needs.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "runlog/api/jwt.hpp"
#include "runlog/eventlog/event_log.hpp"
#include "runlog/projections/store.hpp"
#include "runlog/schemas/error.hpp"

namespace runlog::api {

struct server_options {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;          ///< 0 = pick a free port (see server::port())
  unsigned threads = 2;               ///< io threads
  std::string jwt_secret;             ///< HS256 secret; empty = HS256 tokens are rejected
  std::size_t body_limit = 1 << 20;   ///< bytes; larger bodies get 413
  /// RS256 verification key (see load_rsa_public_key); null = RS256 tokens are rejected.
  std::shared_ptr<const rsa_public_key> jwt_public_key;
  /// Requests per minute per user (tenant + `sub`) on authenticated routes; 0 = unlimited.
  std::uint32_t rate_limit = 100;
  /// WebSocket feed: undelivered messages per connection before it is closed with 4008.
  std::size_t feed_queue = 1024;
  /// WebSocket feed: a ping after this long without incoming data; a connection that stays
  /// silent for another interval (no pong) is closed.
  std::chrono::milliseconds feed_ping_interval{20000};
  /// WebSocket feed: SO_SNDBUF of feed connections in bytes; 0 = the OS default (autotuned).
  int feed_send_buffer = 0;
};

/// What the handlers use: the log to append commands to, the read models, the projector
/// to wait for outcomes on. All outlive the server.
struct dependencies {
  eventlog::event_log& log;
  projections::store& views;
  projections::projector& projector;
};

class server {
 public:
  server(server_options options, dependencies deps);
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  /// Binds and starts accepting on the io threads. Errors: the bind failure.
  [[nodiscard]] result<void> start();
  /// The bound port (after start()).
  std::uint16_t port() const;
  /// Graceful stop: stop accepting, let in-flight requests finish (bounded), join threads.
  void stop();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace runlog::api
