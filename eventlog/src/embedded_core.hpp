#pragma once
/// The shared state of one embedded log: the RocksDB handle, the single writer thread that
/// assigns offsets and group-commits appends, the per-partition durable ends, and the signal
/// that wakes subscriptions. Owned by the event_log and by its subscriptions (shared_ptr), so
/// a subscription outliving its log sees errc::closed instead of a dangling database.

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "runlog/eventlog/embedded_log.hpp"
#include "runlog/eventlog/event_log.hpp"

namespace runlog::eventlog::embedded {

/// Translates a RocksDB status into errc::io carrying the status text.
[[nodiscard]] error io_error(const rocksdb::Status& status, std::string_view what);

/// Reads records [from, min(end, from + max_records)) of `partition` through `it` (already
/// refreshed or fresh) into `out`. A gap or a malformed value is reported as errc::io.
[[nodiscard]] result<void> read_range(rocksdb::Iterator& it, partition_id partition, offset from,
                                      offset end, std::size_t max_records,
                                      std::vector<stored_record>& out);

class core {
 public:
  using clock = std::chrono::steady_clock;

  /// Opens the database, checks the partition count and starts the writer thread.
  [[nodiscard]] static result<std::shared_ptr<core>> open(const embedded_options& options);

  core(std::unique_ptr<rocksdb::DB> db, std::uint32_t partitions, std::vector<offset> ends);
  ~core();
  core(const core&) = delete;
  core& operator=(const core&) = delete;

  [[nodiscard]] std::uint32_t partitions() const { return partitions_; }
  [[nodiscard]] rocksdb::DB& db() { return *db_; }
  /// The first offset of `partition` not yet durable. Any thread.
  [[nodiscard]] offset durable_end(partition_id partition) const {
    return durable_ends_[partition].load(std::memory_order_acquire);
  }

  /// Queues a batch for the writer. After close(), completes at once with errc::closed.
  void append_async(std::vector<record_to_append> batch, event_log::append_callback done);

  /// Completes everything queued, stops the writer and wakes every subscription. Idempotent;
  /// must not be called from the writer thread (an append callback).
  void close();
  [[nodiscard]] bool closed() const { return closed_.load(std::memory_order_acquire); }

  /// A counter bumped whenever records become durable (or the log closes).
  [[nodiscard]] std::uint64_t change_count();
  /// Waits until the counter differs from `seen`, the log closes, or `deadline` passes.
  void wait_for_change(std::uint64_t seen, clock::time_point deadline);

  [[nodiscard]] embedded_stats stats() const;

 private:
  struct request {
    std::vector<record_to_append> batch;
    event_log::append_callback done;
    std::optional<error> rejected;
    std::vector<position> positions;
  };

  void run_writer();
  void write_groups(std::vector<request>& pending);
  [[nodiscard]] bool stage(request& r);
  void flush(std::vector<request>& pending, std::size_t first, std::size_t last, bool staged);
  void notify_change();

  std::unique_ptr<rocksdb::DB> db_;
  const std::uint32_t partitions_;
  std::unique_ptr<std::atomic<offset>[]> durable_ends_;

  // Writer-thread only.
  std::vector<offset> next_;
  rocksdb::WriteBatch batch_;
  std::string value_buffer_;

  std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::vector<request> queue_;
  bool stopping_ = false;
  std::thread writer_;

  std::mutex change_mu_;
  std::condition_variable change_cv_;
  std::uint64_t changes_ = 0;
  std::atomic<bool> closed_{false};

  std::atomic<std::uint64_t> appends_{0};
  std::atomic<std::uint64_t> records_{0};
  std::atomic<std::uint64_t> synced_writes_{0};
};

}  // namespace runlog::eventlog::embedded
