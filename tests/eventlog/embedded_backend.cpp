// Runs the eventlog conformance suite against the embedded (RocksDB) backend.

#include "eventlog/conformance.hpp"
#include "runlog/eventlog/embedded_log.hpp"
#include "support/temp_dir.hpp"

namespace runlog::testing {
namespace {

// A RocksDB directory in a temp dir; open() twice = a restart on the same files.
class embedded_fixture final : public log_fixture {
 public:
  result<std::unique_ptr<eventlog::event_log>> open() override {
    return eventlog::open_embedded({dir_.path() / "log", partitions()});
  }
  std::uint32_t partitions() const override { return 4; }

 private:
  temp_dir dir_{"runlog-eventlog"};
};

INSTANTIATE_TEST_SUITE_P(embedded, conformance,
                         ::testing::Values(backend{"embedded",
                                                   [] {
                                                     return std::unique_ptr<log_fixture>(
                                                         std::make_unique<embedded_fixture>());
                                                   }}),
                         backend_name);

}  // namespace
}  // namespace runlog::testing
