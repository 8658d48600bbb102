#include "config.hpp"

#include <charconv>
#include <cstdlib>
#include <map>
#include <optional>
#include <system_error>

namespace runlog::app {
namespace {

using flag_values = std::map<std::string, std::string, std::less<>>;

tl::unexpected<error> usage_error(std::string message) {
  return fail(std::errc::invalid_argument, std::move(message));
}

/// "--name value" or "--name=value" for the `known` names; anything else is an error.
result<flag_values> parse_flags(std::span<const std::string_view> args,
                                std::span<const std::string_view> known) {
  flag_values out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (arg == "--help" || arg == "-h") return usage_error("");
    if (!arg.starts_with("--")) return usage_error("unexpected argument '" + std::string(arg) + "'");
    arg.remove_prefix(2);
    std::optional<std::string_view> value;
    if (const auto eq = arg.find('='); eq != std::string_view::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
    }
    bool is_known = false;
    for (const auto name : known) is_known = is_known || name == arg;
    if (!is_known) return usage_error("unknown flag --" + std::string(arg));
    if (!value) {
      if (i + 1 >= args.size()) return usage_error("flag --" + std::string(arg) + " needs a value");
      value = args[++i];
    }
    out[std::string(arg)] = std::string(*value);
  }
  return out;
}

/// The flag's value, else the environment variable's (when set), else nullopt.
std::optional<std::string> setting(const flag_values& flags, std::string_view flag,
                                   const char* env) {
  if (const auto it = flags.find(flag); it != flags.end()) return it->second;
  if (env != nullptr) {
    if (const char* value = std::getenv(env); value != nullptr) return std::string(value);
  }
  return std::nullopt;
}

template <typename T>
result<T> parse_number(const std::string& text, std::string_view what, T min, T max) {
  T value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value < min ||
      value > max) {
    return usage_error(std::string(what) + " must be an integer between " + std::to_string(min) +
                       " and " + std::to_string(max) + ", got '" + text + "'");
  }
  return value;
}

bool valid_identity(std::string_view text) {
  if (text.empty() || text.size() > 128) return false;
  for (const char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return false;
  }
  return true;
}

}  // namespace

result<serve_config> parse_serve(std::span<const std::string_view> args) {
  static constexpr std::string_view known[] = {"port",    "address",        "data",
                                               "threads", "partitions",     "jwt-public-key",
                                               "rate-limit", "ws-queue",     "ws-ping-ms",
                                               "ws-send-buffer"};
  const auto flags = parse_flags(args, known);
  if (!flags) return tl::unexpected(flags.error());
  serve_config out;
  if (auto v = setting(*flags, "port", "RUNLOG_PORT")) {
    auto port = parse_number<std::uint16_t>(*v, "port", 0, 65535);
    if (!port) return tl::unexpected(port.error());
    out.port = *port;
  }
  if (auto v = setting(*flags, "address", "RUNLOG_ADDRESS")) out.address = *v;
  if (auto v = setting(*flags, "data", "RUNLOG_DATA"); v && !v->empty()) out.data = *v;
  if (auto v = setting(*flags, "threads", "RUNLOG_THREADS")) {
    auto threads = parse_number<unsigned>(*v, "threads", 1, 256);
    if (!threads) return tl::unexpected(threads.error());
    out.threads = *threads;
  }
  if (auto v = setting(*flags, "partitions", "RUNLOG_PARTITIONS")) {
    auto partitions = parse_number<std::uint32_t>(*v, "partitions", 1, 1024);
    if (!partitions) return tl::unexpected(partitions.error());
    out.partitions = *partitions;
  }
  if (auto v = setting(*flags, "jwt-public-key", "RUNLOG_JWT_PUBLIC_KEY_FILE")) {
    out.jwt_public_key_file = *v;
  }
  if (const char* pem = std::getenv("RUNLOG_JWT_PUBLIC_KEY"); pem != nullptr) {
    out.jwt_public_key_pem = pem;
  }
  if (auto v = setting(*flags, "rate-limit", "RUNLOG_RATE_LIMIT")) {
    auto limit = parse_number<std::uint32_t>(*v, "rate-limit", 0, 1000000);
    if (!limit) return tl::unexpected(limit.error());
    out.rate_limit = *limit;
  }
  if (auto v = setting(*flags, "ws-queue", "RUNLOG_WS_QUEUE")) {
    auto queue = parse_number<std::uint32_t>(*v, "ws-queue", 1, 1000000);
    if (!queue) return tl::unexpected(queue.error());
    out.ws_queue = *queue;
  }
  if (auto v = setting(*flags, "ws-ping-ms", "RUNLOG_WS_PING_MS")) {
    auto ping = parse_number<std::uint32_t>(*v, "ws-ping-ms", 10, 3600000);
    if (!ping) return tl::unexpected(ping.error());
    out.ws_ping_ms = *ping;
  }
  if (auto v = setting(*flags, "ws-send-buffer", "RUNLOG_WS_SEND_BUFFER")) {
    auto bytes = parse_number<std::uint32_t>(*v, "ws-send-buffer", 0, 64 << 20);
    if (!bytes) return tl::unexpected(bytes.error());
    out.ws_send_buffer = *bytes;
  }
  return out;
}

