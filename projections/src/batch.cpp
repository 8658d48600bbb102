#include "batch.hpp"

#include <memory>

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

result<std::vector<std::pair<std::string, std::string>>> batch::scan(const std::string& prefix) {
  std::map<std::string, std::string> found;
  std::unique_ptr<rocksdb::Iterator> it(db_.NewIterator(rocksdb::ReadOptions()));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    found.emplace(it->key().ToString(), it->value().ToString());
  }
  if (!it->status().ok()) return fail(errc::io, "projection scan failed: " + it->status().ToString());
  for (auto s = staged_.lower_bound(prefix); s != staged_.end() && s->first.starts_with(prefix);
       ++s) {
    if (s->second) {
      found[s->first] = *s->second;
    } else {
      found.erase(s->first);
    }
  }
  return std::vector<std::pair<std::string, std::string>>(found.begin(), found.end());
}

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
