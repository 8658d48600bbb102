#include "log_reader.hpp"

#include <chrono>
#include <thread>

#include <gtest/gtest.h>

namespace runlog::testing {

std::vector<schemas::envelope> read_all(eventlog::event_log& log) {
  std::vector<schemas::envelope> out;
  for (eventlog::partition_id p = 0; p < log.partitions(); ++p) {
    eventlog::offset next = 0;
    for (;;) {
      auto batch = log.read(p, next, 256);
      EXPECT_TRUE(batch) << batch.error().message;
      if (!batch || batch->empty()) break;
      for (const auto& r : *batch) {
        next = r.off + 1;
        if (auto env = schemas::decode(r.value)) out.push_back(std::move(*env));
      }
    }
  }
  return out;
}

std::vector<schemas::envelope> find_records(eventlog::event_log& log, const std::string& key,
                                            const std::string& type) {
  std::vector<schemas::envelope> out;
  for (auto& e : read_all(log)) {
    if (e.key == key && e.type == type) out.push_back(std::move(e));
  }
  return out;
}

bool wait_for_record(eventlog::event_log& log, const std::string& key, const std::string& type) {
  for (int i = 0; i < 1500; ++i) {
    if (!find_records(log, key, type).empty()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

}  // namespace runlog::testing
