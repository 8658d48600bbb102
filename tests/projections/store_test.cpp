// The store fed directly with log-shaped batches (no log): queries, tenant isolation,
// outcomes, skipped records, idempotent re-application, checksums, version check.

#include <gtest/gtest.h>

#include <rocksdb/db.h>

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

constexpr std::uint32_t kPartitions = 4;

class store_test : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = open_store(dir_.path() / "views");
    ASSERT_TRUE(store_);
    scenario_ = make_scenario();
    ASSERT_TRUE(store_->apply(to_stored(scenario_.records, kPartitions)));
  }

  std::vector<std::string> workflow_ids(std::string_view tenant,
                                        std::optional<std::string_view> status, page p,
                                        std::size_t* total = nullptr) {
    auto l = store_->list_workflows(tenant, status, p);
    EXPECT_TRUE(l.has_value());
    std::vector<std::string> ids;
    for (const auto& w : l->items) ids.push_back(w.id);
    if (total) *total = l->total;
    return ids;
  }

  std::vector<std::string> run_ids(std::string_view tenant, std::string_view wf,
                                   std::optional<std::string_view> status, page p,
                                   std::size_t* total = nullptr) {
    auto l = store_->list_runs(tenant, wf, status, p);
    EXPECT_TRUE(l.has_value());
    std::vector<std::string> ids;
    for (const auto& r : l->items) ids.push_back(r.id);
    if (total) *total = l->total;
    return ids;
  }

  const node_view& node(const run_view& r, const std::string& id) {
    for (const auto& n : r.nodes) {
      if (n.id == id) return n;
    }
    ADD_FAILURE() << "no node " << id;
    return r.nodes.front();
  }

  temp_dir dir_;
  std::unique_ptr<rocks_store> store_;
  testing::scenario scenario_;
};

TEST_F(store_test, workflow_row_takes_metadata_from_the_record) {
  auto w = store_->get_workflow("acme", "wf-1");
  ASSERT_TRUE(w.has_value());
  ASSERT_TRUE(w->has_value());
  const workflow_view& v = **w;
  EXPECT_EQ(v.customer_id, "acme");
  EXPECT_EQ(v.name, "wf-1 name");
  EXPECT_EQ(v.description, "about wf-1");
  EXPECT_EQ(v.version, "1.0.0");
  EXPECT_EQ(v.status, "active");
  EXPECT_EQ(v.created_by, "user-1");
  EXPECT_EQ(v.definition, testing::two_node_definition());
  EXPECT_EQ(v.created_at, scenario_.records[1].ts);  // the workflow.created record's ts
  EXPECT_EQ(v.updated_at, v.created_at);
}

TEST_F(store_test, workflows_list_newest_first_with_paging_filter_and_total) {
  std::size_t total = 0;
  EXPECT_EQ(workflow_ids("acme", std::nullopt, {50, 0}, &total),
            (std::vector<std::string>{"wf-3", "wf-2", "wf-1"}));
  EXPECT_EQ(total, 3u);
  EXPECT_EQ(workflow_ids("acme", std::nullopt, {1, 1}, &total), (std::vector<std::string>{"wf-2"}));
  EXPECT_EQ(total, 3u);
  EXPECT_EQ(workflow_ids("acme", std::nullopt, {5, 3}, &total), std::vector<std::string>{});
  EXPECT_EQ(total, 3u);
  EXPECT_EQ(workflow_ids("acme", "active", {1, 0}, &total), (std::vector<std::string>{"wf-2"}));
  EXPECT_EQ(total, 2u);
  EXPECT_EQ(workflow_ids("acme", "archived", {50, 0}, &total), (std::vector<std::string>{"wf-3"}));
  EXPECT_EQ(total, 1u);
  EXPECT_EQ(workflow_ids("acme", std::nullopt, {0, 0}, &total), std::vector<std::string>{});
  EXPECT_EQ(total, 3u);
}

TEST_F(store_test, rejected_create_writes_no_workflow) {
  auto w = store_->get_workflow("acme", "wf-4");
  ASSERT_TRUE(w.has_value());
  EXPECT_FALSE(w->has_value());
}

