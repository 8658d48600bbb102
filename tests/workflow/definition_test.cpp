#include "runlog/workflow/definition.hpp"

#include <gtest/gtest.h>

#include <string>

namespace runlog::workflow {
namespace {

using json = nlohmann::json;

// The validator's message for `definition`, or "ok".
std::string problem(const json& definition) {
  const auto def = parse_definition(definition);
  if (def) return "ok";
  EXPECT_EQ(def.error().code, make_error_code(errc::invalid_definition));
  return def.error().message;
}

json with_nodes(json nodes) { return json{{"nodes", std::move(nodes)}}; }

// parse_new_definition's message for `definition`, or "ok".
std::string new_problem(const json& definition) {
  const auto def = parse_new_definition(definition);
  if (def) return "ok";
  EXPECT_EQ(def.error().code, make_error_code(errc::invalid_definition));
  return def.error().message;
}

TEST(definition, needs_an_object_with_a_nodes_array) {
  const std::string expected = "definition must be an object with a 'nodes' array";
  EXPECT_EQ(problem(json::array()), expected);
  EXPECT_EQ(problem(json::object()), expected);
  EXPECT_EQ(problem(json{{"nodes", "a"}}), expected);
  EXPECT_EQ(problem(with_nodes(json::array())), "definition must have at least one node");
}

TEST(definition, limits_the_node_count) {
  json nodes = json::array();
  for (int i = 0; i < 501; ++i) nodes.push_back({{"id", "n" + std::to_string(i)}, {"type", "end"}});
  EXPECT_EQ(problem(with_nodes(nodes)), "definition has 501 nodes (at most 500)");
  nodes.erase(nodes.end() - 1);
  EXPECT_EQ(problem(with_nodes(nodes)), "ok");
}

TEST(definition, every_node_needs_an_id) {
  EXPECT_EQ(problem(with_nodes(R"([{"id": "a", "type": "end"}, {"type": "end"}])"_json)),
            "node #2: missing 'id'");
  EXPECT_EQ(problem(with_nodes(R"([{"id": "", "type": "end"}])"_json)),
            "node #1: 'id' must be a non-empty string");
  EXPECT_EQ(problem(with_nodes(R"([3])"_json)), "node #1: must be an object");
}

TEST(definition, rejects_duplicate_ids) {
  EXPECT_EQ(problem(with_nodes(R"([{"id": "a", "type": "end"}, {"id": "a", "type": "end"}])"_json)),
            "duplicate node id 'a'");
}

TEST(definition, rejects_an_edge_to_a_missing_node) {
  EXPECT_EQ(problem(with_nodes(R"([{"id": "a", "type": "transform"},
                                    {"id": "b", "type": "end", "input_from": ["a", "x"]}])"_json)),
            "node 'b': input_from references missing node 'x'");
  EXPECT_EQ(problem(with_nodes(R"([{"id": "a", "type": "end", "input_from": "a"}])"_json)),
            "node 'a': input_from references itself");
  EXPECT_EQ(problem(with_nodes(R"([{"id": "a", "type": "end", "input_from": 3}])"_json)),
            "node 'a': input_from must be a string or an array of strings");
  EXPECT_EQ(problem(with_nodes(R"([{"id": "a", "type": "transform"},
                                    {"id": "b", "type": "end", "input_from": ["a", "a"]}])"_json)),
            "node 'b': input_from lists 'a' twice");
}

TEST(definition, rejects_a_cycle_naming_its_path) {
  EXPECT_EQ(problem(with_nodes(R"([{"id": "a", "type": "transform", "input_from": "b"},
                                    {"id": "b", "type": "transform", "input_from": "a"}])"_json)),
            "cycle: a -> b -> a");
  // A root feeding a three-node loop, and a node hanging off the loop: only the loop is named.
  EXPECT_EQ(problem(with_nodes(R"([{"id": "root", "type": "transform"},
                                    {"id": "x", "type": "transform", "input_from": ["root", "z"]},
                                    {"id": "tail", "type": "end", "input_from": "y"},
                                    {"id": "y", "type": "transform", "input_from": "x"},
                                    {"id": "z", "type": "transform", "input_from": "y"}])"_json)),
            "cycle: x -> y -> z -> x");
}

TEST(definition, rejects_an_unknown_type_listing_the_valid_ones) {
  EXPECT_EQ(problem(with_nodes(R"([{"id": "c", "type": "foo"}])"_json)),
            "node 'c': unknown type 'foo' (expected one of: condition, transform, integration, "
            "agent, delay, approval, end, fail)");
  EXPECT_EQ(problem(with_nodes(R"([{"id": "c"}])"_json)), "node 'c': missing 'type'");
}

TEST(definition, checks_condition_nodes) {
  EXPECT_EQ(
      problem(with_nodes(R"([{"id": "d", "type": "condition", "config": {"field": "$.x"}}])"_json)),
      "node 'd': condition needs config.field and config.operator");
  EXPECT_EQ(
      problem(with_nodes(
          R"([{"id": "d", "type": "condition", "config": {"field": "$.x", "operator": "xyz"}}])"_json)),
      "node 'd': unknown operator 'xyz'");
  EXPECT_EQ(problem(with_nodes(R"([{"id": "d", "type": "condition",
                                     "config": {"field": "$.x", "operator": "equals", "value": 1}}])"_json)),
            "ok");
  EXPECT_EQ(
      problem(with_nodes(
          R"([{"id": "d", "type": "condition", "config": {"expression": "inputs.n > 3"}}])"_json)),
      "ok");
  EXPECT_NE(
      problem(with_nodes(
          R"([{"id": "d", "type": "condition", "config": {"expression": "inputs.n >"}}])"_json)),
      "ok");
}

TEST(definition, when_needs_a_boolean_and_an_upstream_condition) {
  EXPECT_EQ(problem(with_nodes(R"([{"id": "a", "type": "transform"},
                                    {"id": "b", "type": "end", "input_from": "a", "when": true}])"_json)),
            "node 'b': 'when' requires an upstream condition node");
  EXPECT_EQ(
      problem(with_nodes(R"([{"id": "a", "type": "condition", "config": {"expression": "true"}},
                                    {"id": "b", "type": "end", "input_from": "a", "when": "yes"}])"_json)),
      "node 'b': 'when' must be a boolean");
  EXPECT_EQ(
      problem(with_nodes(R"([{"id": "a", "type": "condition", "config": {"expression": "true"}},
                                    {"id": "b", "type": "end", "input_from": "a", "when": false}])"_json)),
      "ok");
}

TEST(definition, reports_template_syntax_errors_with_the_node) {
  const auto message = problem(
      with_nodes(R"([{"id": "t", "type": "transform", "config": {"x": "{{ inputs. }}"}}])"_json));
  EXPECT_EQ(message.rfind("node 't': ", 0), 0u) << message;
}

TEST(definition, checks_retry_and_timeout) {
  const auto node_with = [](json extra) {
    json n = {{"id", "i"}, {"type", "integration"}, {"action", "http.request"}};
    n.update(extra);
    return with_nodes(json::array({n}));
  };
  EXPECT_EQ(problem(node_with({{"retry", {{"max_attempts", 0}}}})),
            "node 'i': retry.max_attempts must be an integer between 1 and 10");
  EXPECT_EQ(problem(node_with({{"retry", {{"max_attempts", 11}}}})),
            "node 'i': retry.max_attempts must be an integer between 1 and 10");
  EXPECT_EQ(problem(node_with({{"retry", 3}})), "node 'i': retry must be an object");
  EXPECT_EQ(problem(node_with({{"retry", {{"multiplier", 0.5}}}})),
            "node 'i': retry.multiplier must be a number between 1 and 10");
  EXPECT_EQ(problem(node_with({{"retry", {{"initial_ms", 5000}, {"max_ms", 1000}}}})),
            "node 'i': retry.max_ms must be at least retry.initial_ms");
  EXPECT_EQ(problem(node_with({{"timeout_ms", 0}})),
            "node 'i': timeout_ms must be an integer between 1 and 86400000");
  const auto def = parse_definition(
      node_with({{"retry", {{"max_attempts", 3}, {"initial_ms", 10}}}, {"timeout_ms", 500}}));
  ASSERT_TRUE(def) << def.error().message;
  EXPECT_EQ(def->nodes[0].retry.max_attempts, 3);
  EXPECT_EQ(def->nodes[0].retry.initial_ms, 10);
  EXPECT_EQ(def->nodes[0].timeout_ms, 500);
}

TEST(definition, retry_and_timeout_take_exact_integers_only) {
  const auto node_with = [](const std::string& extra) {
    return with_nodes(json::array({json::parse(
        R"({"id": "i", "type": "integration", "action": "http.request", )" + extra + "}")}));
  };
  const std::string timeout = "node 'i': timeout_ms must be an integer between 1 and 86400000";
  // 99999999999999999999 overflows uint64: nlohmann stores it as the double 1e+20.
  for (const char* value : {"99999999999999999999", "1e20", "5.0", "18446744073709551615",
                            "9223372036854775808", "-1", "\"500\""}) {
    EXPECT_EQ(problem(node_with(std::string(R"("timeout_ms": )") + value)), timeout) << value;
  }
  EXPECT_EQ(problem(node_with(R"("retry": {"initial_ms": 99999999999999999999})")),
            "node 'i': retry.initial_ms must be an integer between 0 and 86400000");
  EXPECT_EQ(problem(node_with(R"("retry": {"max_ms": 1.5})")),
            "node 'i': retry.max_ms must be an integer between 0 and 86400000");
  EXPECT_EQ(problem(node_with(R"("retry": {"max_attempts": 2.0})")),
            "node 'i': retry.max_attempts must be an integer between 1 and 10");
}

TEST(definition, new_definitions_limit_node_ids_to_64_safe_characters) {
  const std::string expected =
      "node #2: 'id' must be 1 to 64 characters from A-Z, a-z, 0-9, '_' and '-'";
  const auto second_id = [](json id) {
    return with_nodes(json::array({{{"id", "ok"}, {"type", "end"}}, {{"id", id}, {"type", "end"}}}));
  };
  for (const std::string& bad : {std::string(65, 'a'), std::string(1000, 'x'), std::string("a b"),
                                std::string("a.b"), std::string("caf\xC3\xA9"),
                                std::string("a\0b", 3), std::string("{{x}}")}) {
    EXPECT_EQ(new_problem(second_id(bad)), expected) << bad.size();
    // Definitions already in the log keep their ids: execute and replay read them.
    EXPECT_EQ(problem(second_id(bad)), "ok") << bad.size();
  }
  EXPECT_EQ(new_problem(second_id(std::string(64, 'a'))), "ok");
  EXPECT_EQ(new_problem(second_id("Step_2-b")), "ok");
  // The rules of parse_definition still apply, with their messages.
  EXPECT_EQ(new_problem(second_id("")), "node #2: 'id' must be a non-empty string");
  EXPECT_EQ(new_problem(second_id("ok")), "duplicate node id 'ok'");
}

TEST(definition, new_definitions_need_an_exact_integer_delay) {
  const auto delay = [](const std::string& duration) {
    return with_nodes(json::array({json::parse(
        R"({"id": "wait", "type": "delay", "config": {"duration_ms": )" + duration + "}}")}));
  };
  const std::string expected =
      "node 'wait': config.duration_ms must be an integer between 0 and 31536000000 (365 days) "
      "or a {{ }} template";
  for (const char* bad : {"99999999999999999999", "1e20", "1e3", "5.0", "-1", "31536000001",
                          "18446744073709551615", "\"5000\"", "true", "[1]"}) {
    EXPECT_EQ(new_problem(delay(bad)), expected) << bad;
  }
  EXPECT_EQ(problem(delay("1e20")), "ok") << "a stored definition stays readable";
  for (const char* good : {"0", "1000", "31536000000", "\"{{ inputs.wait_ms }}\"", "null"}) {
    EXPECT_EQ(new_problem(delay(good)), "ok") << good;
  }
  EXPECT_EQ(new_problem(with_nodes(R"([{"id": "wait", "type": "delay"}])"_json)), "ok");
  // Only delay nodes read duration_ms.
  EXPECT_EQ(new_problem(with_nodes(
                R"([{"id": "t", "type": "transform", "config": {"duration_ms": 1.5}}])"_json)),
            "ok");
}

TEST(definition, integration_and_agent_nodes_need_an_action) {
  EXPECT_EQ(problem(with_nodes(R"([{"id": "i", "type": "integration"}])"_json)),
            "node 'i': integration nodes need a non-empty 'action'");
  EXPECT_EQ(problem(with_nodes(R"([{"id": "g", "type": "agent", "action": ""}])"_json)),
            "node 'g': agent nodes need a non-empty 'action'");
}

TEST(definition, schemas_and_config_must_be_objects) {
  EXPECT_EQ(problem(json{{"nodes", R"([{"id": "a", "type": "end"}])"_json}, {"inputs", 1}}),
            "definition 'inputs' must be an object (a JSON Schema)");
  EXPECT_EQ(problem(with_nodes(R"([{"id": "a", "type": "end", "config": []}])"_json)),
            "node 'a': 'config' must be an object");
}

TEST(definition, orders_nodes_topologically_and_stably) {
  const auto def = parse_definition(with_nodes(R"([
      {"id": "join", "type": "end", "input_from": ["left", "right"]},
      {"id": "right", "type": "transform", "input_from": "start"},
      {"id": "left", "type": "transform", "input_from": "start"},
      {"id": "start", "type": "transform"},
      {"id": "other", "type": "transform"}])"_json));
  ASSERT_TRUE(def) << def.error().message;
  std::vector<std::string> order;
  for (const auto i : def->order) order.push_back(def->nodes[i].id);
  EXPECT_EQ(order, (std::vector<std::string>{"start", "right", "left", "join", "other"}));
  EXPECT_EQ(def->downstream[3], (std::vector<std::size_t>{1, 2}));
  EXPECT_TRUE(def->downstream[0].empty());
  EXPECT_EQ(def->index_of("left"), 2u);
  EXPECT_EQ(def->index_of("nope"), std::nullopt);
  EXPECT_EQ(def->nodes[0].input_from, (std::vector<std::string>{"left", "right"}));
}

TEST(definition, node_type_names_round_trip) {
  for (const auto* name :
       {"condition", "transform", "integration", "agent", "delay", "approval", "end", "fail"}) {
    const auto t = parse_node_type(name);
    ASSERT_TRUE(t) << name;
    EXPECT_EQ(to_string(*t), name);
  }
  EXPECT_FALSE(parse_node_type("Transform"));
}

}  // namespace
}  // namespace runlog::workflow
