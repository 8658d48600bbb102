// `runlog serve`: log, engine, projections and API in one process.
#include <pthread.h>

#include <csignal>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <system_error>

#include "config.hpp"
#include "runlog/api/server.hpp"
#include "runlog/engine/processor.hpp"
#include "runlog/eventlog/embedded_log.hpp"
#include "runlog/projections/store.hpp"

namespace runlog::app {
namespace {

/// Blocks SIGINT/SIGTERM in this thread and every thread started after it, so that only
/// wait_for_signal() ever sees them. Call before any thread exists.
sigset_t block_shutdown_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  return set;
}

int wait_for_signal(const sigset_t& set) {
  int signal = 0;
  while (sigwait(&set, &signal) != 0) {
  }
  return signal;
}

int startup_failure(std::string_view what, const error& e) {
  std::fprintf(stderr, "runlog serve: %.*s: %s\n", static_cast<int>(what.size()), what.data(),
               e.message.c_str());
  return 1;
}

std::string url_host(const std::string& address) {
  return address.find(':') == std::string::npos ? address : "[" + address + "]";
}

/// The verification keys: the RS256 key if configured, and the HS256 secret (created when no
/// RS256 key is configured; with one, only an explicitly provided secret enables HS256).
struct serving_keys {
  std::optional<loaded_secret> secret;
  std::shared_ptr<const api::rsa_public_key> public_key;
};

result<serving_keys> load_keys(const serve_config& config) {
  auto pem = load_public_key_pem(config);
  if (!pem) return tl::unexpected(pem.error());
  serving_keys out;
  if (pem->empty()) {
    auto secret = load_or_create_secret(config.data);
    if (!secret) return tl::unexpected(secret.error());
    out.secret = std::move(*secret);
    return out;
  }
  auto key = api::load_rsa_public_key(*pem);
  if (!key) return tl::unexpected(key.error());
  out.public_key = std::move(*key);
  auto secret = load_existing_secret(config.data);
  if (!secret) return tl::unexpected(secret.error());
  out.secret = std::move(*secret);
  if (out.secret && out.secret->value == *pem) {
    return fail(std::errc::invalid_argument, "the HS256 secret must not be the RS256 public key");
  }
  return out;
}

void announce(const serve_config& config, const serving_keys& keys, std::uint16_t port) {
  if (keys.secret && keys.secret->created) {
    std::fprintf(stderr, "runlog: generated a JWT secret, kept in %s (mode 0600)\n",
                 keys.secret->origin.c_str());
  }
  if (keys.public_key) {
    std::fprintf(stderr, "runlog: RS256 enabled; HS256 %s\n", keys.secret ? "enabled" : "disabled");
  }
  std::printf("runlog listening on http://%s:%u\n", url_host(config.address).c_str(),
              static_cast<unsigned>(port));
  if (keys.secret) {
    std::printf("mint a token: runlog token --data %s --tenant T --user U\n",
                config.data.string().c_str());
  }
  std::fflush(stdout);
}

// Serves only once the projections reflect everything already in the log, so answers after a
// restart (or a rebuild) never go back in time.
result<void> catch_up(eventlog::event_log& log, projections::projector& projector) {
  std::vector<eventlog::position> ends;
  for (eventlog::partition_id p = 0; p < log.partitions(); ++p) {
    auto end = log.end_offset(p);
    if (!end) return tl::unexpected(end.error());
    if (*end > 0) ends.push_back({p, *end - 1});  // the last record's position
  }
  if (!projector.wait_applied(ends, std::chrono::hours(1))) {
    return fail(projections::errc::log_failure, "projections did not catch up with the log");
  }
  return {};
}

}  // namespace

int run_serve(const serve_config& config) {
  const sigset_t signals = block_shutdown_signals();
  std::error_code ec;
  std::filesystem::create_directories(config.data, ec);
  if (ec) return startup_failure("data directory " + config.data.string(), {ec, ec.message()});
  const auto keys = load_keys(config);
  if (!keys) return startup_failure("JWT keys", keys.error());

  auto log = eventlog::open_embedded({config.data / "log", config.partitions});
  if (!log) return startup_failure("event log", log.error());
  auto views = projections::store::open(config.data / "views");
  if (!views) return startup_failure("projection store", views.error());
  if (const auto why = (*views)->rebuild_reason()) {
    std::fprintf(stderr, "runlog: rebuilding the projections from the log (%s)\n", why->c_str());
  }
  engine::processor processor(**log, {});
  if (auto ok = processor.start(); !ok) return startup_failure("engine", ok.error());
  projections::projector projector(**log, **views);
  if (auto ok = projector.start(); !ok) return startup_failure("projector", ok.error());
  if (auto ok = catch_up(**log, projector); !ok) return startup_failure("projector", ok.error());
  api::server_options options;
  options.address = config.address;
  options.port = config.port;
  options.threads = config.threads;
  if (keys->secret) options.jwt_secret = keys->secret->value;
  options.jwt_public_key = keys->public_key;
  options.rate_limit = config.rate_limit;
  options.feed_queue = config.ws_queue;
  options.feed_ping_interval = std::chrono::milliseconds(config.ws_ping_ms);
  options.feed_send_buffer = static_cast<int>(config.ws_send_buffer);
  api::server server(std::move(options), {**log, **views, projector});
  if (auto ok = server.start(); !ok) return startup_failure("server", ok.error());
  announce(config, *keys, server.port());

  const int signal = wait_for_signal(signals);
  std::fprintf(stderr, "runlog: signal %d, shutting down\n", signal);
  server.stop();
  projector.stop();
  processor.stop();
  return 0;
}

}  // namespace runlog::app
