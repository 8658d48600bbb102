// `valid` and `problems`: validator problems, nodes this build cannot run, confidence.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "nlparse/parse_helpers.hpp"
#include "runlog/workflow/cron.hpp"
#include "runlog/workflow/definition.hpp"
#include "runlog/workflow/node_support.hpp"

namespace runlog::nlparse {
namespace {

using nlohmann::json;
using support::cannot_run;
using support::field;
using support::parse;
using support::strings;
using support::well_formed;

TEST(nl_parse, nothing_understood_is_invalid_with_problems) {
  for (const char* text : {"Hello world", "", "     ", "1234 5678", "☃☃☃ ünïcödé", "!!!???...,,,",
                           "the the the the"}) {
    const auto w = parse(text);
    EXPECT_FALSE(w.valid) << text;
    EXPECT_TRUE(w.definition.at("nodes").empty()) << text;
    EXPECT_GE(w.problems.size(), 2u) << text;
    EXPECT_LE(w.confidence, 0.1) << text;
    EXPECT_FALSE(w.name.empty()) << text;
  }
}

TEST(nl_parse, check_parsed_reports_validator_problems_and_lowers_confidence) {
  parsed_workflow w;
  w.definition = json::parse(R"({"nodes": [{"id": "a", "type": "condition", "config": {}}]})");
  w.schedule = parsed_schedule{"0 25 * * *", 0, "Mars/Olympus"};
  w.confidence = 0.8;
  check_parsed(w);
  EXPECT_FALSE(w.valid);
  ASSERT_EQ(w.problems.size(), 3u) << testing::PrintToString(w.problems);
  EXPECT_NE(w.problems[0].find("condition needs config.field"), std::string::npos);
  EXPECT_NE(w.problems[1].find("hour"), std::string::npos);
  EXPECT_NE(w.problems[2].find("Mars/Olympus"), std::string::npos);
  EXPECT_DOUBLE_EQ(w.confidence, 0.6);
}

TEST(nl_parse, valid_means_every_node_can_run_here) {
  // A delay cannot run in this build (no durable timers), nor can a Slack post (no connector):
  // each is a problem naming its node, and the reading keeps its confidence.
  const auto w = parse("wait 2 hours then send a slack message");
  ASSERT_EQ(field(w, "type"), (strings{"delay", "integration"})) << w.definition.dump(2);
  EXPECT_FALSE(w.valid);
  ASSERT_EQ(w.problems.size(), 2u) << testing::PrintToString(w.problems);
  EXPECT_EQ(w.problems[0],
            "NODE_TYPE_NOT_SUPPORTED: " +
                check_node_support("step_1", node_type::delay, field(w, "action")[0])->message);
  EXPECT_NE(w.problems[0].find("node 'step_1' (delay"), std::string::npos);
  EXPECT_EQ(w.problems[1].rfind("CONNECTOR_NOT_CONFIGURED: node 'step_2' (integration", 0), 0u)
      << w.problems[1];
  EXPECT_TRUE(well_formed(w));
  EXPECT_GT(w.confidence, 0.8) << "a node that cannot run here is no misreading";
  // Nodes the engine runs itself (condition, approval, transform) make a valid workflow.
  const auto runnable = parse("If the amount is over $500, ask the finance manager for approval.");
  ASSERT_EQ(field(runnable, "type"), (strings{"condition", "approval"}))
      << runnable.definition.dump(2);
  EXPECT_TRUE(runnable.valid) << testing::PrintToString(runnable.problems);
  EXPECT_TRUE(runnable.problems.empty());
}

TEST(nl_parse, check_parsed_adds_a_problem_per_node_that_cannot_run) {
  parsed_workflow w;
  w.definition = json::parse(R"({"nodes": [
      {"id": "shape", "type": "transform", "config": {"output": {"a": 1}}},
      {"id": "nap", "type": "delay", "action": "wait", "input_from": "shape",
       "config": {"duration_ms": 1000}},
      {"id": "ask", "type": "agent", "action": "summarize", "input_from": "nap"}]})");
  w.confidence = 0.8;
  check_parsed(w);
  EXPECT_FALSE(w.valid);
  EXPECT_EQ(w.problems,
            (strings{"NODE_TYPE_NOT_SUPPORTED: " +
                         check_node_support("nap", node_type::delay, "wait")->message,
                     "CONNECTOR_NOT_CONFIGURED: " +
                         check_node_support("ask", node_type::agent, "summarize")->message}));
  EXPECT_DOUBLE_EQ(w.confidence, 0.8);
  // Only engine-run nodes: valid, no problems.
  parsed_workflow ok;
  ok.definition = json::parse(R"({"nodes": [
      {"id": "shape", "type": "transform", "config": {"output": {"a": 1}}},
      {"id": "done", "type": "end", "input_from": "shape"}]})");
  check_parsed(ok);
  EXPECT_TRUE(ok.valid) << testing::PrintToString(ok.problems);
}

}  // namespace
}  // namespace runlog::nlparse
