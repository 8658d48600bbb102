// Conditions, parallel branches, joins, end/fail nodes and integration failures over HTTP,
// and terminating runs.

#include <chrono>
#include <thread>

#include "api/e2e_fixture.hpp"

namespace runlog::e2e {
namespace {

/// prep -> {left, right} -> merge (a join); prep -> check -> big (when true) / small (when false).
json branching_definition() {
  return json::parse(R"({"nodes": [
    {"id": "prep", "type": "transform", "config": {"amount": "{{inputs.amount}}"}},
    {"id": "left", "type": "transform", "input_from": "prep", "config": {"l": "{{ steps.prep.output.amount + 1 }}"}},
    {"id": "right", "type": "transform", "input_from": "prep", "config": {"r": "{{ steps.prep.output.amount * 10 }}"}},
    {"id": "merge", "type": "transform", "input_from": ["left", "right"],
     "config": {"sum": "{{ steps.left.output.l + steps.right.output.r }}", "label": "{{steps.left.output.l}}/{{steps.right.output.r}}"}},
    {"id": "check", "type": "condition", "action": "is_big", "input_from": "prep",
     "config": {"field": "$.amount", "operator": "greater_than", "value": 100}},
    {"id": "big", "type": "transform", "input_from": "check", "when": true, "config": {"tier": "big"}},
    {"id": "small", "type": "transform", "input_from": "check", "when": false, "config": {"tier": "small"}}
  ]})");
}

std::string status_of(const json& run, std::string_view node_id) {
  json n = node_of(run, node_id);
  return n.is_object() ? n.value("status", "") : "<no node " + std::string(node_id) + ">";
}

class conditions_test : public e2e_test {};

TEST_F(conditions_test, condition_true_runs_one_branch_and_skips_the_other) {
  const std::string tok = token();
  auto wf = create_workflow("branching", branching_definition(), tok);
  ASSERT_TRUE(wf.is_object());
  auto run = run_to_end(wf["id"].get<std::string>(), {{"amount", 150}}, tok);
  ASSERT_TRUE(run.is_object());
  EXPECT_EQ(run.value("status", ""), "completed") << run.dump(2);
  EXPECT_EQ(node_of(run, "check")["output"], json({{"result", true}})) << run.dump(2);
  EXPECT_EQ(status_of(run, "big"), "completed") << run.dump(2);
  EXPECT_EQ(node_of(run, "big")["output"], json({{"tier", "big"}}));
  EXPECT_EQ(status_of(run, "small"), "skipped") << run.dump(2);
  EXPECT_TRUE(node_of(run, "small")["output"].is_null());
  EXPECT_EQ(node_of(run, "small").value("attempts", -1), 0);
  EXPECT_EQ(status_of(run, "merge"), "completed") << run.dump(2);
  EXPECT_EQ(node_of(run, "merge")["output"], json({{"sum", 1651}, {"label", "151/1500"}})) << run.dump(2);
  ASSERT_TRUE(run["outputs"].is_object()) << run.dump(2);
  EXPECT_EQ(run["outputs"]["merge"], json({{"sum", 1651}, {"label", "151/1500"}}));
  EXPECT_EQ(run["outputs"]["big"], json({{"tier", "big"}}));
}

TEST_F(conditions_test, condition_false_takes_the_other_branch) {
  const std::string tok = token();
  auto wf = create_workflow("branching", branching_definition(), tok);
  ASSERT_TRUE(wf.is_object());
  auto run = run_to_end(wf["id"].get<std::string>(), {{"amount", 5}}, tok);
  ASSERT_TRUE(run.is_object());
  EXPECT_EQ(run.value("status", ""), "completed") << run.dump(2);
  EXPECT_EQ(node_of(run, "check")["output"], json({{"result", false}}));
  EXPECT_EQ(status_of(run, "big"), "skipped") << run.dump(2);
  EXPECT_EQ(status_of(run, "small"), "completed") << run.dump(2);
  EXPECT_EQ(node_of(run, "small")["output"], json({{"tier", "small"}}));
  EXPECT_EQ(node_of(run, "merge")["output"], json({{"sum", 56}, {"label", "6/50"}}));
  EXPECT_EQ(run["outputs"]["small"], json({{"tier", "small"}}));
}

TEST_F(conditions_test, root_condition_reads_the_run_inputs_and_end_sets_the_outputs) {
  const std::string tok = token();
  const json definition = json::parse(R"({"nodes": [
    {"id": "gate", "type": "condition", "config": {"field": "$.user.role", "operator": "equals", "value": "admin"}},
    {"id": "welcome", "type": "transform", "input_from": "gate", "when": true,
     "config": {"text": "welcome {{ lower(inputs.user.name) }}", "n": "{{ length(inputs.user.name) }}"}},
    {"id": "done", "type": "end", "input_from": "welcome",
     "config": {"output": {"message": "{{steps.welcome.output.text}}", "size": "{{steps.welcome.output.n}}"}}}
  ]})");
  auto wf = create_workflow("gate", definition, tok);
  ASSERT_TRUE(wf.is_object());
  auto run = run_to_end(wf["id"].get<std::string>(), {{"user", {{"role", "admin"}, {"name", "ADA"}}}}, tok);
  ASSERT_TRUE(run.is_object());
  EXPECT_EQ(run.value("status", ""), "completed") << run.dump(2);
  EXPECT_EQ(run["outputs"], json({{"message", "welcome ada"}, {"size", 3}})) << run.dump(2);
  EXPECT_EQ(status_of(run, "done"), "completed") << run.dump(2);
}

