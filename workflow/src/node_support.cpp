#include "runlog/workflow/node_support.hpp"

namespace runlog::workflow {
namespace {

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

std::optional<std::string> why_not(node_type type, std::string_view action) {
  switch (type) {
    case node_type::condition:
    case node_type::transform:
    case node_type::end:
    case node_type::fail:
    case node_type::approval:
      return std::nullopt;
    case node_type::integration:
      return "no connector configured for action " + quoted(action);
    case node_type::agent:
      return "no chat-completions endpoint configured for agent action " + quoted(action);
    case node_type::delay:
      return std::string("delay nodes are not supported yet (they need durable timers)");
  }
  return "unknown node type";
}

}  // namespace

std::optional<unsupported_node> check_node_support(std::string_view id, node_type type,
                                                   std::string_view action) {
  auto reason = why_not(type, action);
  if (!reason) return std::nullopt;
  unsupported_node out;
  out.code = type == node_type::delay ? "NODE_TYPE_NOT_SUPPORTED" : "CONNECTOR_NOT_CONFIGURED";
  out.message = "node " + quoted(id) + " (" + std::string(to_string(type)) +
                (action.empty() ? std::string() : ", action " + quoted(action)) +
                ") cannot run here: " + *reason;
  out.reason = std::move(*reason);
  return out;
}

std::optional<unsupported_node> check_node_support(const node& n) {
  return check_node_support(n.id, n.type, n.action);
}

}  // namespace runlog::workflow
