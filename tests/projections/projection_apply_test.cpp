// The projection units applied one record at a time through a batch (nothing committed):
// edge cases of the rules that the stock scenario does not reach.

#include <gtest/gtest.h>

#include <rocksdb/db.h>

#include "../../projections/src/batch.hpp"
#include "../../projections/src/codec.hpp"
#include "../../projections/src/keys.hpp"
#include "../../projections/src/projection.hpp"
#include "projections/scenario.hpp"
#include "support/temp_dir.hpp"

namespace runlog::projections {
namespace {

using namespace runlog::schemas;

class projection_apply : public ::testing::Test {
 protected:
  void SetUp() override {
    rocksdb::Options options;
    options.create_if_missing = true;
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, dir_.path().string(), &raw).ok());
    db_.reset(raw);
    rows_ = std::make_unique<batch>(*db_);
  }

  void apply(const envelope& e) {
    decoded_record d{e, {}};
    if (kind_of(e.type) == record_kind::command) {
      d.typed = to_command(e).value();
    } else {
      d.typed = to_event(e).value();
    }
    for (const projection* p : all_projections()) ASSERT_TRUE(p->apply(d, *rows_)) << p->name;
  }

  std::optional<run_view> run(const std::string& tenant, const std::string& id) {
    auto bytes = rows_->get(keys::run(tenant, id)).value();
    if (!bytes) return std::nullopt;
    return decode_run(*bytes).value().view;
  }

  std::optional<outcome> outcome_of(const std::string& command_id) {
    auto bytes = rows_->get(keys::outcome(command_id)).value();
    if (!bytes) return std::nullopt;
    return decode_outcome(*bytes).value();
  }

  envelope execute(const std::string& run_id, const std::string& tenant = "acme") {
    return f_.command(execute_run{run_id, "wf-1", "1.0.0", testing::two_node_definition(), {}},
                      tenant, run_id);
  }

  testing::temp_dir dir_;
  std::unique_ptr<rocksdb::DB> db_;
  std::unique_ptr<batch> rows_;
  testing::record_factory f_;
};