result<token_config> parse_token(std::span<const std::string_view> args) {
  static constexpr std::string_view known[] = {"tenant", "user", "ttl", "data"};
  const auto flags = parse_flags(args, known);
  if (!flags) return tl::unexpected(flags.error());
  token_config out;
  out.tenant = setting(*flags, "tenant", nullptr).value_or("");
  out.user = setting(*flags, "user", nullptr).value_or("");
  if (!valid_identity(out.tenant)) {
    return usage_error("--tenant is required: 1..128 bytes, no control characters");
  }
  if (!valid_identity(out.user)) {
    return usage_error("--user is required: 1..128 bytes, no control characters");
  }
  if (auto v = setting(*flags, "ttl", nullptr)) {
    auto ttl = parse_number<std::int64_t>(*v, "ttl", 1, 10LL * 365 * 24 * 3600);
    if (!ttl) return tl::unexpected(ttl.error());
    out.ttl_seconds = *ttl;
  }
  if (auto v = setting(*flags, "data", "RUNLOG_DATA"); v && !v->empty()) out.data = *v;
  return out;
}

void print_usage(std::FILE* out) {
  std::fputs(
      "usage:\n"
      "  runlog serve [--port P] [--address A] [--data DIR] [--threads N] [--partitions N]\n"
      "               [--jwt-public-key PEM_FILE] [--rate-limit N]\n"
      "               [--ws-queue N] [--ws-ping-ms MS] [--ws-send-buffer BYTES]\n"
      "      env fallbacks: RUNLOG_PORT (8080), RUNLOG_ADDRESS (127.0.0.1), RUNLOG_DATA (./data),\n"
      "      RUNLOG_THREADS (2), RUNLOG_PARTITIONS (8), RUNLOG_JWT_SECRET (else DIR/jwt-secret),\n"
      "      RUNLOG_JWT_PUBLIC_KEY_FILE or RUNLOG_JWT_PUBLIC_KEY (PEM text; enables RS256),\n"
      "      RUNLOG_RATE_LIMIT (100 requests/minute/user, 0 = off),\n"
      "      RUNLOG_WS_QUEUE (1024 messages per WebSocket), RUNLOG_WS_PING_MS (20000),\n"
      "      RUNLOG_WS_SEND_BUFFER (0 = OS default)\n"
      "  runlog token --tenant T --user U [--ttl SECONDS] [--data DIR]\n"
      "      prints an HS256 bearer token signed with RUNLOG_JWT_SECRET or DIR/jwt-secret\n",
      out);
}

}  // namespace runlog::app