TEST_F(store_test, runs_list_newest_started_first_with_filter) {
  std::size_t total = 0;
  EXPECT_EQ(run_ids("acme", "wf-1", std::nullopt, {50, 0}, &total),
            (std::vector<std::string>{"run-4", "run-2", "run-1"}));
  EXPECT_EQ(total, 3u);
  EXPECT_EQ(run_ids("acme", "wf-1", std::nullopt, {2, 1}, &total),
            (std::vector<std::string>{"run-2", "run-1"}));
  EXPECT_EQ(run_ids("acme", "wf-1", "failed", {50, 0}, &total),
            (std::vector<std::string>{"run-2"}));
  EXPECT_EQ(total, 1u);
  EXPECT_EQ(run_ids("acme", "wf-2", std::nullopt, {50, 0}, &total), std::vector<std::string>{});
  EXPECT_EQ(total, 0u);
}

TEST_F(store_test, completed_run_has_node_progress_and_outputs) {
  auto r = store_->get_run("acme", "run-1");
  ASSERT_TRUE(r.has_value() && r->has_value());
  const run_view& v = **r;
  EXPECT_EQ(v.status, "completed");
  EXPECT_EQ(v.workflow_id, "wf-1");
  EXPECT_EQ(v.workflow_version, "1.0.0");
  EXPECT_EQ(v.customer_id, "acme");
  EXPECT_EQ(v.created_by, "user-1");
  EXPECT_EQ(v.inputs, (nlohmann::json{{"x", "run-1"}}));
  EXPECT_EQ(v.outputs, (nlohmann::json{{"result", "ok"}}));
  EXPECT_TRUE(v.error.is_null());
  ASSERT_TRUE(v.finished_at.has_value());
  ASSERT_EQ(v.nodes.size(), 2u);
  EXPECT_EQ(v.nodes[0].id, "a");
  EXPECT_EQ(v.nodes[0].type, "transform");
  EXPECT_EQ(v.nodes[1].action, "http.request");
  const node_view& a = node(v, "a");
  EXPECT_EQ(a.status, "completed");
  EXPECT_EQ(a.attempts, 2);
  EXPECT_EQ(a.output, (nlohmann::json{{"y", 1}}));
  EXPECT_TRUE(a.error.is_null());
  ASSERT_TRUE(a.started_at && a.finished_at);
  EXPECT_LT(*a.started_at, *a.finished_at);
  EXPECT_EQ(node(v, "b").status, "completed");
  EXPECT_EQ(node(v, "b").output, (nlohmann::json{{"z", "ok"}}));
}

TEST_F(store_test, first_attempt_start_time_is_kept_across_retries) {
  auto r = store_->get_run("acme", "run-1");
  ASSERT_TRUE(r.has_value() && r->has_value());
  // Records of run-1: execute, started, step_started a#1 (the first attempt) ...
  std::int64_t first_attempt = 0;
  for (const auto& e : scenario_.records) {
    if (e.type == "run.step_started" && e.key == "run-1") {
      first_attempt = e.ts;
      break;
    }
  }
  EXPECT_EQ(node(**r, "a").started_at, first_attempt);
}

TEST_F(store_test, failed_run_skips_pending_nodes) {
  auto r = store_->get_run("acme", "run-2");
  ASSERT_TRUE(r.has_value() && r->has_value());
  EXPECT_EQ((*r)->status, "failed");
  EXPECT_EQ((*r)->error,
            (nlohmann::json{{"code", "STEP_FAILED"}, {"message", "a failed"}, {"node_id", "a"}}));
  EXPECT_EQ(node(**r, "a").status, "failed");
  EXPECT_EQ(node(**r, "a").error, (nlohmann::json{{"code", "BAD"}, {"message", "bad input"}}));
  EXPECT_EQ(node(**r, "b").status, "skipped");
}

TEST_F(store_test, terminated_run_cancels_running_nodes) {
  auto r = store_->get_run("acme", "run-4");
  ASSERT_TRUE(r.has_value() && r->has_value());
  EXPECT_EQ((*r)->status, "terminated");
  EXPECT_EQ((*r)->error, (nlohmann::json{{"code", "TERMINATED"}, {"message", "user asked"}}));
  EXPECT_EQ(node(**r, "a").status, "cancelled");
  EXPECT_EQ(node(**r, "b").status, "skipped");
  EXPECT_TRUE(node(**r, "a").finished_at.has_value());
}

TEST_F(store_test, rejected_execute_removes_the_queued_run) {
  auto r = store_->get_run("acme", "run-3");
  ASSERT_TRUE(r.has_value());
  EXPECT_FALSE(r->has_value());
  EXPECT_EQ(run_ids("acme", "wf-1", "queued", {50, 0}), std::vector<std::string>{});
}

