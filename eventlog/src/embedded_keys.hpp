#pragma once
/// Key and value layout of the embedded log in RocksDB (private to the eventlog module).
///
///   record:  'r' | partition (BE u32) | offset (BE u64)  ->  key length (BE u32) | key | value
///   commit:  'g' | group length (BE u32) | group | partition (BE u32)  ->  next offset (BE u64)
///   meta:    'm' "partitions"  ->  partition count (BE u32)
///
/// Big-endian integers make the bytewise comparator order records by (partition, offset), so
/// iteration order is log order and the last key of a partition gives its end.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "runlog/eventlog/event_log.hpp"

namespace runlog::eventlog::embedded {

inline constexpr char record_prefix = 'r';
inline constexpr char commit_prefix = 'g';
inline constexpr std::string_view partitions_key = "mpartitions";
inline constexpr std::size_t record_key_size = 1 + 4 + 8;

using record_key = std::array<char, record_key_size>;

inline void put_be32(char* out, std::uint32_t v) {
  for (int i = 3; i >= 0; --i) {
    out[i] = static_cast<char>(v & 0xffu);
    v >>= 8;
  }
}

inline void put_be64(char* out, std::uint64_t v) {
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<char>(v & 0xffu);
    v >>= 8;
  }
}

inline std::uint32_t get_be32(const char* in) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(in[i]);
  return v;
}

inline std::uint64_t get_be64(const char* in) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(in[i]);
  return v;
}

/// The RocksDB key of record (partition, off).
inline record_key make_record_key(partition_id partition, offset off) {
  record_key key{};
  key[0] = record_prefix;
  put_be32(key.data() + 1, partition);
  put_be64(key.data() + 5, off);
  return key;
}

/// The position a record key names, nullopt if `key` is not a record key.
inline std::optional<position> parse_record_key(std::string_view key) {
  if (key.size() != record_key_size || key[0] != record_prefix) return std::nullopt;
  return position{get_be32(key.data() + 1), get_be64(key.data() + 5)};
}

/// Appends the stored value of a record (its key length-prefixed, then its value) to `out`.
inline void encode_record_value(const record_to_append& record, std::string& out) {
  char len[4];
  put_be32(len, static_cast<std::uint32_t>(record.key.size()));
  out.append(len, sizeof len);
  out.append(record.key);
  out.append(record.value);
}

/// Splits a stored value into the record's key and value; false if it is malformed.
inline bool decode_record_value(std::string_view stored, stored_record& out) {
  if (stored.size() < 4) return false;
  const std::uint32_t key_size = get_be32(stored.data());
  if (stored.size() - 4 < key_size) return false;
  out.key.assign(stored.data() + 4, key_size);
  out.value.assign(stored.data() + 4 + key_size, stored.size() - 4 - key_size);
  return true;
}

/// The RocksDB key of a consumer group's committed offset in one partition.
inline std::string make_commit_key(std::string_view group, partition_id partition) {
  std::string key;
  key.resize(1 + 4 + group.size() + 4);
  key[0] = commit_prefix;
  put_be32(key.data() + 1, static_cast<std::uint32_t>(group.size()));
  key.replace(5, group.size(), group);
  put_be32(key.data() + 5 + group.size(), partition);
  return key;
}

}  // namespace runlog::eventlog::embedded
