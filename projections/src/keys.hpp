#pragma once
// Key layout of the projection store (see projections/README.md, "Key layout").
//
// A key is a one-byte prefix followed by components. Every component except the last is
// length-prefixed (u32 big-endian length, then the bytes), so a component may hold any byte,
// NUL included, and a tenant's keys can never run into another tenant's. The last component
// is raw: keys with the same leading components then sort by it bytewise. Timestamps in
// indexes are "inverted" big-endian u64 so that iteration order is newest first.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "runlog/eventlog/event_log.hpp"

namespace runlog::projections::keys {

inline constexpr char workflow_row = 'w';    ///< w lp(tenant) id            -> workflow JSON
inline constexpr char workflow_index = 'W';  ///< W lp(tenant) inv(ts) id    -> status
inline constexpr char run_row = 'r';         ///< r lp(tenant) id            -> run JSON
inline constexpr char run_index = 'R';       ///< R lp(tenant) lp(wf) inv(ts) id -> status
inline constexpr char tenant_run_index = 'T';  ///< T lp(tenant) inv(ts) id -> lp(status) wf
inline constexpr char stats_row = 's';         ///< s lp(tenant) wf            -> stats JSON
inline constexpr char workflow_version_row = 'V';  ///< V lp(tenant) lp(wf) be32(n) -> version JSON
inline constexpr char deleted_workflow_row = 'D';  ///< D lp(tenant) wf      -> "" (tombstone)
inline constexpr char idempotency_row = 'i';  ///< i lp(tenant) lp(scope) key -> idempotency JSON
inline constexpr char schedule_row = 'c';  ///< c lp(tenant) lp(wf) schedule_id -> schedule JSON
inline constexpr char outcome_row = 'o';     ///< o command_id               -> outcome JSON
inline constexpr char position_row = 'p';    ///< p be32(partition)          -> be64(next)
inline constexpr char version_row = 'v';     ///< v projection name          -> decimal version
inline constexpr char feed_row = 'f';       ///< f lp(tenant) lp(run) be32(p) be64(off) -> message
inline constexpr char feed_index = 'F';     ///< F lp(tenant) lp(wf) be32(p) be64(off) -> run id
inline constexpr char feed_run_row = 'g';   ///< g lp(tenant) run_id    -> workflow id
inline constexpr char feed_gone_row = 'G';  ///< G lp(tenant) wf        -> "" (deleted workflow)

std::string workflow(std::string_view tenant, std::string_view id);
std::string workflow_index_prefix(std::string_view tenant);
std::string workflow_index_entry(std::string_view tenant, std::int64_t created_at,
                                 std::string_view id);

std::string run(std::string_view tenant, std::string_view id);
std::string run_index_prefix(std::string_view tenant, std::string_view workflow_id);
std::string run_index_entry(std::string_view tenant, std::string_view workflow_id,
                            std::int64_t started_at, std::string_view id);

std::string tenant_run_index_prefix(std::string_view tenant);
std::string tenant_run_index_entry(std::string_view tenant, std::int64_t started_at,
                                   std::string_view id);
/// The value of a tenant-wide run index entry: lp(status) workflow_id.
std::string tenant_run_value(std::string_view status, std::string_view workflow_id);
struct tenant_run_fields {
  std::string_view status;
  std::string_view workflow_id;
};
/// Splits a tenant_run_value; nullopt when malformed.
std::optional<tenant_run_fields> split_tenant_run_value(std::string_view value);
/// The started_at of an index entry whose prefix is `prefix_size` bytes long.
std::optional<std::int64_t> index_entry_ts(std::string_view entry, std::size_t prefix_size);
/// The inverted big-endian timestamp that follows an index prefix (a Seek target).
std::string encode_inverted(std::int64_t ts);

std::string workflow_stats(std::string_view tenant, std::string_view workflow_id);

std::string workflow_version_prefix(std::string_view tenant, std::string_view workflow_id);
std::string workflow_version(std::string_view tenant, std::string_view workflow_id, int version);
/// The tombstone of a deleted workflow: runs of it are never (re)created.
std::string deleted_workflow(std::string_view tenant, std::string_view workflow_id);

/// Schedules of a workflow: every row of the workflow starts with schedule_prefix.
std::string schedule_prefix(std::string_view tenant, std::string_view workflow_id);
std::string schedule(std::string_view tenant, std::string_view workflow_id,
                     std::string_view schedule_id);

std::string outcome(std::string_view command_id);
std::string idempotency(std::string_view tenant, std::string_view scope, std::string_view key);
std::string position(eventlog::partition_id p);
std::string version(std::string_view projection_name);

/// The id at the end of an index entry whose prefix is `prefix_size` bytes long.
std::string_view index_entry_id(std::string_view entry, std::size_t prefix_size);

/// Big-endian fixed-width u64 (position values).
std::string encode_u64(std::uint64_t v);
std::optional<std::uint64_t> decode_u64(std::string_view bytes);

/// Maps a signed timestamp to a u64 whose big-endian bytes sort newest first.
std::uint64_t inverted(std::int64_t ts);

/// Feed keys (feed_projection.cpp). A scope prefix is `feed_row` + lp(tenant) + lp(run id) or
/// `feed_index` + lp(tenant) + lp(workflow id); be32(partition) be64(offset) follow it.
std::string feed_scope_prefix(char prefix, std::string_view tenant, std::string_view id);
/// `scope_prefix` + be32(partition) [+ be64(offset)].
std::string feed_partition_prefix(std::string_view scope_prefix, eventlog::partition_id p);
std::string feed_entry(std::string_view scope_prefix, eventlog::partition_id p,
                       eventlog::offset off);
std::string feed_run(std::string_view tenant, std::string_view run_id);
std::string feed_gone(std::string_view tenant, std::string_view workflow_id);
/// The offset at the end of a feed entry key; nullopt when malformed.
std::optional<eventlog::offset> feed_entry_offset(std::string_view entry);

}  // namespace runlog::projections::keys