TEST_F(projection_apply, execute_queues_a_run_with_pending_nodes) {
  const auto x = execute("run-1");
  apply(x);
  const auto r = run("acme", "run-1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, "queued");
  EXPECT_EQ(r->started_at, x.ts);
  ASSERT_EQ(r->nodes.size(), 2u);
  for (const auto& n : r->nodes) {
    EXPECT_EQ(n.status, "pending");
    EXPECT_EQ(n.attempts, 0);
  }
  EXPECT_EQ(rows_->get(keys::run_index_entry("acme", "wf-1", x.ts, "run-1")).value(), "queued");
}

TEST_F(projection_apply, a_rejected_duplicate_execute_leaves_the_run_alone) {
  const auto first = execute("run-1");
  apply(first);
  apply(f_.event(run_started{"run-1", "wf-1", "1.0.0", testing::two_node_definition(), {}}, first));
  const auto again = execute("run-1");
  apply(again);
  apply(f_.event(command_rejected{"run.execute", "DUPLICATE", "exists", "run-1"}, again));
  const auto r = run("acme", "run-1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, "running");
  EXPECT_EQ(r->started_at, first.ts);
  EXPECT_FALSE(outcome_of(again.id)->accepted);
  EXPECT_TRUE(outcome_of(first.id)->accepted);
}

TEST_F(projection_apply, events_under_another_tenant_do_not_touch_the_run) {
  const auto x = execute("run-1");
  apply(x);
  auto foreign = x;
  foreign.tenant = "globex";
  apply(f_.event(run_started{"run-1", "wf-1", "1.0.0", testing::two_node_definition(), {}}, x));
  apply(f_.event(run_failed{"run-1", "X", "y", ""}, foreign));
  apply(f_.event(command_rejected{"run.execute", "X", "y", "run-1"}, foreign));
  const auto r = run("acme", "run-1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, "running");
  EXPECT_FALSE(run("globex", "run-1"));
}

TEST_F(projection_apply, the_first_terminal_event_wins) {
  const auto x = execute("run-1");
  apply(x);
  apply(f_.event(run_started{"run-1", "wf-1", "1.0.0", testing::two_node_definition(), {}}, x));
  apply(f_.event(run_completed{"run-1", {{"a", 1}}}, x));
  apply(f_.event(run_terminated{"run-1", "late"}, x));
  const auto r = run("acme", "run-1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, "completed");
  EXPECT_EQ(r->outputs, (nlohmann::json{{"a", 1}}));
  EXPECT_TRUE(r->error.is_null());
}

TEST_F(projection_apply, a_retry_keeps_the_error_until_the_step_completes) {
  const auto x = execute("run-1");
  apply(x);
  apply(f_.event(step_started{"run-1", "a", 1}, x));
  apply(f_.event(step_failed{"run-1", "a", 1, "TIMEOUT", "slow", true}, x));
  auto r = run("acme", "run-1");
  EXPECT_EQ(r->nodes[0].status, "pending");
  EXPECT_EQ(r->nodes[0].error["code"], "TIMEOUT");
  EXPECT_FALSE(r->nodes[0].finished_at);
  apply(f_.event(step_started{"run-1", "a", 2}, x));
  r = run("acme", "run-1");
  EXPECT_EQ(r->nodes[0].status, "running");
  EXPECT_EQ(r->nodes[0].attempts, 2);
  apply(f_.event(step_completed{"run-1", "a", 2, 7}, x));
  r = run("acme", "run-1");
  EXPECT_EQ(r->nodes[0].status, "completed");
  EXPECT_EQ(r->nodes[0].output, 7);
  EXPECT_TRUE(r->nodes[0].error.is_null());
}

TEST_F(projection_apply, unknown_nodes_and_runs_are_ignored) {
  const auto x = execute("run-1");
  apply(x);
  apply(f_.event(step_started{"run-1", "nope", 1}, x));
  apply(f_.event(step_started{"run-404", "a", 1}, x));
  EXPECT_FALSE(run("acme", "run-404"));
  EXPECT_EQ(run("acme", "run-1")->nodes[0].status, "pending");
}

TEST_F(projection_apply, run_started_without_execute_creates_the_run) {
  const auto x = execute("run-1");  // never applied: only its event is
  apply(f_.event(run_started{"run-1", "wf-1", "1.0.0", testing::two_node_definition(), {{"k", 1}}},
                 x));
  const auto r = run("acme", "run-1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, "running");
  EXPECT_EQ(r->inputs, (nlohmann::json{{"k", 1}}));
}

TEST_F(projection_apply, an_outcome_needs_a_causation_and_only_the_first_counts) {
  const auto cmd =
      f_.command(create_workflow{"wf-1", "n", "", testing::two_node_definition()}, "acme", "acme");
  auto orphan =
      f_.event(workflow_created{"wf-0", "n0", "", testing::two_node_definition(), "1.0.0"}, cmd);
  orphan.causation.clear();
  apply(orphan);
  EXPECT_FALSE(outcome_of(""));
  apply(f_.event(command_rejected{"workflow.create", "WORKFLOW_NAME_CONFLICT", "taken", "wf-1"},
                 cmd));
  apply(f_.event(workflow_created{"wf-1", "n", "", testing::two_node_definition(), "1.0.0"}, cmd));
  const auto o = outcome_of(cmd.id);
  ASSERT_TRUE(o);
  EXPECT_FALSE(o->accepted);
  EXPECT_EQ(o->code, "WORKFLOW_NAME_CONFLICT");
}

TEST_F(projection_apply, a_second_workflow_created_does_not_move_the_row) {
  const auto cmd =
      f_.command(create_workflow{"wf-1", "n", "", testing::two_node_definition()}, "acme", "acme");
  const auto first =
      f_.event(workflow_created{"wf-1", "n", "", testing::two_node_definition(), "1.0.0"}, cmd);
  apply(first);
  apply(f_.event(workflow_created{"wf-1", "other", "", testing::two_node_definition(), "2.0.0"},
                 cmd));
  const auto bytes = rows_->get(keys::workflow("acme", "wf-1")).value();
  ASSERT_TRUE(bytes);
  const auto w = decode_workflow(*bytes).value();
  EXPECT_EQ(w.name, "n");
  EXPECT_EQ(w.created_at, first.ts);
}

}  // namespace
}  // namespace runlog::projections
