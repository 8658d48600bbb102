// The delete cascade over the real embedded log: a workflow.deleted is followed by run.terminate
// commands for the workflow's active runs, and recovery re-issues them when a crash came between.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "engine/log_reader.hpp"
#include "runlog/engine/processor.hpp"
#include "runlog/eventlog/embedded_log.hpp"
#include "runlog/schemas/envelope.hpp"
#include "runlog/schemas/records.hpp"
#include "support/temp_dir.hpp"

namespace runlog::engine {
namespace {

using json = nlohmann::json;
using strings = std::vector<std::string>;

constexpr std::uint32_t kPartitions = 4;
constexpr const char* kTenant = "tenant-a";

json approval_definition() {
  return R"({"nodes": [
      {"id": "prep", "type": "transform", "config": {"x": 1}},
      {"id": "approve", "type": "approval", "input_from": "prep"},
      {"id": "pay", "type": "transform", "input_from": "approve", "config": {"paid": true}}]})"_json;
}

schemas::execute_run paused_run(const std::string& run_id, const std::string& workflow_id) {
  return {run_id, workflow_id, "1.0.0", approval_definition(), json::object()};
}

class lifecycle_processor_test : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = eventlog::open_embedded({dir_.path() / "log", kPartitions});
    ASSERT_TRUE(opened) << opened.error().message;
    log_ = std::move(*opened);
  }

  processor_options options(const std::string& prefix) {
    processor_options o;
    o.poll_timeout = std::chrono::milliseconds(20);
    o.clock = [] { return std::int64_t{42}; };
    o.new_id = [prefix, counter = std::make_shared<std::atomic<int>>(0)] {
      return prefix + std::to_string(++*counter);
    };
    return o;
  }

  void append_record(const schemas::envelope& env) {
    auto appended = log_->append({{env.key, schemas::encode(env)}});
    ASSERT_TRUE(appended) << appended.error().message;
  }

  // Appends a command as the API would (key = tenant for workflow commands, run id for runs).
  void command(const schemas::command& c, const std::string& id, const std::string& key) {
    append_record(schemas::wrap(c, {id, key, kTenant, 1000, "user-1", "", id}));
  }

  // Appends an event as the engine would have, caused by command `cause`.
  void event(const schemas::event& e, const std::string& id, const std::string& key,
             const std::string& cause) {
    append_record(schemas::wrap(e, {id, key, kTenant, 1000, "engine", cause, cause}));
  }

  std::vector<schemas::envelope> find(const std::string& key, const std::string& type) {
    return testing::find_records(*log_, key, type);
  }
  bool wait_for(const std::string& key, const std::string& type) {
    return testing::wait_for_record(*log_, key, type);
  }

  runlog::testing::temp_dir dir_{"runlog-lifecycle"};
  std::unique_ptr<eventlog::event_log> log_;
};

TEST_F(lifecycle_processor_test, deleting_a_workflow_terminates_its_active_runs_through_the_log) {
  processor p(*log_, options("engine-"));
  ASSERT_TRUE(p.start());
  command(schemas::create_workflow{"wf-1", "daily", "", approval_definition(), "1.0.0"}, "c-1",
          kTenant);
  command(schemas::create_workflow{"wf-2", "other", "", approval_definition(), "1.0.0"}, "c-2",
          kTenant);
  ASSERT_TRUE(wait_for(kTenant, "workflow.created"));
  command(paused_run("r1", "wf-1"), "c-3", "r1");
  command(paused_run("r2", "wf-2"), "c-4", "r2");
  ASSERT_TRUE(wait_for("r1", "run.paused"));
  ASSERT_TRUE(wait_for("r2", "run.paused"));

  command(schemas::delete_workflow{"wf-1"}, "c-5", kTenant);
  ASSERT_TRUE(wait_for("r1", "run.terminated"));
  const auto deleted = find(kTenant, "workflow.deleted");
  ASSERT_EQ(deleted.size(), 1u);
  EXPECT_EQ(deleted[0].causation, "c-5");
  const auto terminate = find("r1", "run.terminate");
  ASSERT_EQ(terminate.size(), 1u);
  EXPECT_EQ(terminate[0].causation, deleted[0].id);
  EXPECT_EQ(terminate[0].correlation, "c-5");
  EXPECT_EQ(terminate[0].tenant, kTenant);
  EXPECT_EQ(terminate[0].actor, "engine");
  EXPECT_EQ(terminate[0].data["reason"], "workflow deleted");
  EXPECT_EQ(find("r1", "run.terminated").front().causation, terminate[0].id);

  // Runs of the deleted workflow are refused from now on; the other workflow is untouched.
  command(paused_run("r3", "wf-1"), "c-6", "r3");
  ASSERT_TRUE(wait_for("r3", "command.rejected"));
  EXPECT_EQ(find("r3", "command.rejected").front().data["code"], "WORKFLOW_NOT_FOUND");
  p.stop();
  EXPECT_TRUE(find("r2", "run.terminate").empty());
  EXPECT_TRUE(find("r2", "run.terminated").empty());
}

