#include "support/traffic_log.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>

#include <nlohmann/json.hpp>

namespace runlog::testing {
namespace {

struct traffic_file {
  std::mutex mutex;
  std::ofstream out;  ///< not open when recording is off

  traffic_file() {
    const char* dir = std::getenv("RUNLOG_CONTRACT_TRAFFIC");
    if (dir == nullptr || *dir == '\0') return;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    out.open(std::filesystem::path(dir) / (std::to_string(::getpid()) + ".ndjson"), std::ios::app);
  }
};

traffic_file& file() {
  static traffic_file f;
  return f;
}

}  // namespace

void record_exchange(const recorded_exchange& exchange) {
  traffic_file& f = file();
  if (!f.out.is_open()) return;
  nlohmann::json line = {{"method", exchange.method},
                         {"target", exchange.target},
                         {"status", exchange.status},
                         {"headers", nlohmann::json::object()},
                         {"body", exchange.body}};
  if (exchange.headers != nullptr) line["headers"] = *exchange.headers;
  // Bodies of malformed-input tests may hold invalid UTF-8: replace, never throw.
  const std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  const std::lock_guard lock(f.mutex);
  f.out << text << '\n';
  f.out.flush();
}

}  // namespace runlog::testing