TEST_F(store_test, running_run_of_other_tenant) {
  auto r = store_->get_run("globex", "run-9");
  ASSERT_TRUE(r.has_value() && r->has_value());
  EXPECT_EQ((*r)->status, "running");
  EXPECT_EQ(node(**r, "a").status, "running");
  EXPECT_EQ(node(**r, "a").attempts, 1);
  EXPECT_FALSE(node(**r, "a").finished_at.has_value());
  EXPECT_EQ(node(**r, "b").status, "pending");
}

TEST_F(store_test, tenants_never_see_each_other) {
  EXPECT_EQ(workflow_ids("globex", std::nullopt, {50, 0}), (std::vector<std::string>{"wf-9"}));
  EXPECT_EQ(workflow_ids("nobody", std::nullopt, {50, 0}), std::vector<std::string>{});
  for (const char* wf : {"wf-1", "wf-2"}) {
    auto w = store_->get_workflow("globex", wf);
    ASSERT_TRUE(w.has_value());
    EXPECT_FALSE(w->has_value()) << wf;
  }
  auto foreign_run = store_->get_run("globex", "run-1");
  ASSERT_TRUE(foreign_run.has_value());
  EXPECT_FALSE(foreign_run->has_value());
  auto own_run_elsewhere = store_->get_run("acme", "run-9");
  ASSERT_TRUE(own_run_elsewhere.has_value());
  EXPECT_FALSE(own_run_elsewhere->has_value());
  EXPECT_EQ(run_ids("globex", "wf-1", std::nullopt, {50, 0}), std::vector<std::string>{});
}

TEST_F(store_test, outcomes_of_accepted_and_rejected_commands) {
  auto created = store_->get_outcome(scenario_.create_wf1);
  ASSERT_TRUE(created.has_value() && created->has_value());
  EXPECT_TRUE((*created)->accepted);
  EXPECT_EQ((*created)->subject_id, "wf-1");

  auto rejected = store_->get_outcome(scenario_.rejected_create);
  ASSERT_TRUE(rejected.has_value() && rejected->has_value());
  EXPECT_FALSE((*rejected)->accepted);
  EXPECT_EQ((*rejected)->code, "WORKFLOW_NAME_CONFLICT");
  EXPECT_EQ((*rejected)->message, "name taken");
  EXPECT_EQ((*rejected)->subject_id, "wf-4");

  // run-1's later events (steps, completion) share the causation: the outcome stays "started".
  auto executed = store_->get_outcome(scenario_.execute_run1);
  ASSERT_TRUE(executed.has_value() && executed->has_value());
  EXPECT_TRUE((*executed)->accepted);
  EXPECT_EQ((*executed)->subject_id, "run-1");

  auto refused = store_->get_outcome(scenario_.execute_run3);
  ASSERT_TRUE(refused.has_value() && refused->has_value());
  EXPECT_EQ((*refused)->code, "WORKFLOW_NOT_FOUND");

  auto terminated = store_->get_outcome(scenario_.terminate_run4);
  ASSERT_TRUE(terminated.has_value() && terminated->has_value());
  EXPECT_TRUE((*terminated)->accepted);
  EXPECT_EQ((*terminated)->subject_id, "run-4");

  auto unknown = store_->get_outcome("cmd-unknown");
  ASSERT_TRUE(unknown.has_value());
  EXPECT_FALSE(unknown->has_value());
}

TEST_F(store_test, positions_are_next_offsets_and_reapplying_changes_nothing) {
  const auto stored = to_stored(scenario_.records, kPartitions);
  std::vector<eventlog::offset> expected(kPartitions, 0);
  for (const auto& r : stored) expected[r.partition] = r.off + 1;
  for (eventlog::partition_id p = 0; p < kPartitions; ++p) {
    auto pos = store_->position(p);
    ASSERT_TRUE(pos.has_value());
    EXPECT_EQ(*pos, expected[p]) << "partition " << p;
  }
  const auto before = store_->checksum();
  ASSERT_TRUE(before.has_value());
  ASSERT_TRUE(store_->apply(stored));  // all below the positions: skipped
  EXPECT_EQ(store_->checksum().value(), *before);
  auto r = store_->get_run("acme", "run-1");
  ASSERT_TRUE(r.has_value() && r->has_value());
  EXPECT_EQ(node(**r, "a").attempts, 2);
}

