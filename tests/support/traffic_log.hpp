#pragma once
/// Records HTTP exchanges of the end-to-end tests for the OpenAPI contract check
/// (tests/contract/check_traffic.py). Off unless the environment variable
/// RUNLOG_CONTRACT_TRAFFIC names a directory: then every exchange becomes one JSON line in
/// `<dir>/<pid>.ndjson` (method, target, status, response headers, body). Thread-safe.

#include <map>
#include <string>
#include <string_view>

namespace runlog::testing {

/// One answered request, as the client saw it. `headers` names are lower-cased.
struct recorded_exchange {
  std::string_view method;
  std::string_view target;
  int status = 0;
  const std::map<std::string, std::string>* headers = nullptr;
  std::string_view body;
};

/// Appends `exchange` to this process's traffic file when recording is on; otherwise nothing.
void record_exchange(const recorded_exchange& exchange);

}  // namespace runlog::testing
