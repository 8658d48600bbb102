// Opening the store, the projection version check, applying log batches, the checksum.

#include "rocks_store.hpp"

#include <cstdio>
#include <map>
#include <unordered_map>

#include <openssl/evp.h>
#include <rocksdb/write_batch.h>

#include "batch.hpp"
#include "keys.hpp"
#include "projection.hpp"

namespace runlog::projections {
namespace {

std::map<std::string, std::string> code_versions() {
  std::map<std::string, std::string> versions;
  for (const projection* p : all_projections()) {
    versions.emplace(std::string(p->name), std::to_string(p->version));
  }
  return versions;
}

std::string describe_mismatch(const std::map<std::string, std::string>& stored,
                              const std::map<std::string, std::string>& code) {
  for (const auto& [name, version] : code) {
    const auto it = stored.find(name);
    if (it == stored.end()) return "projection '" + name + "' is missing from the store";
    if (it->second != version) {
      return "projection '" + name + "' is stored at version " + it->second +
             " but this build has version " + version;
    }
  }
  for (const auto& [name, version] : stored) {
    if (!code.contains(name)) return "the store has unknown projection '" + name + "'";
  }
  return "projection versions differ";
}

// Projections read only events, run.execute and workflow.create (runs queued, Idempotency-Keys):
// other commands are not decoded at all.
bool is_projected(std::string_view type) {
  return schemas::kind_of(type) == schemas::record_kind::event || type == "run.execute" ||
         type == "workflow.create";
}

result<std::optional<decoded_record>> decode_record(const eventlog::stored_record& r) {
  auto header = schemas::peek_header(r.value);
  if (!header) return tl::unexpected(header.error());
  if (!is_projected(header->type)) return std::optional<decoded_record>{};
  auto env = schemas::decode(r.value);
  if (!env) return tl::unexpected(env.error());
  if (schemas::kind_of(env->type) == schemas::record_kind::command) {
    auto command = schemas::to_command(*env);
    if (!command) return tl::unexpected(command.error());
    return decoded_record{std::move(*env), std::move(*command), r.partition, r.off};
  }
  auto event = schemas::to_event(*env);
  if (!event) return tl::unexpected(event.error());
  return decoded_record{std::move(*env), std::move(*event), r.partition, r.off};
}

}  // namespace

std::span<const projection* const> all_projections() {
  static const projection* const all[] = {&workflow_projection, &run_projection,
                                          &outcome_projection,
                                          &idempotency_projection, &feed_projection,
                                          &schedule_projection};
  return all;
}

result<std::unique_ptr<store>> store::open(const std::filesystem::path& dir) {
  auto opened = rocks_store::open_rocks(dir);
  if (!opened) return tl::unexpected(opened.error());
  return std::unique_ptr<store>(std::move(*opened));
}

namespace {

result<std::unique_ptr<rocksdb::DB>> open_db(const std::filesystem::path& dir) {
  rocksdb::Options options;
  options.create_if_missing = true;
  rocksdb::DB* raw = nullptr;
  const rocksdb::Status s = rocksdb::DB::Open(options, dir.string(), &raw);
  if (!s.ok())
    return fail(errc::io, "cannot open projection store " + dir.string() + ": " + s.ToString());
  return std::unique_ptr<rocksdb::DB>(raw);
}

}  // namespace

result<std::unique_ptr<rocks_store>> rocks_store::open_rocks(const std::filesystem::path& dir) {
  auto db = open_db(dir);
  if (!db) return tl::unexpected(db.error());
  std::unique_ptr<rocks_store> opened(new rocks_store(std::move(*db)));
  auto checked = opened->check_versions();
  if (!checked && checked.error().code == make_error_code(errc::corrupt)) {
    // Projections are derived from the log: a store written by another projection version
    // is dropped and rebuilt from offset 0 by the projector.
    const std::string why = checked.error().message;
    opened.reset();
    const rocksdb::Status destroyed = rocksdb::DestroyDB(dir.string(), rocksdb::Options());
    if (!destroyed.ok()) return fail(errc::io, "cannot drop projection store: " + destroyed.ToString());
    db = open_db(dir);
    if (!db) return tl::unexpected(db.error());
    opened.reset(new rocks_store(std::move(*db)));
    opened->rebuilt_because_ = why;
    checked = opened->check_versions();
  }
  if (!checked) {
    return tl::unexpected(error{
        checked.error().code, "projection store " + dir.string() + ": " + checked.error().message});
  }
  return opened;
}

result<void> rocks_store::check_versions() {
  std::map<std::string, std::string> stored;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  const std::string prefix(1, keys::version_row);
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    stored.emplace(it->key().ToString().substr(1), it->value().ToString());
  }
  if (!it->status().ok()) return fail(errc::io, it->status().ToString());
  const auto code = code_versions();
  if (stored.empty()) {
    it->SeekToFirst();
    if (it->Valid()) {
      return fail(errc::corrupt,
                  "rows without projection versions");
    }
    rocksdb::WriteBatch wb;
    for (const auto& [name, version] : code) {
      if (const auto put = wb.Put(keys::version(name), version); !put.ok()) {
        return fail(errc::io, put.ToString());
      }
    }
    rocksdb::WriteOptions sync;
    sync.sync = true;
    const rocksdb::Status s = db_->Write(sync, &wb);
    return s.ok() ? result<void>{} : fail(errc::io, s.ToString());
  }
  if (stored != code) {
    return fail(errc::corrupt, describe_mismatch(stored, code));
  }
  return {};
}

