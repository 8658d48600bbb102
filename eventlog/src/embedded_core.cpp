#include "embedded_core.hpp"

#include <rocksdb/options.h>

#include <filesystem>
#include <limits>
#include <string>

#include "embedded_keys.hpp"

namespace runlog::eventlog::embedded {
namespace {

// Largest key + value accepted in one record; larger ones are rejected with invalid_argument.
constexpr std::size_t max_record_bytes = 32u << 20;
// A group commit stops taking requests once its WriteBatch reaches this size; the rest of the
// queue goes into the next synced write.
constexpr std::size_t max_group_bytes = 16u << 20;

std::optional<error> validate(const std::vector<record_to_append>& batch) {
  for (const auto& record : batch) {
    if (record.key.size() + record.value.size() > max_record_bytes) {
      return error{make_error_code(errc::invalid_argument),
                   "record larger than " + std::to_string(max_record_bytes) + " bytes"};
    }
  }
  return std::nullopt;
}

// Reads the stored partition count, or stores it on a fresh database.
result<void> check_partitions(rocksdb::DB& db, std::uint32_t partitions) {
  std::string stored;
  const auto key = rocksdb::Slice(partitions_key.data(), partitions_key.size());
  auto status = db.Get(rocksdb::ReadOptions(), key, &stored);
  if (status.ok()) {
    if (stored.size() != 4) return fail(errc::io, "malformed partition count in the log");
    const std::uint32_t existing = get_be32(stored.data());
    if (existing != partitions) {
      return fail(errc::invalid_argument, "log has " + std::to_string(existing) +
                                              " partitions, opened with " +
                                              std::to_string(partitions));
    }
    return {};
  }
  if (!status.IsNotFound()) return tl::unexpected(io_error(status, "reading partition count"));
  char value[4];
  put_be32(value, partitions);
  rocksdb::WriteOptions sync;
  sync.sync = true;
  status = db.Put(sync, key, rocksdb::Slice(value, sizeof value));
  if (!status.ok()) return tl::unexpected(io_error(status, "storing partition count"));
  return {};
}

// The end of every partition: one past the offset of its last record key.
result<std::vector<offset>> recover_ends(rocksdb::DB& db, std::uint32_t partitions) {
  std::vector<offset> ends(partitions, 0);
  std::unique_ptr<rocksdb::Iterator> it(db.NewIterator(rocksdb::ReadOptions()));
  for (partition_id p = 0; p < partitions; ++p) {
    const auto last = make_record_key(p, std::numeric_limits<offset>::max());
    it->SeekForPrev(rocksdb::Slice(last.data(), last.size()));
    if (!it->Valid()) continue;
    const auto pos = parse_record_key(std::string_view(it->key().data(), it->key().size()));
    if (pos && pos->partition == p) ends[p] = pos->off + 1;
  }
  if (!it->status().ok()) return tl::unexpected(io_error(it->status(), "recovering offsets"));
  return ends;
}

}  // namespace

error io_error(const rocksdb::Status& status, std::string_view what) {
  return error{make_error_code(errc::io), std::string(what) + ": " + status.ToString()};
}

result<void> read_range(rocksdb::Iterator& it, partition_id partition, offset from, offset end,
                        std::size_t max_records, std::vector<stored_record>& out) {
  const auto start = make_record_key(partition, from);
  offset next = from;
  std::size_t taken = 0;
  for (it.Seek(rocksdb::Slice(start.data(), start.size()));
       it.Valid() && next < end && taken < max_records; it.Next(), ++next, ++taken) {
    const auto pos = parse_record_key(std::string_view(it.key().data(), it.key().size()));
    if (!pos || pos->partition != partition || pos->off != next) {
      return fail(errc::io, "gap in partition " + std::to_string(partition) + " at offset " +
                                std::to_string(next));
    }
    stored_record& record = out.emplace_back();
    record.partition = partition;
    record.off = next;
    if (!decode_record_value(std::string_view(it.value().data(), it.value().size()), record)) {
      return fail(errc::io, "malformed record at offset " + std::to_string(next));
    }
  }
  if (!it.status().ok()) return tl::unexpected(io_error(it.status(), "reading records"));
  if (next < end && taken < max_records) {
    return fail(errc::io, "missing durable record in partition " + std::to_string(partition));
  }
  return {};
}

result<std::shared_ptr<core>> core::open(const embedded_options& options) {
  if (options.partitions == 0) return fail(errc::invalid_argument, "partition count must be > 0");
  std::error_code ec;
  std::filesystem::create_directories(options.dir, ec);
  if (ec) return fail(errc::io, "creating " + options.dir.string() + ": " + ec.message());
  rocksdb::Options db_options;
  db_options.create_if_missing = true;
  db_options.keep_log_file_num = 4;
  rocksdb::DB* raw = nullptr;
  const auto status = rocksdb::DB::Open(db_options, options.dir.string(), &raw);
  if (!status.ok()) return tl::unexpected(io_error(status, "opening " + options.dir.string()));
  std::unique_ptr<rocksdb::DB> db(raw);
  if (auto checked = check_partitions(*db, options.partitions); !checked) {
    return tl::unexpected(checked.error());
  }
  auto ends = recover_ends(*db, options.partitions);
  if (!ends) return tl::unexpected(ends.error());
  return std::make_shared<core>(std::move(db), options.partitions, std::move(*ends));
}

core::core(std::unique_ptr<rocksdb::DB> db, std::uint32_t partitions, std::vector<offset> ends)
    : db_(std::move(db)),
      partitions_(partitions),
      durable_ends_(std::make_unique<std::atomic<offset>[]>(partitions)),
      next_(std::move(ends)) {
  for (partition_id p = 0; p < partitions_; ++p) durable_ends_[p].store(next_[p]);
  writer_ = std::thread([this] { run_writer(); });
}

core::~core() { close(); }

void core::append_async(std::vector<record_to_append> batch, event_log::append_callback done) {
  auto rejected = validate(batch);
  {
    std::lock_guard lock(queue_mu_);
    if (!stopping_) {
      queue_.push_back(request{std::move(batch), std::move(done), std::move(rejected), {}});
      queue_cv_.notify_one();
      return;
    }
  }
  done(fail(errc::closed, "embedded log is closed"));
}

void core::close() {
  {
    std::lock_guard lock(queue_mu_);
    stopping_ = true;
  }
  queue_cv_.notify_all();
  if (writer_.joinable()) writer_.join();
  closed_.store(true, std::memory_order_release);
  notify_change();
}

std::uint64_t core::change_count() {
  std::lock_guard lock(change_mu_);
  return changes_;
}

void core::wait_for_change(std::uint64_t seen, clock::time_point deadline) {
  std::unique_lock lock(change_mu_);
  change_cv_.wait_until(lock, deadline, [&] { return changes_ != seen || closed(); });
}

embedded_stats core::stats() const {
  return {appends_.load(std::memory_order_relaxed), records_.load(std::memory_order_relaxed),
          synced_writes_.load(std::memory_order_relaxed)};
}

void core::notify_change() {
  {
    std::lock_guard lock(change_mu_);
    ++changes_;
  }
  change_cv_.notify_all();
}

void core::run_writer() {
  std::vector<request> pending;
  for (;;) {
    {
      std::unique_lock lock(queue_mu_);
      queue_cv_.wait(lock, [&] { return !queue_.empty() || stopping_; });
      if (queue_.empty()) return;
      pending.swap(queue_);
    }
    write_groups(pending);
    pending.clear();
  }
}

// Everything drained goes into as few synced writes as the group size limit allows.
void core::write_groups(std::vector<request>& pending) {
  std::size_t first = 0;
  while (first < pending.size()) {
    batch_.Clear();
    std::size_t last = first;
    bool staged = true;
    while (last < pending.size() && batch_.GetDataSize() < max_group_bytes) {
      staged = stage(pending[last++]) && staged;
    }
    flush(pending, first, last, staged);
    first = last;
  }
}

// Assigns offsets to one request's records and adds them to the current WriteBatch. False if
// the WriteBatch refused a record: it then holds part of a request and must not be written.
bool core::stage(request& r) {
  if (r.rejected) return true;
  r.positions.reserve(r.batch.size());
  for (const auto& record : r.batch) {
    const partition_id p = partition_for(record.key, partitions_);
    const offset off = next_[p]++;
    const auto key = make_record_key(p, off);
    value_buffer_.clear();
    encode_record_value(record, value_buffer_);
    const auto status = batch_.Put(rocksdb::Slice(key.data(), key.size()), value_buffer_);
    if (!status.ok()) {
      r.rejected = io_error(status, "staging record");
      return false;
    }
    r.positions.push_back({p, off});
  }
  return true;
}

// One synced write for requests [first, last), then their callbacks in enqueue order.
void core::flush(std::vector<request>& pending, std::size_t first, std::size_t last,
                 bool staged) {
  std::optional<error> failed;
  if (!staged) failed = error{make_error_code(errc::io), "staging records failed"};
  if (!failed && batch_.Count() > 0) {
    rocksdb::WriteOptions sync;
    sync.sync = true;
    const auto status = db_->Write(sync, &batch_);
    synced_writes_.fetch_add(1, std::memory_order_relaxed);
    if (!status.ok()) failed = io_error(status, "appending records");
  }
  if (failed) {
    for (partition_id p = 0; p < partitions_; ++p) next_[p] = durable_end(p);
  } else {
    for (partition_id p = 0; p < partitions_; ++p) {
      durable_ends_[p].store(next_[p], std::memory_order_release);
    }
    if (batch_.Count() > 0) notify_change();
  }
  for (std::size_t i = first; i < last; ++i) {
    request& r = pending[i];
    if (r.rejected) {
      r.done(tl::unexpected(*r.rejected));
    } else if (failed) {
      r.done(tl::unexpected(*failed));
    } else {
      if (!r.positions.empty()) {
        appends_.fetch_add(1, std::memory_order_relaxed);
        records_.fetch_add(r.positions.size(), std::memory_order_relaxed);
      }
      r.done(std::move(r.positions));
    }
  }
}

}  // namespace runlog::eventlog::embedded
