// The read-side rows of the runs projection: per-workflow stats and the tenant-wide run index
// (filters, paging, isolation, rejected runs removed, replay gives the same checksum).

#include <gtest/gtest.h>

#include "../../projections/src/keys.hpp"
#include "projections/scenario.hpp"
#include "projections/store_setup.hpp"
#include "support/temp_dir.hpp"

namespace runlog::projections {
namespace {

using testing::open_store;

using testing::make_scenario;
using testing::temp_dir;
using testing::to_stored;

constexpr std::uint32_t kPartitions = 3;

class readside_store : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = open_store(dir_.path());
    ASSERT_TRUE(store_);
    ASSERT_TRUE(store_->apply(to_stored(make_scenario().records, kPartitions)));
  }

  std::vector<std::string> ids(std::string_view tenant, const run_filter& f, page p = {},
                               std::size_t* total = nullptr) {
    auto l = store_->list_tenant_runs(tenant, f, p);
    EXPECT_TRUE(l.has_value()) << (l ? "" : l.error().message);
    std::vector<std::string> out;
    if (!l) return out;
    for (const auto& r : l->items) out.push_back(r.id);
    if (total) *total = l->total;
    return out;
  }

  run_view run(const std::string& id) {
    auto r = store_->get_run("acme", id);
    EXPECT_TRUE(r.has_value() && r->has_value()) << id;
    return r && *r ? **r : run_view{};
  }

  temp_dir dir_;
  std::unique_ptr<rocks_store> store_;
};

using strings = std::vector<std::string>;

run_filter with_status(std::string status) {
  run_filter f;
  f.status = std::move(status);
  return f;
}

run_filter of_workflow(std::string id) {
  run_filter f;
  f.workflow_id = std::move(id);
  return f;
}

run_filter started(std::optional<std::int64_t> from, std::optional<std::int64_t> to) {
  run_filter f;
  f.started_from = from;
  f.started_to = to;
  return f;
}

TEST_F(readside_store, stats_count_queued_runs_and_finished_durations) {
  const run_view r1 = run("run-1");
  const run_view r2 = run("run-2");
  ASSERT_TRUE(r1.finished_at && r2.finished_at);
  const std::int64_t sum = (*r1.finished_at - r1.started_at) + (*r2.finished_at - r2.started_at);
  ASSERT_GT(sum, 0);
  auto s = store_->get_workflow_stats("acme", "wf-1");
  ASSERT_TRUE(s.has_value());
  // run-1 completed, run-2 failed, run-3 rejected (not counted), run-4 terminated.
  EXPECT_EQ(s->runs_total, 3);
  EXPECT_EQ(s->runs_success, 1);
  EXPECT_EQ(s->runs_failed, 1);
  EXPECT_EQ(s->duration_sum_ms, sum);
}

TEST_F(readside_store, stats_are_zero_without_runs_and_per_tenant) {
  auto none = store_->get_workflow_stats("acme", "wf-2");
  ASSERT_TRUE(none.has_value());
  EXPECT_EQ(none->runs_total, 0);
  EXPECT_EQ(none->duration_sum_ms, 0);
  auto globex = store_->get_workflow_stats("globex", "wf-9");
  ASSERT_TRUE(globex.has_value());
  EXPECT_EQ(globex->runs_total, 1);
  EXPECT_EQ(globex->runs_success + globex->runs_failed, 0);
  auto foreign = store_->get_workflow_stats("acme", "wf-9");
  ASSERT_TRUE(foreign.has_value());
  EXPECT_EQ(foreign->runs_total, 0);
  auto foreign_wf1 = store_->get_workflow_stats("globex", "wf-1");
  ASSERT_TRUE(foreign_wf1.has_value());
  EXPECT_EQ(foreign_wf1->runs_total, 0);
}

TEST_F(readside_store, tenant_runs_newest_first_without_rejected_runs) {
  std::size_t total = 0;
  EXPECT_EQ(ids("acme", {}, {}, &total), (strings{"run-4", "run-2", "run-1"}));
  EXPECT_EQ(total, 3u);
  EXPECT_EQ(ids("globex", {}, {}, &total), (strings{"run-9"}));
  EXPECT_EQ(total, 1u);
  EXPECT_EQ(ids("nobody", {}, {}, &total), strings{});
  EXPECT_EQ(total, 0u);
}

