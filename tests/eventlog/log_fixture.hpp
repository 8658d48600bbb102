#pragma once
/// The seam between the eventlog conformance suite and each backend: a fixture owns some
/// storage (a temp dir, a mock Kafka cluster) and opens logs over it. open() twice over the
/// same fixture = a process restart on the same storage.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "runlog/eventlog/event_log.hpp"

namespace runlog::testing {

class log_fixture {
 public:
  virtual ~log_fixture() = default;
  /// Opens a log over this fixture's storage. The previous log (if any) must be destroyed
  /// first by the caller when the backend needs exclusive access.
  virtual result<std::unique_ptr<eventlog::event_log>> open() = 0;
  /// The partition count the fixture creates logs with (>= 3).
  virtual std::uint32_t partitions() const = 0;
};

/// One backend under test: a printable name and a factory of fresh fixtures.
struct backend {
  std::string name;
  std::function<std::unique_ptr<log_fixture>()> make;
};

}  // namespace runlog::testing
