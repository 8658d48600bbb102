// decide()/evolve(): workflows, run execution and the DAG cascade.
#include <gtest/gtest.h>

#include "engine/scenario.hpp"

namespace runlog::engine {
namespace {

using json = nlohmann::json;
using testing::names;
using testing::nth;
using testing::scenario;
using strings = std::vector<std::string>;

schemas::create_workflow create(
    std::string id, std::string name,
    json definition = R"({"nodes": [{"id": "done", "type": "end"}]})"_json) {
  return {std::move(id), std::move(name), "", std::move(definition), "1.0.0"};
}

schemas::execute_run execute(std::string run_id, json nodes, json inputs = json::object()) {
  return {std::move(run_id), "wf-1", "1.0.0", json{{"nodes", std::move(nodes)}}, std::move(inputs)};
}

// ---- workflows ----

TEST(create_workflow, is_accepted_with_a_trimmed_name) {
  scenario s;
  const auto d = s.when(create("wf-1", "  Daily report "));
  ASSERT_EQ(names(d), strings{"workflow.created"});
  const auto created = nth<schemas::workflow_created>(d);
  EXPECT_EQ(created.workflow_id, "wf-1");
  EXPECT_EQ(created.name, "Daily report");
  EXPECT_EQ(created.status, "active");
  EXPECT_EQ(s.state().tenants.at("tenant-a").workflow_by_name.at("Daily report"), "wf-1");
}

TEST(create_workflow, rejects_a_duplicate_name_in_the_same_tenant_only) {
  scenario s;
  s.given(create("wf-1", "Daily report"));
  const auto d = s.when(create("wf-2", "Daily report "));
  ASSERT_EQ(names(d), strings{"command.rejected"});
  EXPECT_EQ(nth<schemas::command_rejected>(d),
            (schemas::command_rejected{"workflow.create", "WORKFLOW_NAME_CONFLICT",
                                       "a workflow named 'Daily report' already exists", "wf-2"}));
  // Names compare exactly: another case is another name.
  EXPECT_EQ(names(s.when(create("wf-3", "daily report"))), strings{"workflow.created"});
  const auto other = s.when(create("wf-4", "Daily report"), {"tenant-b", "user-2", 5});
  EXPECT_EQ(names(other), strings{"workflow.created"});
}

TEST(create_workflow, rejects_a_known_workflow_id) {
  scenario s;
  s.given(create("wf-1", "first"));
  const auto d = s.when(create("wf-1", "second"));
  EXPECT_EQ(nth<schemas::command_rejected>(d).code, "WORKFLOW_ALREADY_EXISTS");
}

TEST(create_workflow, rejects_an_invalid_definition_with_the_validators_message) {
  scenario s;
  const auto d =
      s.when(create("wf-1", "broken", R"({"nodes": [{"id": "a", "type": "foo"}]})"_json));
  const auto rejected = nth<schemas::command_rejected>(d);
  EXPECT_EQ(rejected.code, "INVALID_WORKFLOW_CONFIG");
  EXPECT_EQ(rejected.message.rfind("node 'a': unknown type 'foo'", 0), 0u) << rejected.message;
  EXPECT_TRUE(s.state().tenants.empty());
}

// ---- execute ----

TEST(execute_run, runs_a_transform_chain_with_templates) {
  scenario s;
  const auto d = s.when(execute("r1", R"([
      {"id": "a", "type": "transform", "config": {"y": "{{inputs.x}}", "n": "{{inputs.n * 2}}"}},
      {"id": "b", "type": "transform", "input_from": "a",
       "config": {"z": "{{steps.a.output.y}}-b", "via_input": "{{input.n}}"}},
      {"id": "c", "type": "transform", "input_from": "b",
       "config": {"final": "{{steps.b.output.z}}!", "run": "{{run.id}}"}}])"_json,
                                {{"x", "hello"}, {"n", 21}}));
  EXPECT_EQ(names(d), (strings{"run.started", "run.step_started", "run.step_completed",
                               "run.step_started", "run.step_completed", "run.step_started",
                               "run.step_completed", "run.completed"}));
  EXPECT_EQ(nth<schemas::step_completed>(d, 0).output, (json{{"y", "hello"}, {"n", 42}}));
  EXPECT_EQ(nth<schemas::step_completed>(d, 1).output, (json{{"z", "hello-b"}, {"via_input", 42}}));
  EXPECT_EQ(nth<schemas::run_completed>(d).outputs,
            (json{{"c", {{"final", "hello-b!"}, {"run", "r1"}}}}));
  EXPECT_TRUE(d.effects.empty());
  EXPECT_EQ(s.run("r1").status, run_status::completed);
}