TEST_F(conditions_test, fail_node_fails_the_run_with_its_error) {
  const std::string tok = token();
  const json definition = json::parse(R"({"nodes": [
    {"id": "a", "type": "transform", "config": {"v": 1}},
    {"id": "boom", "type": "fail", "input_from": "a", "config": {"code": "BAD_THINGS", "message": "bad things happened"}}
  ]})");
  auto wf = create_workflow("fails", definition, tok);
  ASSERT_TRUE(wf.is_object());
  auto run = run_to_end(wf["id"].get<std::string>(), json::object(), tok);
  ASSERT_TRUE(run.is_object());
  EXPECT_EQ(run.value("status", ""), "failed") << run.dump(2);
  ASSERT_TRUE(run["error"].is_object()) << run.dump(2);
  EXPECT_EQ(run["error"].value("code", ""), "BAD_THINGS") << run.dump(2);
  EXPECT_NE(run["error"].value("message", "").find("bad things happened"), std::string::npos) << run.dump(2);
  EXPECT_EQ(run["error"].value("node_id", ""), "boom") << run.dump(2);
  EXPECT_TRUE(run["outputs"].is_null()) << run.dump(2);
  EXPECT_EQ(status_of(run, "a"), "completed") << run.dump(2);
  EXPECT_EQ(status_of(run, "boom"), "failed") << run.dump(2);
  EXPECT_FALSE(run["finished_at"].is_null());
}

TEST_F(conditions_test, unconfigured_integration_fails_with_connector_not_configured) {
  const std::string tok = token();
  const json definition = json::parse(R"({"nodes": [
    {"id": "a", "type": "transform", "config": {"text": "hi"}},
    {"id": "post", "type": "integration", "action": "slack.post_message", "input_from": "a",
     "config": {"channel": "#e2e", "message": "{{steps.a.output.text}}"}},
    {"id": "after", "type": "transform", "input_from": "post", "config": {"v": 1}}
  ]})");
  auto wf = create_workflow("integration", definition, tok);
  ASSERT_TRUE(wf.is_object());
  auto run = run_to_end(wf["id"].get<std::string>(), json::object(), tok);
  ASSERT_TRUE(run.is_object());
  EXPECT_EQ(run.value("status", ""), "failed") << run.dump(2);
  EXPECT_EQ(run["error"].value("code", ""), "CONNECTOR_NOT_CONFIGURED") << run.dump(2);
  EXPECT_EQ(run["error"].value("node_id", ""), "post") << run.dump(2);
  EXPECT_EQ(status_of(run, "post"), "failed") << run.dump(2);
  EXPECT_EQ(node_of(run, "post")["error"].value("code", ""), "CONNECTOR_NOT_CONFIGURED") << run.dump(2);
  EXPECT_NE(status_of(run, "after"), "completed") << "nothing runs after the failed node";
  auto failed = get(path("/" + wf["id"].get<std::string>() + "/runs?status=failed"), tok);
  EXPECT_EQ(failed.json.value("total", -1), 1) << failed.body;
}

class terminate_test : public e2e_test {};

TEST_F(terminate_test, terminating_a_finished_run_is_400_and_changes_nothing) {
  const std::string tok = token();
  auto wf = create_workflow("chain", chain_definition(), tok);
  ASSERT_TRUE(wf.is_object());
  const std::string id = wf["id"];
  auto done = run_to_end(id, {{"name", "world"}, {"x", 5}}, tok);
  ASSERT_TRUE(done.is_object());
  ASSERT_EQ(done.value("status", ""), "completed");
  const std::string run_target = path("/" + id + "/runs/" + done["id"].get<std::string>());
  EXPECT_TRUE(is_error(del(run_target, tok), 400, "EXECUTION_ALREADY_TERMINAL"));
  EXPECT_EQ(get(run_target, tok).json["run"], done) << "the rejected terminate changed nothing";

  auto failing = create_workflow("fails", json::parse(R"({"nodes": [{"id": "x", "type": "fail", "config": {}}]})"), tok);
  ASSERT_TRUE(failing.is_object());
  const std::string failing_id = failing["id"];
  auto failed = run_to_end(failing_id, json::object(), tok);
  ASSERT_TRUE(failed.is_object());
  ASSERT_EQ(failed.value("status", ""), "failed");
  EXPECT_TRUE(is_error(del(path("/" + failing_id + "/runs/" + failed["id"].get<std::string>()), tok), 400,
                       "EXECUTION_ALREADY_TERMINAL"));
}