TEST_F(lifecycle_processor_test, recovery_reissues_terminations_a_crash_left_out_once) {
  // The log as a processor left it when it died right after appending workflow.deleted.
  command(schemas::create_workflow{"wf-1", "daily", "", approval_definition(), "1.0.0"}, "c-1",
          kTenant);
  event(schemas::workflow_created{"wf-1", "daily", "", approval_definition(), "1.0.0", "active"},
        "e-1", kTenant, "c-1");
  command(paused_run("r1", "wf-1"), "c-2", "r1");
  event(schemas::run_started{"r1", "wf-1", "1.0.0", approval_definition(), json::object()}, "e-2",
        "r1", "c-2");
  event(schemas::step_started{"r1", "prep", 1}, "e-3", "r1", "c-2");
  event(schemas::step_completed{"r1", "prep", 1, {{"x", 1}}}, "e-4", "r1", "c-2");
  event(schemas::step_started{"r1", "approve", 1}, "e-5", "r1", "c-2");
  event(schemas::run_paused{"r1", "approve"}, "e-6", "r1", "c-2");
  command(schemas::delete_workflow{"wf-1"}, "c-3", kTenant);
  event(schemas::workflow_deleted{"wf-1", "daily"}, "e-7", kTenant, "c-3");

  {
    processor p(*log_, options("first-"));
    ASSERT_TRUE(p.start());
    ASSERT_TRUE(wait_for("r1", "run.terminated"));
    p.stop();
  }
  const auto terminate = find("r1", "run.terminate");
  ASSERT_EQ(terminate.size(), 1u);
  EXPECT_EQ(terminate[0].causation, "e-7");
  EXPECT_EQ(terminate[0].correlation, "c-3");
  EXPECT_EQ(find(kTenant, "workflow.deleted").size(), 1u) << "the delete was decided again";

  // Another restart owes nothing: the run is terminal now.
  {
    processor p(*log_, options("second-"));
    ASSERT_TRUE(p.start());
    command(schemas::execute_run{"r2", "wf-9", "1.0.0", approval_definition(), json::object()},
            "c-4", "r2");
    ASSERT_TRUE(wait_for("r2", "run.paused"));  // a later command: the restart has settled
    p.stop();
  }
  EXPECT_EQ(find("r1", "run.terminate").size(), 1u);
  EXPECT_EQ(find("r1", "run.terminated").size(), 1u);
  EXPECT_TRUE(find("r1", "command.rejected").empty());
}

TEST_F(lifecycle_processor_test, recovery_does_not_double_a_termination_already_in_the_log) {
  command(paused_run("r1", "wf-1"), "c-1", "r1");
  command(schemas::create_workflow{"wf-1", "daily", "", approval_definition(), "1.0.0"}, "c-0",
          kTenant);
  {
    processor p(*log_, options("first-"));
    ASSERT_TRUE(p.start());
    ASSERT_TRUE(wait_for("r1", "run.paused"));
    p.stop();
  }
  // Delete decided and its termination appended, but the processor died before deciding it.
  command(schemas::delete_workflow{"wf-1"}, "c-2", kTenant);
  event(schemas::workflow_deleted{"wf-1", "daily"}, "e-1", kTenant, "c-2");
  append_record(schemas::wrap(schemas::command(schemas::terminate_run{"r1", "workflow deleted"}),
                              {"c-3", "r1", kTenant, 1000, "engine", "e-1", "c-2"}));
  {
    processor p(*log_, options("second-"));
    ASSERT_TRUE(p.start());
    ASSERT_TRUE(wait_for("r1", "run.terminated"));
    p.stop();
  }
  EXPECT_EQ(find("r1", "run.terminate").size(), 1u);
  EXPECT_TRUE(find("r1", "command.rejected").empty());
}

}  // namespace
}  // namespace runlog::engine