TEST_F(readside_store, tenant_runs_filters_and_paging) {
  std::size_t total = 0;
  EXPECT_EQ(ids("acme", with_status("failed"), {}, &total), (strings{"run-2"}));
  EXPECT_EQ(total, 1u);
  EXPECT_EQ(ids("acme", with_status("terminated")), (strings{"run-4"}));
  EXPECT_EQ(ids("acme", with_status("running")), strings{});
  EXPECT_EQ(ids("acme", of_workflow("wf-1")), (strings{"run-4", "run-2", "run-1"}));
  EXPECT_EQ(ids("acme", of_workflow("wf-2")), strings{});
  EXPECT_EQ(ids("acme", of_workflow("wf-9")), strings{});
  EXPECT_EQ(ids("acme", {}, {1, 1}, &total), (strings{"run-2"}));
  EXPECT_EQ(total, 3u);
  EXPECT_EQ(ids("acme", {}, {2, 2}, &total), (strings{"run-1"}));
  EXPECT_EQ(ids("acme", {}, {2, 5}, &total), strings{});
  EXPECT_EQ(total, 3u);
}

TEST_F(readside_store, tenant_runs_started_range_is_inclusive) {
  const std::int64_t t2 = run("run-2").started_at;
  std::size_t total = 0;
  EXPECT_EQ(ids("acme", started(t2, t2), {}, &total), (strings{"run-2"}));
  EXPECT_EQ(total, 1u);
  EXPECT_EQ(ids("acme", started(t2, std::nullopt)), (strings{"run-4", "run-2"}));
  EXPECT_EQ(ids("acme", started(std::nullopt, t2)), (strings{"run-2", "run-1"}));
  EXPECT_EQ(ids("acme", started(t2 + 1, t2 - 1)), strings{});
  run_filter both = started(t2, std::nullopt);
  both.status = "completed";
  EXPECT_EQ(ids("acme", both), strings{});
}

TEST_F(readside_store, replay_gives_the_same_stats_index_and_checksum) {
  const auto expected = store_->checksum();
  ASSERT_TRUE(expected.has_value());
  const auto stored = to_stored(make_scenario().records, kPartitions);
  for (std::size_t split : {std::size_t{1}, std::size_t{5}}) {
    temp_dir other;
    auto fresh = open_store(other.path());
    ASSERT_TRUE(fresh);
    for (std::size_t i = 0; i < stored.size(); i += split) {
      const auto end = std::min(stored.size(), i + split);
      ASSERT_TRUE(fresh->apply({stored.begin() + static_cast<std::ptrdiff_t>(i),
                                stored.begin() + static_cast<std::ptrdiff_t>(end)}));
    }
    EXPECT_EQ(fresh->checksum().value(), *expected) << "split " << split;
    EXPECT_EQ(fresh->get_workflow_stats("acme", "wf-1")->runs_total, 3);
  }
  // Re-applying the whole log changes nothing (positions skip it).
  ASSERT_TRUE(store_->apply(stored));
  EXPECT_EQ(store_->checksum().value(), *expected);
  EXPECT_EQ(store_->get_workflow_stats("acme", "wf-1")->runs_success, 1);
}

TEST(readside_keys, tenant_run_index_entries_round_trip) {
  const std::string prefix = keys::tenant_run_index_prefix("t");
  const std::string entry = keys::tenant_run_index_entry("t", -5, "run-x");
  EXPECT_TRUE(entry.starts_with(prefix));
  EXPECT_EQ(keys::index_entry_ts(entry, prefix.size()), -5);
  EXPECT_EQ(keys::index_entry_id(entry, prefix.size()), "run-x");
  EXPECT_LT(keys::tenant_run_index_entry("t", 20, "a"), keys::tenant_run_index_entry("t", 10, "a"));
  const std::string value = keys::tenant_run_value("failed", std::string("w\0f", 3));
  const auto fields = keys::split_tenant_run_value(value);
  ASSERT_TRUE(fields);
  EXPECT_EQ(fields->status, "failed");
  EXPECT_EQ(fields->workflow_id, std::string_view("w\0f", 3));
  EXPECT_FALSE(keys::split_tenant_run_value(std::string("\x00\x00\x01", 3)));
  EXPECT_FALSE(keys::split_tenant_run_value(std::string("\x00\x00\x00\x09" "ab", 6)));
  EXPECT_NE(keys::workflow_stats("a", "b"), keys::workflow_stats("ab", ""));
}

}  // namespace
}  // namespace runlog::projections
