#pragma once
/// Command-line and environment configuration of the `runlog` executable, and the JWT
/// secret it serves with. Flags override environment variables, which override defaults.

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "runlog/schemas/error.hpp"

namespace runlog::app {

/// `runlog serve` settings (flags / RUNLOG_* environment).
struct serve_config {
  std::string address = "127.0.0.1";  ///< --address, RUNLOG_ADDRESS
  std::uint16_t port = 8080;           ///< --port, RUNLOG_PORT; 0 = ephemeral
  std::filesystem::path data = "./data";  ///< --data, RUNLOG_DATA
  unsigned threads = 2;                ///< --threads, RUNLOG_THREADS (io threads)
  std::uint32_t partitions = 8;        ///< --partitions, RUNLOG_PARTITIONS
  /// --jwt-public-key, RUNLOG_JWT_PUBLIC_KEY_FILE: PEM RSA public key enabling RS256.
  std::filesystem::path jwt_public_key_file;
  /// RUNLOG_JWT_PUBLIC_KEY: the PEM text itself (used when no file is given).
  std::string jwt_public_key_pem;
  /// --rate-limit, RUNLOG_RATE_LIMIT: requests per minute per user; 0 = off.
  std::uint32_t rate_limit = 100;
  /// --ws-queue, RUNLOG_WS_QUEUE: undelivered feed messages per WebSocket before 4008.
  std::uint32_t ws_queue = 1024;
  /// --ws-ping-ms, RUNLOG_WS_PING_MS: idle milliseconds before the server pings a WebSocket.
  std::uint32_t ws_ping_ms = 20000;
  /// --ws-send-buffer, RUNLOG_WS_SEND_BUFFER: SO_SNDBUF of WebSockets in bytes; 0 = OS default.
  std::uint32_t ws_send_buffer = 0;
};

/// `runlog token` settings.
struct token_config {
  std::string tenant;                     ///< --tenant (required)
  std::string user;                       ///< --user (required)
  std::int64_t ttl_seconds = 3600;        ///< --ttl
  std::filesystem::path data = "./data";  ///< --data, RUNLOG_DATA: where jwt-secret lives
};

/// Parses the arguments after "serve". Error: a usage error (message says which flag);
/// an empty message means `--help` was asked for.
[[nodiscard]] result<serve_config> parse_serve(std::span<const std::string_view> args);

/// Parses the arguments after "token". Errors as parse_serve.
[[nodiscard]] result<token_config> parse_token(std::span<const std::string_view> args);

/// Writes the usage text.
void print_usage(std::FILE* out);

/// Where the secret came from, for the startup message.
struct loaded_secret {
  std::string value;
  std::string origin;   ///< "RUNLOG_JWT_SECRET" or the file path
  bool created = false; ///< generated now into the file
};

/// The serving secret: RUNLOG_JWT_SECRET, else DIR/jwt-secret, else a new random secret
/// written to DIR/jwt-secret with mode 0600. Errors: io, crypto.
[[nodiscard]] result<loaded_secret> load_or_create_secret(const std::filesystem::path& data);

/// The HS256 secret when an RS256 key is configured: RUNLOG_JWT_SECRET, else DIR/jwt-secret
/// if it exists; nullopt (HS256 off) when neither. Never creates one. Errors: io.
[[nodiscard]] result<std::optional<loaded_secret>> load_existing_secret(
    const std::filesystem::path& data);

/// The configured RS256 public key PEM (file, else RUNLOG_JWT_PUBLIC_KEY text); "" when none.
/// Errors: io.
[[nodiscard]] result<std::string> load_public_key_pem(const serve_config& config);

/// The secret for minting: RUNLOG_JWT_SECRET, else DIR/jwt-secret. Error when neither exists.
[[nodiscard]] result<std::string> read_secret(const std::filesystem::path& data);

/// `runlog serve`: runs until SIGINT/SIGTERM. Returns the exit code.
int run_serve(const serve_config& config);

/// `runlog token`: prints a token. Returns the exit code.
int run_token(const token_config& config);

}  // namespace runlog::app
