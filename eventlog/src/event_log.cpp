#include "runlog/eventlog/event_log.hpp"

#include <future>

namespace runlog::eventlog {
namespace {

class category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "runlog.eventlog"; }
  std::string message(int c) const override {
    switch (static_cast<errc>(c)) {
      case errc::io: return "storage I/O error";
      case errc::closed: return "log closed";
      case errc::invalid_argument: return "invalid argument";
      case errc::broker: return "Kafka broker error";
      case errc::timeout: return "timed out";
    }
    return "unknown eventlog error";
  }
};

}  // namespace

const std::error_category& eventlog_category() noexcept {
  static const category instance;
  return instance;
}

partition_id partition_for(std::string_view key, std::uint32_t partitions) {
  std::uint32_t hash = 2166136261u;
  for (unsigned char c : key) {
    hash ^= c;
    hash *= 16777619u;
  }
  return hash % partitions;
}

result<std::vector<position>> event_log::append(std::vector<record_to_append> batch) {
  std::promise<result<std::vector<position>>> promise;
  auto future = promise.get_future();
  append_async(std::move(batch), [&promise](result<std::vector<position>> r) {
    promise.set_value(std::move(r));
  });
  return future.get();
}

}  // namespace runlog::eventlog
