// `runlog serve`: log, engine, projections and API in one process.
#include <pthread.h>

#include <csignal>
#include <cstdio>
#include <memory>
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

void announce(const serve_config& config, const loaded_secret& secret, std::uint16_t port) {
  if (secret.created) {
    std::fprintf(stderr, "runlog: generated a JWT secret, kept in %s (mode 0600)\n",
                 secret.origin.c_str());
  }
  std::printf("runlog listening on http://%s:%u\n", url_host(config.address).c_str(),
              static_cast<unsigned>(port));
  std::printf("mint a token: runlog token --data %s --tenant T --user U\n",
              config.data.string().c_str());
  std::fflush(stdout);
}

}  // namespace

int run_serve(const serve_config& config) {
  const sigset_t signals = block_shutdown_signals();
  std::error_code ec;
  std::filesystem::create_directories(config.data, ec);
  if (ec) return startup_failure("data directory " + config.data.string(), {ec, ec.message()});
  const auto secret = load_or_create_secret(config.data);
  if (!secret) return startup_failure("JWT secret", secret.error());

  auto log = eventlog::open_embedded({config.data / "log", config.partitions});
  if (!log) return startup_failure("event log", log.error());
  auto views = projections::store::open(config.data / "views");
  if (!views) return startup_failure("projection store", views.error());
  engine::processor processor(**log, {});
  if (auto ok = processor.start(); !ok) return startup_failure("engine", ok.error());
  projections::projector projector(**log, **views);
  if (auto ok = projector.start(); !ok) return startup_failure("projector", ok.error());
  api::server server({config.address, config.port, config.threads, secret->value},
                     {**log, **views, projector});
  if (auto ok = server.start(); !ok) return startup_failure("server", ok.error());
  announce(config, *secret, server.port());

  const int signal = wait_for_signal(signals);
  std::fprintf(stderr, "runlog: signal %d, shutting down\n", signal);
  server.stop();
  projector.stop();
  processor.stop();
  return 0;
}

}  // namespace runlog::app
