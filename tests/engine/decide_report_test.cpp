// decide()/evolve(): terminate_run and report_step (worker results, retries, stale reports).
#include <gtest/gtest.h>

#include "engine/scenario.hpp"

namespace runlog::engine {
namespace {

using json = nlohmann::json;
using testing::names;
using testing::nth;
using testing::scenario;
using strings = std::vector<std::string>;

// fetch (integration, `attempts` attempts) -> shape (transform).
schemas::execute_run fetch_run(std::string run_id, int attempts = 1) {
  json nodes = json::array();
  nodes.push_back({{"id", "fetch"},
                   {"type", "integration"},
                   {"action", "http.request"},
                   {"retry", {{"max_attempts", attempts}}},
                   {"config", {{"url", "{{inputs.url}}"}}}});
  nodes.push_back({{"id", "shape"},
                   {"type", "transform"},
                   {"input_from", "fetch"},
                   {"config", {{"body", "{{input.body}}"}}}});
  return {std::move(run_id), "wf-1", "1.0.0", json{{"nodes", nodes}},
          json{{"url", "https://example.test"}}};
}

schemas::report_step ok(std::string run, std::string node, int attempt, json output) {
  return {std::move(run), std::move(node), attempt, true, std::move(output), "", ""};
}

schemas::report_step failed(std::string run, std::string node, int attempt) {
  return {std::move(run), std::move(node), attempt, false, nullptr, "HTTP_500", "server error"};
}

// ---- terminate ----

TEST(terminate_run, terminates_a_running_run) {
  scenario s;
  s.given(fetch_run("r1"));
  const auto d = s.when(schemas::terminate_run{"r1", "no longer needed"});
  EXPECT_EQ(names(d), strings{"run.terminated"});
  EXPECT_EQ(nth<schemas::run_terminated>(d).reason, "no longer needed");
  EXPECT_EQ(s.run("r1").status, run_status::terminated);
}

TEST(terminate_run, rejects_a_terminal_run_naming_its_status) {
  scenario s;
  s.given(fetch_run("r1")).given(schemas::terminate_run{"r1", ""});
  EXPECT_EQ(nth<schemas::command_rejected>(s.when(schemas::terminate_run{"r1", ""})),
            (schemas::command_rejected{"run.terminate", "EXECUTION_ALREADY_TERMINAL",
                                       "run 'r1' is already terminated", "r1"}));
  s.given(schemas::execute_run{
      "r2", "wf-1", "1.0.0", R"({"nodes": [{"id": "e", "type": "end"}]})"_json, {}});
  EXPECT_EQ(nth<schemas::command_rejected>(s.when(schemas::terminate_run{"r2", ""})).message,
            "run 'r2' is already completed");
}

TEST(terminate_run, rejects_an_unknown_or_foreign_run_alike) {
  scenario s;
  s.given(fetch_run("r1"));
  const auto unknown = s.when(schemas::terminate_run{"nope", ""});
  EXPECT_EQ(nth<schemas::command_rejected>(unknown),
            (schemas::command_rejected{"run.terminate", "EXECUTION_NOT_FOUND",
                                       "run 'nope' not found", "nope"}));
  const auto foreign = s.when(schemas::terminate_run{"r1", ""}, {"tenant-b", "user-2", 7});
  EXPECT_EQ(nth<schemas::command_rejected>(foreign).code, "EXECUTION_NOT_FOUND");
  EXPECT_EQ(s.run("r1").status, run_status::running);
}

// ---- report_step ----

TEST(report_step, an_integration_node_becomes_an_effect) {
  scenario s;
  const auto d = s.when(fetch_run("r1"));
  EXPECT_EQ(names(d), (strings{"run.started", "run.step_started"}));
  ASSERT_EQ(d.effects.size(), 1u);
  const auto& call = std::get<execute_node>(d.effects[0]);
  EXPECT_EQ(call.run_id, "r1");
  EXPECT_EQ(call.node_id, "fetch");
  EXPECT_EQ(call.attempt, 1);
  EXPECT_EQ(call.rendered_config, (json{{"url", "https://example.test"}}));
  EXPECT_EQ(s.run("r1").nodes[0].status, node_status::running);
}

TEST(report_step, ok_completes_the_step_and_advances) {
  scenario s;
  s.given(fetch_run("r1"));
  const auto d = s.when(ok("r1", "fetch", 1, {{"body", "hi"}}));
  EXPECT_EQ(names(d), (strings{"run.step_completed", "run.step_started", "run.step_completed",
                               "run.completed"}));
  EXPECT_EQ(nth<schemas::run_completed>(d).outputs, (json{{"shape", {{"body", "hi"}}}}));
}

TEST(report_step, a_failure_without_retries_fails_the_run) {
  scenario s;
  s.given(fetch_run("r1"));
  const auto d = s.when(failed("r1", "fetch", 1));
  EXPECT_EQ(names(d), (strings{"run.step_failed", "run.failed"}));
  EXPECT_FALSE(nth<schemas::step_failed>(d).will_retry);
  EXPECT_EQ(nth<schemas::run_failed>(d),
            (schemas::run_failed{"r1", "HTTP_500", "node 'fetch': server error", "fetch"}));
  EXPECT_TRUE(d.effects.empty());
}

TEST(report_step, a_failure_is_retried_while_attempts_remain) {
  scenario s;
  s.given(fetch_run("r1", 2));
  const auto retry = s.when(failed("r1", "fetch", 1));
  EXPECT_EQ(names(retry), (strings{"run.step_failed", "run.step_started"}));
  EXPECT_TRUE(nth<schemas::step_failed>(retry).will_retry);
  EXPECT_EQ(nth<schemas::step_started>(retry).attempt, 2);
  ASSERT_EQ(retry.effects.size(), 1u);
  EXPECT_EQ(std::get<execute_node>(retry.effects[0]).attempt, 2);
  EXPECT_EQ(s.run("r1").nodes[0].attempt, 2);

  const auto last = s.when(failed("r1", "fetch", 2));
  EXPECT_EQ(names(last), (strings{"run.step_failed", "run.failed"}));
  EXPECT_EQ(s.run("r1").status, run_status::failed);
}

TEST(report_step, a_retried_step_can_still_succeed) {
  scenario s;
  s.given(fetch_run("r1", 3)).given(failed("r1", "fetch", 1));
  const auto d = s.when(ok("r1", "fetch", 2, {{"body", "second"}}));
  EXPECT_EQ(names(d).back(), "run.completed");
  EXPECT_EQ(nth<schemas::step_completed>(d).attempt, 2);
}

TEST(report_step, stale_reports_are_rejected) {
  scenario s;
  s.given(fetch_run("r1", 3)).given(failed("r1", "fetch", 1));
  const auto old_attempt = s.when(ok("r1", "fetch", 1, {}));
  EXPECT_EQ(
      nth<schemas::command_rejected>(old_attempt),
      (schemas::command_rejected{"run.report_step", "STALE_STEP_RESULT",
                                 "attempt 1 of node 'fetch' is not the current attempt 2", "r1"}));
  EXPECT_EQ(nth<schemas::command_rejected>(s.when(ok("r1", "shape", 1, {}))).message,
            "node 'shape' is pending");
  EXPECT_EQ(nth<schemas::command_rejected>(s.when(ok("r1", "ghost", 1, {}))).message,
            "run 'r1' has no node 'ghost'");
  EXPECT_EQ(nth<schemas::command_rejected>(s.when(ok("nope", "fetch", 1, {}))).message,
            "run 'nope' not found");
  EXPECT_EQ(
      nth<schemas::command_rejected>(s.when(ok("r1", "fetch", 2, {}), {"tenant-b", "u", 1})).code,
      "STALE_STEP_RESULT");

  s.given(ok("r1", "fetch", 2, {{"body", "x"}}));
  const auto duplicate = s.when(ok("r1", "fetch", 2, {{"body", "x"}}));
  EXPECT_EQ(nth<schemas::command_rejected>(duplicate).message, "run 'r1' is completed");
}

TEST(report_step, a_terminated_run_ignores_late_results) {
  scenario s;
  s.given(fetch_run("r1")).given(schemas::terminate_run{"r1", "stop"});
  const auto d = s.when(ok("r1", "fetch", 1, {}));
  EXPECT_EQ(nth<schemas::command_rejected>(d).code, "STALE_STEP_RESULT");
  EXPECT_EQ(s.run("r1").status, run_status::terminated);
}

TEST(evolve, ignores_events_of_unknown_runs_and_keeps_terminal_runs_compact) {
  scenario s;
  s.given(schemas::step_started{"ghost", "a", 1});
  EXPECT_TRUE(s.state().runs.empty());
  s.given(fetch_run("r1")).given(schemas::terminate_run{"r1", ""});
  EXPECT_EQ(s.run("r1").def, nullptr);
  EXPECT_TRUE(s.run("r1").nodes.empty());
  s.given(schemas::step_completed{"r1", "fetch", 1, {}});
  EXPECT_EQ(s.run("r1").status, run_status::terminated);
}

}  // namespace
}  // namespace runlog::engine
