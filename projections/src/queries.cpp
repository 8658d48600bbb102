// The typed queries of the store: point reads and index scans. A listing reads its index and
// its rows from one snapshot, so `total` and `items` always agree.

#include <algorithm>
#include <tuple>

#include "snapshot.hpp"
#include "codec.hpp"
#include "keys.hpp"
#include "rocks_store.hpp"

namespace runlog::projections {
namespace {

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

result<std::vector<workflow_version_view>> rocks_store::list_workflow_versions(
    std::string_view tenant, std::string_view workflow_id) {
  // Version numbers are big-endian in the key: key order is ascending version order.
  const std::string prefix = keys::workflow_version_prefix(tenant, workflow_id);
  std::vector<workflow_version_view> out;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    auto view = decode_workflow_version(it->value().ToStringView());
    if (!view) return tl::unexpected(view.error());
    out.push_back(std::move(*view));
  }
  if (!it->status().ok()) return fail(errc::io, "version scan failed: " + it->status().ToString());
  return out;
}

result<std::optional<workflow_version_view>> rocks_store::get_workflow_version(
    std::string_view tenant, std::string_view workflow_id, int version) {
  auto bytes =
      read(*db_, rocksdb::ReadOptions(), keys::workflow_version(tenant, workflow_id, version));
  if (!bytes) return tl::unexpected(bytes.error());
  if (!*bytes) return std::optional<workflow_version_view>{};
  auto view = decode_workflow_version(**bytes);
  if (!view) return tl::unexpected(view.error());
  return std::optional<workflow_version_view>{std::move(*view)};
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

result<std::optional<idempotency_record>> rocks_store::get_idempotency(std::string_view tenant,
                                                                       std::string_view scope,
                                                                       std::string_view key) {
  auto bytes = read(*db_, rocksdb::ReadOptions(), keys::idempotency(tenant, scope, key));
  if (!bytes) return tl::unexpected(bytes.error());
  if (!*bytes) return std::optional<idempotency_record>{};
  auto r = decode_idempotency(**bytes);
  if (!r) return tl::unexpected(r.error());
  return std::optional<idempotency_record>{std::move(*r)};
}

result<std::optional<outcome>> rocks_store::get_outcome(std::string_view command_id) {
  auto bytes = read(*db_, rocksdb::ReadOptions(), keys::outcome(command_id));
  if (!bytes) return tl::unexpected(bytes.error());
  if (!*bytes) return std::optional<outcome>{};
  auto o = decode_outcome(**bytes);
  if (!o) return tl::unexpected(o.error());
  return std::optional<outcome>{std::move(*o)};
}

result<std::vector<schedule_view>> rocks_store::list_schedules(std::string_view tenant,
                                                               std::string_view workflow_id) {
  const snapshot snap(*db_);
  const std::string prefix = keys::schedule_prefix(tenant, workflow_id);
  std::vector<schedule_view> out;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(snap.options()));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    auto s = decode_schedule(it->value().ToStringView());
    if (!s) return tl::unexpected(s.error());
    out.push_back(std::move(*s));
  }
  if (!it->status().ok()) return fail(errc::io, "schedule scan failed: " + it->status().ToString());
  // A workflow has few schedules: the rows are keyed by id and sorted here, no index needed.
  std::sort(out.begin(), out.end(), [](const schedule_view& a, const schedule_view& b) {
    return std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id);
  });
  return out;
}

result<std::optional<schedule_view>> rocks_store::get_schedule(std::string_view tenant,
                                                               std::string_view workflow_id,
                                                               std::string_view schedule_id) {
  auto bytes =
      read(*db_, rocksdb::ReadOptions(), keys::schedule(tenant, workflow_id, schedule_id));
  if (!bytes) return tl::unexpected(bytes.error());
  if (!*bytes) return std::optional<schedule_view>{};
  auto s = decode_schedule(**bytes);
  if (!s) return tl::unexpected(s.error());
  return std::optional<schedule_view>{std::move(*s)};
}

}  // namespace runlog::projections
