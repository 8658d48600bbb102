#pragma once
/// Which definition nodes this build can run: the one answer that both the node executor (a
/// node that cannot run fails its step with the code given here) and POST /parse (a workflow
/// is `valid` only when every node can run) use. When a later build runs delay nodes or
/// configures connectors, it changes check_node_support and both follow.
///
/// Today: condition, transform, end and fail are evaluated by the engine, approval pauses the
/// run (see decide.hpp); integration and agent nodes fail with CONNECTOR_NOT_CONFIGURED (no
/// connector or chat-completions endpoint is configured in this build) and delay nodes with
/// NODE_TYPE_NOT_SUPPORTED (durable timers are not built yet).
///
/// Pure and thread-safe.

#include <optional>
#include <string>
#include <string_view>

#include "runlog/workflow/definition.hpp"

namespace runlog::workflow {

/// Why a node cannot run in this build.
struct unsupported_node {
  /// Machine-readable, the step's error code at run time: "CONNECTOR_NOT_CONFIGURED" or
  /// "NODE_TYPE_NOT_SUPPORTED".
  std::string code;
  /// Why, without the node's id (the engine prefixes run failures with it), e.g.
  /// "no connector configured for action 'email.send'".
  std::string reason;
  /// The reason naming the node's id, type and action, e.g. "node 'step_3' (integration,
  /// action 'email.send') cannot run here: no connector configured for action 'email.send'".
  std::string message;
};

/// nullopt when a node of `type` with `action` can run in this build; else the code and
/// why not. `id` only goes into the message.
[[nodiscard]] std::optional<unsupported_node> check_node_support(std::string_view id,
                                                                 node_type type,
                                                                 std::string_view action);

/// check_node_support for a parsed definition node.
[[nodiscard]] std::optional<unsupported_node> check_node_support(const node& n);

}  // namespace runlog::workflow