TEST(execute_run, rejects_a_known_run_and_an_invalid_definition) {
  scenario s;
  s.given(execute("r1", R"([{"id": "e", "type": "end"}])"_json));
  EXPECT_EQ(
      nth<schemas::command_rejected>(s.when(execute("r1", R"([{"id": "e", "type": "end"}])"_json))),
      (schemas::command_rejected{"run.execute", "EXECUTION_ALREADY_EXISTS",
                                 "run 'r1' already exists", "r1"}));
  const auto d = s.when(execute("r2", R"([{"id": "a", "type": "end", "input_from": "x"}])"_json));
  EXPECT_EQ(nth<schemas::command_rejected>(d),
            (schemas::command_rejected{"run.execute", "INVALID_WORKFLOW_CONFIG",
                                       "node 'a': input_from references missing node 'x'", "r2"}));
  EXPECT_FALSE(s.state().runs.contains("r2"));
}

TEST(execute_run, runs_parallel_branches_and_the_join_waits_for_all) {
  scenario s;
  const json nodes = R"([
      {"id": "start", "type": "transform", "config": {"v": "{{inputs.v}}"}},
      {"id": "left", "type": "transform", "input_from": "start", "config": {"l": "{{input.v}}"}},
      {"id": "right", "type": "integration", "action": "http.request", "input_from": "start",
       "config": {"url": "https://example.test/{{input.v}}"}},
      {"id": "join", "type": "transform", "input_from": ["left", "right"],
       "config": {"both": "{{input}}"}}])"_json;
  const auto d = s.when(execute("r1", nodes, {{"v", 7}}));
  EXPECT_EQ(names(d), (strings{"run.started", "run.step_started", "run.step_completed",
                               "run.step_started", "run.step_completed", "run.step_started"}));
  EXPECT_EQ(nth<schemas::step_started>(d, 2).node_id, "right");
  ASSERT_EQ(d.effects.size(), 1u);
  const auto& call = std::get<execute_node>(d.effects[0]);
  EXPECT_EQ(call.node_id, "right");
  EXPECT_EQ(call.rendered_config, (json{{"url", "https://example.test/7"}}));
  EXPECT_EQ(s.run("r1").nodes[3].status, node_status::pending);

  const auto reported =
      s.when(schemas::report_step{"r1", "right", 1, true, {{"status", 200}}, "", ""});
  EXPECT_EQ(names(reported), (strings{"run.step_completed", "run.step_started",
                                      "run.step_completed", "run.completed"}));
  EXPECT_EQ(nth<schemas::step_completed>(reported, 1).output,
            (json{{"both", {{"left", {{"l", 7}}}, {"right", {{"status", 200}}}}}}));
  EXPECT_EQ(s.run("r1").status, run_status::completed);
}

json gated_nodes() {
  return R"([
      {"id": "check", "type": "condition",
       "config": {"field": "$.amount", "operator": "greater_than", "value": 100}},
      {"id": "big", "type": "transform", "input_from": "check", "when": true, "config": {"size": "big"}},
      {"id": "small", "type": "transform", "input_from": "check", "when": false, "config": {"size": "small"}},
      {"id": "after_big", "type": "transform", "input_from": "big", "config": {"seen": "{{input.size}}"}},
      {"id": "after_small", "type": "transform", "input_from": "small", "config": {"seen": "{{input.size}}"}}])"_json;
}

TEST(execute_run, a_true_condition_runs_the_when_true_branch_and_skips_the_other) {
  scenario s;
  const auto d = s.when(execute("r1", gated_nodes(), {{"amount", 150}}));
  EXPECT_EQ(nth<schemas::step_completed>(d, 0).output, (json{{"result", true}}));
  EXPECT_EQ(nth<schemas::step_skipped>(d, 0),
            (schemas::step_skipped{"r1", "small", "condition not met"}));
  EXPECT_EQ(nth<schemas::step_skipped>(d, 1),
            (schemas::step_skipped{"r1", "after_small", "all inputs skipped"}));
  EXPECT_EQ(nth<schemas::run_completed>(d).outputs, (json{{"after_big", {{"seen", "big"}}}}));
}

TEST(execute_run, a_false_condition_runs_the_when_false_branch) {
  scenario s;
  const auto d = s.when(execute("r1", gated_nodes(), {{"amount", 50}}));
  EXPECT_EQ(nth<schemas::step_completed>(d, 0).output, (json{{"result", false}}));
  EXPECT_EQ(nth<schemas::step_skipped>(d, 0).node_id, "big");
  EXPECT_EQ(nth<schemas::step_skipped>(d, 1).node_id, "after_big");
  EXPECT_EQ(nth<schemas::run_completed>(d).outputs, (json{{"after_small", {{"seen", "small"}}}}));
  EXPECT_EQ(s.run("r1").status, run_status::completed);
}