/// An approval node pauses the run (it waits for a human); terminating the paused run
/// answers 200, ends it `terminated`, and a second terminate is 400. A restart keeps all of it.
TEST_F(terminate_test, terminating_a_paused_run_ends_it_terminated) {
  const std::string tok = token();
  auto wf = create_workflow("needs-approval", json::parse(R"({"nodes": [
      {"id": "prep", "type": "transform", "config": {"amount": "{{ inputs.amount }}"}},
      {"id": "approve", "type": "approval", "input_from": "prep", "config": {"prompt": "ok?"}},
      {"id": "pay", "type": "transform", "input_from": "approve", "config": {"paid": true}}]})"),
                            tok);
  ASSERT_TRUE(wf.is_object());
  const std::string id = wf["id"];
  auto run = execute(id, {{"amount", 12}}, tok);
  ASSERT_TRUE(run.is_object());
  const std::string run_target = path("/" + id + "/runs/" + run["id"].get<std::string>());
  json paused = json::object();
  for (int i = 0; i < 500 && paused.value("status", "") != "paused"; ++i) {
    paused = get(run_target, tok).json["run"];
    if (paused.value("status", "") != "paused") std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(paused.value("status", ""), "paused") << paused.dump(2);
  EXPECT_EQ(node_of(paused, "prep")["status"], "completed");
  EXPECT_EQ(node_of(paused, "approve")["status"], "running");
  EXPECT_EQ(node_of(paused, "pay")["status"], "pending");
  EXPECT_EQ(get(path("/" + id + "/runs?status=paused"), tok).json.value("total", -1), 1);

  auto res = del(run_target, tok);
  EXPECT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.json.value("message", ""), "Workflow run terminated successfully") << res.body;
  auto ended = get(run_target, tok).json["run"];
  EXPECT_EQ(ended.value("status", ""), "terminated") << ended.dump(2);
  EXPECT_FALSE(ended["finished_at"].is_null());
  EXPECT_EQ(node_of(ended, "approve")["status"], "cancelled") << ended.dump(2);
  EXPECT_EQ(node_of(ended, "pay")["status"], "skipped") << ended.dump(2);
  EXPECT_TRUE(is_error(del(run_target, tok), 400, "EXECUTION_ALREADY_TERMINAL"));

  restart_server();
  EXPECT_EQ(get(run_target, tok).json["run"], ended) << "terminated run survives a restart";
}

/// A terminate racing with a run's completion either wins (200, run ends terminated) or loses
/// (400 EXECUTION_ALREADY_TERMINAL, run ends completed); never both, never neither.
TEST_F(terminate_test, terminate_racing_completion_is_consistent) {
  const std::string tok = token();
  json nodes = json::array();
  nodes.push_back({{"id", "n0"}, {"type", "transform"}, {"config", {{"v", 0}}}});
  for (int i = 1; i < 30; ++i) {
    const std::string prev = "n" + std::to_string(i - 1);
    nodes.push_back({{"id", "n" + std::to_string(i)}, {"type", "transform"}, {"input_from", prev},
                     {"config", {{"v", "{{ steps." + prev + ".output.v + 1 }}"}}}});
  }
  auto wf = create_workflow("long-chain", {{"nodes", nodes}}, tok);
  ASSERT_TRUE(wf.is_object());
  const std::string id = wf["id"];
  int won = 0;
  for (int i = 0; i < 5; ++i) {
    auto run = execute(id, json::object(), tok);
    ASSERT_TRUE(run.is_object());
    const std::string run_id = run["id"];
    auto res = del(path("/" + id + "/runs/" + run_id), tok);
    auto final_run = wait_for_run(id, run_id, tok);
    ASSERT_TRUE(final_run.is_object());
    if (res.status == 200) {
      ++won;
      EXPECT_EQ(res.json.value("success", false), true) << res.body;
      EXPECT_EQ(res.json.value("message", ""), "Workflow run terminated successfully") << res.body;
      EXPECT_EQ(final_run.value("status", ""), "terminated") << final_run.dump(2);
      EXPECT_TRUE(final_run["outputs"].is_null()) << final_run.dump(2);
      EXPECT_FALSE(final_run["finished_at"].is_null());
      EXPECT_TRUE(is_error(del(path("/" + id + "/runs/" + run_id), tok), 400, "EXECUTION_ALREADY_TERMINAL"));
    } else {
      EXPECT_TRUE(is_error(res, 400, "EXECUTION_ALREADY_TERMINAL"));
      EXPECT_EQ(final_run.value("status", ""), "completed") << final_run.dump(2);
      EXPECT_EQ(node_of(final_run, "n29")["output"], json({{"v", 29}}));
    }
  }
  RecordProperty("terminate_won", won);
  auto terminated = get(path("/" + id + "/runs?status=terminated"), tok);
  EXPECT_EQ(terminated.json.value("total", -1), won) << terminated.body;
}

}  // namespace
}  // namespace runlog::e2e
