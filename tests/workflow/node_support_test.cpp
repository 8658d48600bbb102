// check_node_support: which node types this build runs, the code and reason of those it cannot
// (the same the node executor reports at run time), and a message naming the node.
#include <gtest/gtest.h>

#include "runlog/workflow/definition.hpp"
#include "runlog/workflow/node_support.hpp"

namespace runlog::workflow {
namespace {

TEST(node_support, engine_evaluated_nodes_and_approvals_run_here) {
  for (const auto type : {node_type::condition, node_type::transform, node_type::end,
                          node_type::fail, node_type::approval}) {
    EXPECT_FALSE(check_node_support("n", type, "anything").has_value()) << to_string(type);
  }
}

TEST(node_support, integration_nodes_need_a_connector) {
  const auto u = check_node_support("step_3", node_type::integration, "email.send");
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->code, "CONNECTOR_NOT_CONFIGURED");
  EXPECT_EQ(u->reason, "no connector configured for action 'email.send'");
  EXPECT_EQ(u->message,
            "node 'step_3' (integration, action 'email.send') cannot run here: no connector "
            "configured for action 'email.send'");
}

TEST(node_support, agent_nodes_need_a_chat_completions_endpoint) {
  const auto u = check_node_support("step_2", node_type::agent, "generate_report");
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->code, "CONNECTOR_NOT_CONFIGURED");
  EXPECT_NE(u->message.find("node 'step_2' (agent, action 'generate_report')"), std::string::npos)
      << u->message;
}

TEST(node_support, delay_nodes_are_not_supported_yet) {
  const auto u = check_node_support("step_1", node_type::delay, "wait");
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->code, "NODE_TYPE_NOT_SUPPORTED");
  EXPECT_EQ(u->message.rfind("node 'step_1' (delay, action 'wait') cannot run here: ", 0), 0u)
      << u->message;
  // Without an action the message leaves it out rather than naming an empty one.
  const auto bare = check_node_support("pause", node_type::delay, "");
  ASSERT_TRUE(bare.has_value());
  EXPECT_EQ(bare->message.rfind("node 'pause' (delay) cannot run here: ", 0), 0u) << bare->message;
}

TEST(node_support, a_parsed_definition_node_is_checked_by_its_id_type_and_action) {
  const auto def = parse_definition(nlohmann::json::parse(R"({"nodes": [
      {"id": "shape", "type": "transform", "config": {"output": {"a": 1}}},
      {"id": "later", "type": "delay", "action": "wait", "input_from": "shape",
       "config": {"duration_ms": 10}},
      {"id": "post", "type": "integration", "action": "slack.post_message",
       "input_from": "later"}]})"));
  ASSERT_TRUE(def.has_value()) << def.error().message;
  EXPECT_FALSE(check_node_support(def->nodes[0]).has_value());
  const auto later = check_node_support(def->nodes[1]);
  ASSERT_TRUE(later.has_value());
  EXPECT_EQ(later->code, "NODE_TYPE_NOT_SUPPORTED");
  EXPECT_EQ(later->message, check_node_support("later", node_type::delay, "wait")->message);
  const auto post = check_node_support(def->nodes[2]);
  ASSERT_TRUE(post.has_value());
  EXPECT_EQ(post->code, "CONNECTOR_NOT_CONFIGURED");
  EXPECT_NE(post->message.find("'post'"), std::string::npos);
}

}  // namespace
}  // namespace runlog::workflow