result<eventlog::offset> rocks_store::position(eventlog::partition_id p) {
  std::string value;
  const rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), keys::position(p), &value);
  if (s.IsNotFound()) return eventlog::offset{0};
  if (!s.ok()) return fail(errc::io, "cannot read position: " + s.ToString());
  const auto next = keys::decode_u64(value);
  if (!next)
    return fail(errc::corrupt, "position of partition " + std::to_string(p) + " is malformed");
  return *next;
}

result<void> rocks_store::apply(const std::vector<eventlog::stored_record>& records) {
  batch rows(*db_);
  std::unordered_map<eventlog::partition_id, eventlog::offset> next;
  for (const eventlog::stored_record& r : records) {
    auto at = next.find(r.partition);
    if (at == next.end()) {
      auto stored = position(r.partition);
      if (!stored) return tl::unexpected(stored.error());
      at = next.emplace(r.partition, *stored).first;
    }
    if (r.off < at->second) continue;  // already applied: never apply a record twice
    auto decoded = decode_record(r);
    if (!decoded) {
      // A record we cannot read must not wedge the projector: skip it, advance past it.
      const auto n = ++skipped_;
      std::fprintf(stderr,
                   "runlog projections: skipped undecodable record %u/%llu (%llu so far): %s\n",
                   r.partition, static_cast<unsigned long long>(r.off),
                   static_cast<unsigned long long>(n), decoded.error().message.c_str());
    } else if (*decoded) {
      for (const projection* p : all_projections()) {
        if (auto applied = p->apply(**decoded, rows); !applied) return applied;
      }
    }
    at->second = r.off + 1;
    rows.put(keys::position(r.partition), keys::encode_u64(at->second));
  }
  if (auto committed = rows.commit(); !committed) return committed;
  hub_.publish(rows.take_published());  // only now: subscribers may read the rows back
  return {};
}

result<std::unique_ptr<feed_subscription>> rocks_store::subscribe_feed(feed_request request) {
  return open_feed_subscription(*db_, hub_, std::move(request));
}

result<std::string> rocks_store::checksum() {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) {
    return fail(errc::io, "SHA-256 unavailable");
  }
  // Each key and value is preceded by its length, so (k, v) pairs cannot alias.
  const auto feed = [&](std::string_view bytes) {
    const std::string size = keys::encode_u64(bytes.size());
    return EVP_DigestUpdate(ctx.get(), size.data(), size.size()) == 1 &&
           EVP_DigestUpdate(ctx.get(), bytes.data(), bytes.size()) == 1;
  };
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (!feed(it->key().ToStringView()) || !feed(it->value().ToStringView())) {
      return fail(errc::io, "SHA-256 update failed");
    }
  }
  if (!it->status().ok()) return fail(errc::io, "checksum scan failed: " + it->status().ToString());
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_DigestFinal_ex(ctx.get(), digest, &size) != 1) return fail(errc::io, "SHA-256 failed");
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < size; ++i) {
    out.push_back(hex[digest[i] >> 4]);
    out.push_back(hex[digest[i] & 0xf]);
  }
  return out;
}

}  // namespace runlog::projections
