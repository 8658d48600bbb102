// The typed queries of the store: point reads and index scans. A listing reads its index and
// its rows from one snapshot, so `total` and `items` always agree.

#include "codec.hpp"
#include "keys.hpp"
#include "rocks_store.hpp"

namespace runlog::projections {
namespace {

// A consistent view of the DB for the duration of one query.
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

result<std::optional<std::string>> read(rocksdb::DB& db, const rocksdb::ReadOptions& options,
                                        const std::string& key) {
  std::string value;
  const rocksdb::Status s = db.Get(options, key, &value);
  if (s.IsNotFound()) return std::optional<std::string>{};
  if (!s.ok()) return fail(errc::io, "projection read failed: " + s.ToString());
  return std::optional<std::string>{std::move(value)};
}

struct index_page {
  std::vector<std::string> ids;
  std::size_t total = 0;
};

// Walks one index (value = status) newest first, counting matches and keeping the page's ids.
result<index_page> scan(rocksdb::DB& db, const rocksdb::ReadOptions& options,
                        const std::string& prefix, std::optional<std::string_view> status, page p) {
  index_page out;
  std::unique_ptr<rocksdb::Iterator> it(db.NewIterator(options));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    if (status && it->value().ToStringView() != *status) continue;
    const std::size_t index = out.total++;
    if (index >= p.offset && index - p.offset < p.limit) {
      out.ids.emplace_back(keys::index_entry_id(it->key().ToStringView(), prefix.size()));
    }
  }
  if (!it->status().ok()) return fail(errc::io, "index scan failed: " + it->status().ToString());
  return out;
}

// Reads the rows of a page of ids; a listed id without a row is a broken invariant.
template <typename View, typename Key, typename Decode>
result<listing<View>> fetch(rocksdb::DB& db, const snapshot& snap, index_page ids, Key key_of,
                            Decode decode) {
  listing<View> out;
  out.total = ids.total;
  for (const std::string& id : ids.ids) {
    auto bytes = read(db, snap.options(), key_of(id));
    if (!bytes) return tl::unexpected(bytes.error());
    if (!*bytes) return fail(errc::corrupt, "index entry without row: " + id);
    auto view = decode(**bytes);
    if (!view) return tl::unexpected(view.error());
    out.items.push_back(std::move(*view));
  }
  return out;
}

// The tenant-wide run index from `filter.started_to` down to `filter.started_from`.
result<index_page> scan_tenant_runs(rocksdb::DB& db, const rocksdb::ReadOptions& options,
                                    const std::string& prefix, const run_filter& filter, page p) {
  index_page out;
  std::unique_ptr<rocksdb::Iterator> it(db.NewIterator(options));
  const std::string first =
      filter.started_to ? prefix + keys::encode_inverted(*filter.started_to) : prefix;
  for (it->Seek(first); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    const std::string_view key = it->key().ToStringView();
    const auto ts = keys::index_entry_ts(key, prefix.size());
    const auto fields = keys::split_tenant_run_value(it->value().ToStringView());
    if (!ts || !fields) return fail(errc::corrupt, "malformed tenant run index entry");
    if (filter.started_from && *ts < *filter.started_from) break;
    if (filter.status && fields->status != *filter.status) continue;
    if (filter.workflow_id && fields->workflow_id != *filter.workflow_id) continue;
    const std::size_t index = out.total++;
    if (index >= p.offset && index - p.offset < p.limit) {
      out.ids.emplace_back(keys::index_entry_id(key, prefix.size()));
    }
  }
  if (!it->status().ok()) return fail(errc::io, "index scan failed: " + it->status().ToString());
  return out;
}

result<run_view> decode_run_view(const std::string& bytes) {
  auto row = decode_run(bytes);
  if (!row) return tl::unexpected(row.error());
  return std::move(row->view);
}

result<std::optional<run_view>> to_run_view(result<run_row> row) {
  if (!row) return tl::unexpected(row.error());
  return std::optional<run_view>{std::move(row->view)};
}

}  // namespace

result<listing<workflow_view>> rocks_store::list_workflows(std::string_view tenant,
                                                           std::optional<std::string_view> status,
                                                           page p) {
  const snapshot snap(*db_);
  auto ids = scan(*db_, snap.options(), keys::workflow_index_prefix(tenant), status, p);
  if (!ids) return tl::unexpected(ids.error());
  return fetch<workflow_view>(
      *db_, snap, std::move(*ids),
      [&](const std::string& id) { return keys::workflow(tenant, id); },
      [](const std::string& bytes) { return decode_workflow(bytes); });
}

result<std::optional<workflow_view>> rocks_store::get_workflow(std::string_view tenant,
                                                               std::string_view workflow_id) {
  auto bytes = read(*db_, rocksdb::ReadOptions(), keys::workflow(tenant, workflow_id));
  if (!bytes) return tl::unexpected(bytes.error());
  if (!*bytes) return std::optional<workflow_view>{};
  auto view = decode_workflow(**bytes);
  if (!view) return tl::unexpected(view.error());
  return std::optional<workflow_view>{std::move(*view)};
}

result<listing<run_view>> rocks_store::list_runs(std::string_view tenant,
                                                 std::string_view workflow_id,
                                                 std::optional<std::string_view> status, page p) {
  const snapshot snap(*db_);
  auto ids = scan(*db_, snap.options(), keys::run_index_prefix(tenant, workflow_id), status, p);
  if (!ids) return tl::unexpected(ids.error());
  return fetch<run_view>(
      *db_, snap, std::move(*ids), [&](const std::string& id) { return keys::run(tenant, id); },
      decode_run_view);
}

result<listing<run_view>> rocks_store::list_tenant_runs(std::string_view tenant,
                                                        const run_filter& filter, page p) {
  const snapshot snap(*db_);
  auto ids =
      scan_tenant_runs(*db_, snap.options(), keys::tenant_run_index_prefix(tenant), filter, p);
  if (!ids) return tl::unexpected(ids.error());
  return fetch<run_view>(
      *db_, snap, std::move(*ids), [&](const std::string& id) { return keys::run(tenant, id); },
      decode_run_view);
}

result<workflow_stats> rocks_store::get_workflow_stats(std::string_view tenant,
                                                       std::string_view workflow_id) {
  auto bytes = read(*db_, rocksdb::ReadOptions(), keys::workflow_stats(tenant, workflow_id));
  if (!bytes) return tl::unexpected(bytes.error());
  if (!*bytes) return workflow_stats{};
  return decode_stats(**bytes);
}

result<std::optional<run_view>> rocks_store::get_run(std::string_view tenant,
                                                     std::string_view run_id) {
  auto bytes = read(*db_, rocksdb::ReadOptions(), keys::run(tenant, run_id));
  if (!bytes) return tl::unexpected(bytes.error());
  if (!*bytes) return std::optional<run_view>{};
  return to_run_view(decode_run(**bytes));
}

result<std::optional<outcome>> rocks_store::get_outcome(std::string_view command_id) {
  auto bytes = read(*db_, rocksdb::ReadOptions(), keys::outcome(command_id));
  if (!bytes) return tl::unexpected(bytes.error());
  if (!*bytes) return std::optional<outcome>{};
  auto o = decode_outcome(**bytes);
  if (!o) return tl::unexpected(o.error());
  return std::optional<outcome>{std::move(*o)};
}

}  // namespace runlog::projections
