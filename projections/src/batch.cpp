#include "batch.hpp"

#include <rocksdb/write_batch.h>

#include "runlog/projections/store.hpp"

namespace runlog::projections {

result<std::optional<std::string>> batch::get(const std::string& key) {
  if (const auto it = staged_.find(key); it != staged_.end()) return it->second;
  std::string value;
  const rocksdb::Status s = db_.Get(rocksdb::ReadOptions(), key, &value);
  if (s.IsNotFound()) return std::optional<std::string>{};
  if (!s.ok()) return fail(errc::io, "projection read failed: " + s.ToString());
  return std::optional<std::string>{std::move(value)};
}

void batch::put(std::string key, std::string value) { staged_[std::move(key)] = std::move(value); }

void batch::del(std::string key) { staged_[std::move(key)] = std::nullopt; }

result<void> batch::commit() {
  if (staged_.empty()) return {};
  rocksdb::WriteBatch wb;
  for (const auto& [key, value] : staged_) {
    const rocksdb::Status s = value ? wb.Put(key, *value) : wb.Delete(key);
    if (!s.ok()) return fail(errc::io, "projection batch failed: " + s.ToString());
  }
  const rocksdb::Status s = db_.Write(rocksdb::WriteOptions(), &wb);
  if (!s.ok()) return fail(errc::io, "projection write failed: " + s.ToString());
  staged_.clear();
  return {};
}

}  // namespace runlog::projections
