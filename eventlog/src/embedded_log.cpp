#include "runlog/eventlog/embedded_log.hpp"

#include <rocksdb/iterator.h>
#include <rocksdb/options.h>

#include <algorithm>
#include <limits>
#include <string>

#include "embedded_core.hpp"
#include "embedded_keys.hpp"

namespace runlog::eventlog {
namespace {

using embedded::core;

tl::unexpected<error> bad_partition(partition_id partition, std::uint32_t partitions) {
  return fail(errc::invalid_argument, "partition " + std::to_string(partition) +
                                          " out of range (log has " +
                                          std::to_string(partitions) + ")");
}

// Reads the subscribed partitions round-robin through one iterator, refreshed per poll, so a
// busy partition cannot starve the others.
class embedded_subscription final : public subscription {
 public:
  embedded_subscription(std::shared_ptr<core> log, const std::vector<start_at>& from)
      : core_(std::move(log)) {
    cursors_.reserve(from.size());
    for (const auto& s : from) cursors_.push_back({s.partition, s.from, 0});
  }

  result<std::vector<stored_record>> poll(std::chrono::milliseconds timeout,
                                          std::size_t max_records) override {
    std::vector<stored_record> out;
    if (max_records == 0) return out;
    const auto deadline = core::clock::now() + timeout;
    for (;;) {
      if (core_->closed()) return fail(errc::closed, "embedded log is closed");
      const auto seen = core_->change_count();
      if (auto collected = collect(max_records, out); !collected) {
        return tl::unexpected(collected.error());
      }
      if (!out.empty() || core::clock::now() >= deadline) return out;
      core_->wait_for_change(seen, deadline);
    }
  }

 private:
  struct cursor {
    partition_id partition;
    offset next;
    offset end;  // durable end seen before the iterator was refreshed
  };

  result<void> collect(std::size_t max_records, std::vector<stored_record>& out) {
    bool pending = false;
    for (auto& c : cursors_) {
      c.end = core_->durable_end(c.partition);
      pending = pending || c.next < c.end;
    }
    if (!pending) return {};
    if (auto ready = refresh(); !ready) return ready;
    const std::size_t n = cursors_.size();
    const std::size_t chunk = std::max<std::size_t>(1, max_records / n);
    std::size_t budget = max_records;
    for (bool progress = true; progress && budget > 0;) {
      progress = false;
      for (std::size_t i = 0; i < n && budget > 0; ++i) {
        cursor& c = cursors_[(round_robin_ + i) % n];
        if (c.next >= c.end) continue;
        const std::size_t before = out.size();
        auto read = embedded::read_range(*it_, c.partition, c.next, c.end,
                                         std::min(chunk, budget), out);
        if (!read) return read;
        const std::size_t taken = out.size() - before;
        c.next += taken;
        budget -= taken;
        progress = progress || taken > 0;
      }
    }
    round_robin_ = (round_robin_ + 1) % n;
    return {};
  }

  // One long-lived iterator, re-pinned to the latest data only when there is something to read.
  result<void> refresh() {
    if (!it_) {
      it_.reset(core_->db().NewIterator(rocksdb::ReadOptions()));
      return {};
    }
    const auto status = it_->Refresh();
    if (!status.ok()) return tl::unexpected(embedded::io_error(status, "refreshing iterator"));
    return {};
  }

  std::shared_ptr<core> core_;  // declared before it_: the iterator dies before the database
  std::unique_ptr<rocksdb::Iterator> it_;
  std::vector<cursor> cursors_;
  std::size_t round_robin_ = 0;
};

class embedded_log final : public event_log {
 public:
  explicit embedded_log(std::shared_ptr<core> log) : core_(std::move(log)) {}
  ~embedded_log() override { core_->close(); }

  std::uint32_t partitions() const override { return core_->partitions(); }

  void append_async(std::vector<record_to_append> batch, append_callback done) override {
    core_->append_async(std::move(batch), std::move(done));
  }

  result<std::vector<stored_record>> read(partition_id partition, offset from,
                                          std::size_t max_records) override {
    if (partition >= partitions()) return bad_partition(partition, partitions());
    std::vector<stored_record> out;
    const offset end = core_->durable_end(partition);
    if (from >= end || max_records == 0) return out;
    const offset last = end - from > max_records ? from + max_records : end;
    const auto upper_key = embedded::make_record_key(partition, last);
    const rocksdb::Slice upper(upper_key.data(), upper_key.size());
    rocksdb::ReadOptions options;
    options.iterate_upper_bound = &upper;
    std::unique_ptr<rocksdb::Iterator> it(core_->db().NewIterator(options));
    out.reserve(std::min<offset>(last - from, 4096));
    if (auto r = embedded::read_range(*it, partition, from, last, max_records, out); !r) {
      return tl::unexpected(r.error());
    }
    return out;
  }

  result<offset> end_offset(partition_id partition) override {
    if (partition >= partitions()) return bad_partition(partition, partitions());
    return core_->durable_end(partition);
  }

  result<std::optional<offset>> committed(std::string_view group,
                                          partition_id partition) override {
    if (partition >= partitions()) return bad_partition(partition, partitions());
    std::string value;
    const auto status =
        core_->db().Get(rocksdb::ReadOptions(), embedded::make_commit_key(group, partition), &value);
    if (status.IsNotFound()) return std::optional<offset>();
    if (!status.ok()) return tl::unexpected(embedded::io_error(status, "reading committed offset"));
    if (value.size() != 8) return fail(errc::io, "malformed committed offset");
    return std::optional<offset>(embedded::get_be64(value.data()));
  }

  result<void> commit(std::string_view group, partition_id partition, offset next) override {
    if (partition >= partitions()) return bad_partition(partition, partitions());
    char value[8];
    embedded::put_be64(value, next);
    rocksdb::WriteOptions sync;
    sync.sync = true;
    const auto status = core_->db().Put(sync, embedded::make_commit_key(group, partition),
                                        rocksdb::Slice(value, sizeof value));
    if (!status.ok()) return tl::unexpected(embedded::io_error(status, "committing offset"));
    return {};
  }

  result<std::unique_ptr<subscription>> subscribe(std::vector<start_at> from) override {
    std::vector<bool> seen(partitions(), false);
    for (const auto& s : from) {
      if (s.partition >= partitions()) return bad_partition(s.partition, partitions());
      if (seen[s.partition]) {
        return fail(errc::invalid_argument,
                    "partition " + std::to_string(s.partition) + " subscribed twice");
      }
      seen[s.partition] = true;
    }
    return std::make_unique<embedded_subscription>(core_, from);
  }

  embedded_stats stats() const { return core_->stats(); }

 private:
  std::shared_ptr<core> core_;
};

}  // namespace

result<std::unique_ptr<event_log>> open_embedded(const embedded_options& options) {
  auto opened = core::open(options);
  if (!opened) return tl::unexpected(opened.error());
  return std::make_unique<embedded_log>(std::move(*opened));
}

embedded_stats stats_of(const event_log& log) {
  const auto* embedded = dynamic_cast<const embedded_log*>(&log);
  return embedded ? embedded->stats() : embedded_stats{};
}

}  // namespace runlog::eventlog
