// Key layout: newest-first order, components that may contain any byte, tenant prefixes that
// never overlap.

#include <gtest/gtest.h>

#include "../../projections/src/keys.hpp"

namespace runlog::projections::keys {
namespace {

using namespace std::string_literals;

TEST(keys, inverted_timestamps_sort_newest_first) {
  const std::int64_t times[] = {-5, 0, 1, 1'700'000'000'000, INT64_MAX};
  for (std::size_t i = 1; i < std::size(times); ++i) {
    EXPECT_LT(encode_u64(inverted(times[i])), encode_u64(inverted(times[i - 1]))) << times[i];
    EXPECT_LT(workflow_index_entry("t", times[i], "z"),
              workflow_index_entry("t", times[i - 1], "a"));
  }
}

TEST(keys, same_timestamp_orders_by_id) {
  EXPECT_LT(run_index_entry("t", "wf", 10, "run-a"), run_index_entry("t", "wf", 10, "run-b"));
}

TEST(keys, index_entry_id_round_trips_any_bytes) {
  const std::string id = "id\0with/nul\xff"s;
  const std::string prefix = run_index_prefix("ten\0ant"s, "wf");
  const std::string entry = run_index_entry("ten\0ant"s, "wf", 42, id);
  ASSERT_TRUE(entry.starts_with(prefix));
  EXPECT_EQ(index_entry_id(entry, prefix.size()), id);
}

TEST(keys, a_tenant_prefix_never_covers_another_tenants_keys) {
  // With plain concatenation "a" would be a prefix of "a\0b"'s keys; length prefixes prevent it.
  const std::string tenants[] = {"a", "a\0b"s, "ab", "", "a\0"s};
  for (const auto& t : tenants) {
    for (const auto& other : tenants) {
      if (t == other) continue;
      EXPECT_FALSE(workflow_index_entry(other, 1, "x").starts_with(workflow_index_prefix(t)));
      EXPECT_FALSE(run_index_entry(other, "wf", 1, "x").starts_with(run_index_prefix(t, "wf")));
    }
  }
  EXPECT_FALSE(run_index_entry("t", "wf\0x"s, 1, "r").starts_with(run_index_prefix("t", "wf")));
  EXPECT_NE(workflow("a\0b"s, "c"), workflow("a", "\0bc"s));
  EXPECT_NE(run("a\0b"s, "c"), run("a", "\0bc"s));
}

TEST(keys, positions_are_big_endian) {
  EXPECT_LT(position(1), position(256));
  EXPECT_EQ(decode_u64(encode_u64(0x0102030405060708ULL)), 0x0102030405060708ULL);
  EXPECT_EQ(decode_u64("short"), std::nullopt);
}

}  // namespace
}  // namespace runlog::projections::keys
