// decide()/evolve(): approval nodes pause a run; other branches go on; terminate ends it.
#include <gtest/gtest.h>

#include "engine/scenario.hpp"

namespace runlog::engine {
namespace {

using json = nlohmann::json;
using testing::names;
using testing::nth;
using testing::scenario;
using strings = std::vector<std::string>;

// approve (approval) -> after (transform), beside a parallel fetch (integration).
schemas::execute_run approval_run(std::string run_id) {
  return {std::move(run_id), "wf-1", "1.0.0", R"({"nodes": [
      {"id": "approve", "type": "approval", "config": {"prompt": "ok {{inputs.who}}?"}},
      {"id": "after", "type": "transform", "input_from": "approve", "config": {"x": 1}},
      {"id": "fetch", "type": "integration", "action": "http.request"}]})"_json,
          json{{"who", "ada"}}};
}

TEST(approval, pauses_the_run_while_other_branches_go_on) {
  scenario s;
  const auto d = s.when(approval_run("r1"));
  EXPECT_EQ(names(d), (strings{"run.started", "run.step_started", "run.step_started",
                               "run.paused"}));
  EXPECT_EQ(nth<schemas::run_paused>(d), (schemas::run_paused{"r1", "approve"}));
  // The approval has no effect to run; the integration node does.
  ASSERT_EQ(d.effects.size(), 1u);
  EXPECT_EQ(std::get<execute_node>(d.effects[0]).node_id, "fetch");
  EXPECT_EQ(s.run("r1").status, run_status::paused);

  // The parallel branch's result is still accepted while paused; the run stays paused.
  const auto report = s.when(schemas::report_step{"r1", "fetch", 1, true, {{"ok", true}}, "", ""});
  EXPECT_EQ(names(report), strings{"run.step_completed"});
  EXPECT_EQ(s.run("r1").status, run_status::paused);
}

TEST(approval, cannot_be_completed_by_a_worker_report) {
  scenario s;
  s.given(approval_run("r1"));
  const auto d = s.when(schemas::report_step{"r1", "approve", 1, true, {}, "", ""});
  EXPECT_EQ(nth<schemas::command_rejected>(d).code, "STALE_STEP_RESULT");
  EXPECT_EQ(s.run("r1").status, run_status::paused);
}

TEST(approval, a_paused_run_can_be_terminated_once) {
  scenario s;
  s.given(approval_run("r1"));
  EXPECT_EQ(names(s.when(schemas::terminate_run{"r1", "denied"})), strings{"run.terminated"});
  EXPECT_EQ(s.run("r1").status, run_status::terminated);
  EXPECT_EQ(nth<schemas::command_rejected>(s.when(schemas::terminate_run{"r1", ""})).code,
            "EXECUTION_ALREADY_TERMINAL");
}

}  // namespace
}  // namespace runlog::engine
