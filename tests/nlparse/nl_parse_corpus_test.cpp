// The instruction corpus (tests/nlparse/nl_parse_corpus.json): for each instruction the
// expected source (and template), node types in order, actions, edges ("-" none, "step_1",
// "step_2:true" with a `when`), schedule and whether the result is well formed (passes the
// definition and schedule validators). `valid` is then well formed and every node runnable in
// this build (check_node_support), with one problem naming each node that is not. Every entry
// is checked, then the corpus size (at least 40) and its spread over sources.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "runlog/workflow/definition.hpp"
#include "runlog/nlparse/parse.hpp"
#include "runlog/workflow/node_support.hpp"

namespace runlog::nlparse {
namespace {

using nlohmann::json;

json load_corpus() {
  const auto path =
      std::filesystem::path(RUNLOG_TEST_SOURCE_DIR) / "tests/nlparse/nl_parse_corpus.json";
  std::ifstream in(path);
  if (!in) return nullptr;
  return json::parse(in, nullptr, false);
}

std::string edge_of(const json& node) {
  std::string out = "-";
  if (node.contains("input_from")) {
    out = node["input_from"].is_string() ? node["input_from"].get<std::string>()
                                         : node["input_from"].dump();
  }
  if (node.contains("when")) out += node["when"].get<bool>() ? ":true" : ":false";
  return out;
}

json schedule_of(const parsed_workflow& w) {
  if (!w.schedule) return nullptr;
  if (w.schedule->interval_ms > 0) return {{"interval_ms", w.schedule->interval_ms}};
  return {{"cron", w.schedule->cron_expression}, {"timezone", w.schedule->timezone}};
}

void check_entry(const json& e) {
  const std::string text = e.at("instruction");
  SCOPED_TRACE(text);
  parse_context context;
  if (e.contains("tools")) context.available_tools = e["tools"].get<std::vector<std::string>>();
  const auto w = parse_instruction(text, context);
  EXPECT_EQ(to_string(w.source), e.at("source").get<std::string>());
  EXPECT_EQ(w.template_id, e.value("template_id", ""));
  json types = json::array();
  json actions = json::array();
  json edges = json::array();
  for (const auto& n : w.definition.at("nodes")) {
    types.push_back(n.at("type"));
    actions.push_back(n.at("action"));
    edges.push_back(edge_of(n));
  }
  EXPECT_EQ(types, e.at("types"));
  EXPECT_EQ(actions, e.at("actions"));
  EXPECT_EQ(edges, e.at("input_from"));
  EXPECT_EQ(schedule_of(w), e.at("schedule"));
  const bool well_formed = e.at("well_formed").get<bool>();
  const auto def = parse_definition(w.definition);
  EXPECT_EQ(def.has_value(), well_formed) << testing::PrintToString(w.problems);
  bool runnable = true;
  if (def) {
    for (const auto& n : def->nodes) {
      const auto unsupported = check_node_support(n);
      if (!unsupported) continue;
      runnable = false;
      const std::string problem = unsupported->code + ": " + unsupported->message;
      EXPECT_NE(std::find(w.problems.begin(), w.problems.end(), problem), w.problems.end())
          << problem;
    }
  }
  EXPECT_EQ(w.valid, well_formed && runnable) << testing::PrintToString(w.problems);
  EXPECT_GE(w.confidence, 0.0);
  EXPECT_LE(w.confidence, 1.0);
}

TEST(nl_parse_corpus, every_instruction_gives_its_expected_workflow) {
  const json corpus = load_corpus();
  ASSERT_TRUE(corpus.is_array()) << "tests/nlparse/nl_parse_corpus.json is missing or malformed";
  ASSERT_GE(corpus.size(), 40u);
  int templates = 0;
  int rules = 0;
  int schedules = 0;
  for (const auto& e : corpus) {
    check_entry(e);
    (e.at("source") == "template" ? templates : rules) += 1;
    schedules += e.at("schedule").is_null() ? 0 : 1;
  }
  EXPECT_GE(templates, 15);
  EXPECT_GE(rules, 25);
  EXPECT_GE(schedules, 20);
}

}  // namespace
}  // namespace runlog::nlparse
