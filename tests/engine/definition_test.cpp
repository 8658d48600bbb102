#include "runlog/engine/definition.hpp"

#include <gtest/gtest.h>

#include <string>

namespace runlog::engine {
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
}  // namespace runlog::engine
