#include "keys.hpp"

namespace runlog::projections::keys {
namespace {

void append_be(std::string& out, std::uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

void append_component(std::string& out, std::string_view c) {
  append_be(out, c.size(), 4);
  out.append(c);
}

std::string start(char prefix, std::string_view tenant) {
  std::string k(1, prefix);
  append_component(k, tenant);
  return k;
}

std::optional<std::size_t> decode_u32(std::string_view bytes) {
  if (bytes.size() < 4) return std::nullopt;
  std::size_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[i]);
  return v;
}

}  // namespace

std::string workflow(std::string_view tenant, std::string_view id) {
  return start(workflow_row, tenant).append(id);
}

std::string workflow_index_prefix(std::string_view tenant) { return start(workflow_index, tenant); }

std::string workflow_index_entry(std::string_view tenant, std::int64_t created_at,
                                 std::string_view id) {
  std::string k = workflow_index_prefix(tenant);
  append_be(k, inverted(created_at), 8);
  return k.append(id);
}

std::string run(std::string_view tenant, std::string_view id) {
  return start(run_row, tenant).append(id);
}

std::string run_index_prefix(std::string_view tenant, std::string_view workflow_id) {
  std::string k = start(run_index, tenant);
  append_component(k, workflow_id);
  return k;
}

std::string run_index_entry(std::string_view tenant, std::string_view workflow_id,
                            std::int64_t started_at, std::string_view id) {
  std::string k = run_index_prefix(tenant, workflow_id);
  append_be(k, inverted(started_at), 8);
  return k.append(id);
}

std::string tenant_run_index_prefix(std::string_view tenant) {
  return start(tenant_run_index, tenant);
}

std::string tenant_run_index_entry(std::string_view tenant, std::int64_t started_at,
                                   std::string_view id) {
  std::string k = tenant_run_index_prefix(tenant);
  append_be(k, inverted(started_at), 8);
  return k.append(id);
}

std::string tenant_run_value(std::string_view status, std::string_view workflow_id) {
  std::string v;
  append_component(v, status);
  return v.append(workflow_id);
}

std::optional<tenant_run_fields> split_tenant_run_value(std::string_view value) {
  const auto size = decode_u32(value);
  if (!size || value.size() - 4 < *size) return std::nullopt;
  return tenant_run_fields{value.substr(4, *size), value.substr(4 + *size)};
}

std::optional<std::int64_t> index_entry_ts(std::string_view entry, std::size_t prefix_size) {
  if (entry.size() < prefix_size + 8) return std::nullopt;
  const auto inv = decode_u64(entry.substr(prefix_size, 8));
  if (!inv) return std::nullopt;
  return static_cast<std::int64_t>(~*inv ^ (std::uint64_t{1} << 63));
}

std::string encode_inverted(std::int64_t ts) { return encode_u64(inverted(ts)); }

std::string workflow_stats(std::string_view tenant, std::string_view workflow_id) {
  return start(stats_row, tenant).append(workflow_id);
}

std::string idempotency(std::string_view tenant, std::string_view scope, std::string_view key) {
  std::string k = start(idempotency_row, tenant);
  append_component(k, scope);
  return k.append(key);
}

std::string workflow_version_prefix(std::string_view tenant, std::string_view workflow_id) {
  std::string k = start(workflow_version_row, tenant);
  append_component(k, workflow_id);
  return k;
}

std::string workflow_version(std::string_view tenant, std::string_view workflow_id, int version) {
  std::string k = workflow_version_prefix(tenant, workflow_id);
  append_be(k, static_cast<std::uint32_t>(version), 4);
  return k;
}

std::string deleted_workflow(std::string_view tenant, std::string_view workflow_id) {
  return start(deleted_workflow_row, tenant).append(workflow_id);
}

std::string schedule_prefix(std::string_view tenant, std::string_view workflow_id) {
  std::string k = start(schedule_row, tenant);
  append_component(k, workflow_id);
  return k;
}

std::string schedule(std::string_view tenant, std::string_view workflow_id,
                     std::string_view schedule_id) {
  return schedule_prefix(tenant, workflow_id).append(schedule_id);
}

std::string outcome(std::string_view command_id) {
  return std::string(1, outcome_row).append(command_id);
}

std::string position(eventlog::partition_id p) {
  std::string k(1, position_row);
  append_be(k, p, 4);
  return k;
}

std::string version(std::string_view projection_name) {
  return std::string(1, version_row).append(projection_name);
}

std::string_view index_entry_id(std::string_view entry, std::size_t prefix_size) {
  const std::size_t skip = prefix_size + 8;
  return entry.size() < skip ? std::string_view{} : entry.substr(skip);
}

std::string encode_u64(std::uint64_t v) {
  std::string out;
  append_be(out, v, 8);
  return out;
}

std::optional<std::uint64_t> decode_u64(std::string_view bytes) {
  if (bytes.size() != 8) return std::nullopt;
  std::uint64_t v = 0;
  for (unsigned char c : bytes) v = (v << 8) | c;
  return v;
}

std::string feed_scope_prefix(char prefix, std::string_view tenant, std::string_view id) {
  std::string k = start(prefix, tenant);
  append_component(k, id);
  return k;
}

std::string feed_partition_prefix(std::string_view scope_prefix, eventlog::partition_id p) {
  std::string k(scope_prefix);
  append_be(k, p, 4);
  return k;
}

std::string feed_entry(std::string_view scope_prefix, eventlog::partition_id p,
                       eventlog::offset off) {
  std::string k = feed_partition_prefix(scope_prefix, p);
  append_be(k, off, 8);
  return k;
}

std::string feed_run(std::string_view tenant, std::string_view run_id) {
  return start(feed_run_row, tenant).append(run_id);
}

std::string feed_gone(std::string_view tenant, std::string_view workflow_id) {
  return start(feed_gone_row, tenant).append(workflow_id);
}

std::optional<eventlog::offset> feed_entry_offset(std::string_view entry) {
  if (entry.size() < 8) return std::nullopt;
  return decode_u64(entry.substr(entry.size() - 8));
}

std::uint64_t inverted(std::int64_t ts) {
  // Flip the sign bit so signed order becomes unsigned order, then invert for newest first.
  return ~(static_cast<std::uint64_t>(ts) ^ (std::uint64_t{1} << 63));
}

}  // namespace runlog::projections::keys
