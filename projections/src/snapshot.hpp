#pragma once
// A RocksDB snapshot held for the duration of one query or catch-up read, released on scope
// exit: every read through options() sees the same consistent view.

#include <rocksdb/db.h>

namespace runlog::projections {

class snapshot {
 public:
  explicit snapshot(rocksdb::DB& db) : db_(db), snap_(db.GetSnapshot()) {
    options_.snapshot = snap_;
  }
  ~snapshot() { db_.ReleaseSnapshot(snap_); }
  snapshot(const snapshot&) = delete;
  snapshot& operator=(const snapshot&) = delete;
  const rocksdb::ReadOptions& options() const { return options_; }

 private:
  rocksdb::DB& db_;
  const rocksdb::Snapshot* snap_;
  rocksdb::ReadOptions options_;
};

}  // namespace runlog::projections
