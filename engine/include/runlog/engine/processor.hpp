#pragma once
/// The engine runtime: the single writer of a set of partitions.
///
/// For each owned partition it first recovers (folds every event from offset 0 with evolve()
/// and finds the commands not yet decided: those after the last command whose id is some
/// event's `causation`), then follows the log live: commands are decided in log order, their
/// events appended in one durable batch per poll, effects run afterwards. Events read back
/// live are skipped: they were evolved when decided.
///
/// Threading: start() spawns one thread per processor; stop() joins it. Not copyable.

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "runlog/eventlog/event_log.hpp"
#include "runlog/schemas/error.hpp"

namespace runlog::engine {

struct processor_options {
  std::vector<eventlog::partition_id> partitions;  ///< empty = all partitions of the log
  std::chrono::milliseconds poll_timeout{100};
  std::size_t max_batch = 512;                     ///< records decided per durable append
  std::function<std::int64_t()> clock;             ///< Unix ms for written records; default system clock
  std::function<std::string()> new_id;             ///< record ids; default random UUIDv4
};

class processor {
 public:
  processor(eventlog::event_log& log, processor_options options);
  ~processor();
  processor(const processor&) = delete;
  processor& operator=(const processor&) = delete;

  /// Recovers the owned partitions and starts following the log. Errors: log_failure.
  [[nodiscard]] result<void> start();
  /// Stops after the current batch; idempotent.
  void stop();

  /// Records skipped because they could not be decoded (each one is also logged to stderr).
  /// Any thread.
  [[nodiscard]] std::uint64_t skipped_records() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace runlog::engine