TEST(execute_run, a_condition_may_be_an_expression) {
  scenario s;
  const auto d = s.when(execute("r1", R"([
      {"id": "check", "type": "condition", "config": {"expression": "inputs.n > 3 && inputs.tag == 'x'"}},
      {"id": "yes", "type": "end", "input_from": "check", "config": {"output": {"went": "yes"}}},
      {"id": "no", "type": "end", "input_from": "check", "when": false, "config": {"output": {"went": "no"}}}])"_json,
                                {{"n", 5}, {"tag", "x"}}));
  EXPECT_EQ(nth<schemas::run_completed>(d).outputs, (json{{"went", "yes"}}));
}

TEST(execute_run, an_end_node_finishes_the_run_with_its_output) {
  scenario s;
  const auto d = s.when(execute("r1", R"([
      {"id": "a", "type": "transform", "config": {"x": "{{inputs.x}}"}},
      {"id": "finish", "type": "end", "input_from": "a", "config": {"output": {"total": "{{input.x + 1}}"}}},
      {"id": "later", "type": "transform", "input_from": "finish"}])"_json,
                                {{"x", 1}}));
  EXPECT_EQ(names(d).back(), "run.completed");
  EXPECT_EQ(nth<schemas::run_completed>(d).outputs, (json{{"total", 2}}));

  const auto plain = s.when(execute("r2", R"([{"id": "finish", "type": "end"}])"_json, {{"k", 1}}));
  EXPECT_EQ(nth<schemas::run_completed>(plain).outputs, (json{{"k", 1}}));
  const auto scalar = s.when(execute(
      "r3", R"([{"id": "finish", "type": "end", "config": {"output": "{{inputs.k}}"}}])"_json,
      {{"k", 9}}));
  EXPECT_EQ(nth<schemas::run_completed>(scalar).outputs, (json{{"result", 9}}));
}

TEST(execute_run, a_fail_node_fails_the_run) {
  scenario s;
  const auto d = s.when(execute("r1", R"([
      {"id": "bad", "type": "fail", "config": {"code": "LIMIT", "message": "over {{inputs.limit}}"}}])"_json,
                                {{"limit", 3}}));
  EXPECT_EQ(names(d),
            (strings{"run.started", "run.step_started", "run.step_failed", "run.failed"}));
  EXPECT_EQ(nth<schemas::step_failed>(d),
            (schemas::step_failed{"r1", "bad", 1, "LIMIT", "over 3", false}));
  EXPECT_EQ(nth<schemas::run_failed>(d), (schemas::run_failed{"r1", "LIMIT", "over 3", "bad"}));
  const auto plain = s.when(execute("r2", R"([{"id": "stop", "type": "fail"}])"_json));
  EXPECT_EQ(nth<schemas::run_failed>(plain),
            (schemas::run_failed{"r2", "WORKFLOW_FAILED", "fail node 'stop' reached", "stop"}));
  EXPECT_EQ(s.run("r2").status, run_status::failed);
}

TEST(execute_run, a_template_error_fails_the_run) {
  scenario s;
  const auto d = s.when(execute("r1", R"([
      {"id": "t", "type": "transform", "config": {"x": "{{ inputs.n - 'a' }}"}},
      {"id": "u", "type": "transform", "input_from": "t"}])"_json,
                                {{"n", 1}}));
  EXPECT_EQ(names(d),
            (strings{"run.started", "run.step_started", "run.step_failed", "run.failed"}));
  const auto failed = nth<schemas::step_failed>(d);
  EXPECT_FALSE(failed.will_retry);
  EXPECT_EQ(failed.code, "EXPRESSION_ERROR");
  const auto run_failed = nth<schemas::run_failed>(d);
  EXPECT_EQ(run_failed.code, "STEP_FAILED");
  EXPECT_EQ(run_failed.node_id, "t");
  EXPECT_EQ(run_failed.message, "node 't': " + failed.message);
}

TEST(execute_run, effects_of_a_run_that_ended_in_the_same_decision_are_dropped) {
  scenario s;
  const auto d = s.when(execute("r1", R"([
      {"id": "call", "type": "integration", "action": "slack.post_message"},
      {"id": "stop", "type": "fail"}])"_json));
  EXPECT_EQ(names(d).back(), "run.failed");
  EXPECT_TRUE(d.effects.empty());
}

}  // namespace
}  // namespace runlog::engine