TEST_F(store_test, undecodable_record_is_skipped_and_its_position_advances) {
  const std::uint64_t skipped_before = store_->skipped();
  const auto p = eventlog::partition_for("acme", kPartitions);
  const eventlog::offset next = store_->position(p).value();
  testing::record_factory f;
  const auto cmd = f.command(
      schemas::create_workflow{"wf-5", "five", "", testing::two_node_definition()}, "acme", "acme");
  const auto created = f.event(
      schemas::workflow_created{"wf-5", "five", "", testing::two_node_definition(), "1.0.0"}, cmd);
  const std::vector<eventlog::stored_record> batch{
      {p, next, "acme", "{not json"},
      {p, next + 1, "acme", R"({"type":"workflow.created","v":1,"id":"x","key":"acme","ts":1})"},
      {p, next + 2, "acme", schemas::encode(created)},
  };
  ASSERT_TRUE(store_->apply(batch));
  EXPECT_EQ(store_->skipped(), skipped_before + 2);
  EXPECT_EQ(store_->position(p).value(), next + 3);
  auto w = store_->get_workflow("acme", "wf-5");
  ASSERT_TRUE(w.has_value());
  EXPECT_TRUE(w->has_value());
}

TEST_F(store_test, replay_into_a_fresh_store_gives_the_same_checksum_in_any_batch_split) {
  const auto expected = store_->checksum();
  ASSERT_TRUE(expected.has_value());
  EXPECT_EQ(expected->size(), 64u);
  const auto stored = to_stored(scenario_.records, kPartitions);
  for (std::size_t split : {std::size_t{1}, std::size_t{2}, std::size_t{7}, stored.size()}) {
    temp_dir other;
    auto fresh = open_store(other.path());
    ASSERT_TRUE(fresh);
    for (std::size_t i = 0; i < stored.size(); i += split) {
      const auto end = std::min(stored.size(), i + split);
      ASSERT_TRUE(fresh->apply({stored.begin() + static_cast<std::ptrdiff_t>(i),
                                stored.begin() + static_cast<std::ptrdiff_t>(end)}));
    }
    EXPECT_EQ(fresh->checksum().value(), *expected) << "split " << split;
  }
}

TEST_F(store_test, checksum_changes_with_content) {
  const auto before = store_->checksum().value();
  testing::record_factory f;
  const auto cmd = f.command(
      schemas::create_workflow{"wf-6", "six", "", testing::two_node_definition()}, "acme", "acme");
  const auto p = eventlog::partition_for("acme", kPartitions);
  ASSERT_TRUE(store_->apply({{p, store_->position(p).value(), "acme", schemas::encode(cmd)}}));
  // A command no projection reads still moves the position, and the position is content.
  EXPECT_NE(store_->checksum().value(), before);
}

TEST(store_open, drops_a_store_built_by_another_projection_version_for_a_rebuild) {
  temp_dir dir;
  const auto sc = make_scenario();
  {
    auto s = rocks_store::open_rocks(dir.path());
    ASSERT_TRUE(s.has_value());
    EXPECT_FALSE((*s)->rebuild_reason());
    ASSERT_TRUE((*s)->apply(to_stored(sc.records, kPartitions)));
  }
  {
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(rocksdb::Options(), dir.path().string(), &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), keys::version("runs"), "0").ok());
  }
  auto s = store::open(dir.path());
  ASSERT_TRUE(s.has_value()) << s.error().message;
  const auto why = (*s)->rebuild_reason();
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("'runs'"), std::string::npos) << *why;
  // Empty again: every position back at 0 and no rows, so the projector replays everything.
  for (eventlog::partition_id p = 0; p < kPartitions; ++p) EXPECT_EQ((*s)->position(p).value(), 0u);
  EXPECT_FALSE((*s)->get_workflow("acme", "wf-2").value().has_value());
  // And the versions are current now: the next open keeps the store.
  s->reset();
  auto again = store::open(dir.path());
  ASSERT_TRUE(again.has_value());
  EXPECT_FALSE((*again)->rebuild_reason());
}

TEST(store_open, reopening_keeps_rows_and_positions) {
  temp_dir dir;
  const auto sc = make_scenario();
  std::string sum;
  {
    auto s = open_store(dir.path());
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->apply(to_stored(sc.records, kPartitions)));
    sum = s->checksum().value();
  }
  auto s = store::open(dir.path());
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ((*s)->checksum().value(), sum);
  auto w = (*s)->get_workflow("acme", "wf-2");
  ASSERT_TRUE(w.has_value());
  EXPECT_TRUE(w->has_value());
}

}  // namespace
}  // namespace runlog::projections
