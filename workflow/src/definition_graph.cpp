#include "definition_graph.hpp"

#include <algorithm>
#include <functional>
#include <queue>

namespace runlog::workflow {
namespace {

using upstream_lists = std::vector<std::vector<std::size_t>>;

tl::unexpected<error> invalid(std::string message) {
  return fail(errc::invalid_definition, std::move(message));
}

result<upstream_lists> resolve_edges(const definition& def) {
  upstream_lists upstream(def.nodes.size());
  for (std::size_t i = 0; i < def.nodes.size(); ++i) {
    const node& n = def.nodes[i];
    bool fed_by_condition = false;
    for (const auto& from : n.input_from) {
      const auto j = def.index_of(from);
      if (!j)
        return invalid("node '" + n.id + "': input_from references missing node '" + from + "'");
      if (*j == i) return invalid("node '" + n.id + "': input_from references itself");
      if (std::find(upstream[i].begin(), upstream[i].end(), *j) != upstream[i].end()) {
        return invalid("node '" + n.id + "': input_from lists '" + from + "' twice");
      }
      upstream[i].push_back(*j);
      fed_by_condition |= def.nodes[*j].type == node_type::condition;
    }
    if (n.when && !fed_by_condition) {
      return invalid("node '" + n.id + "': 'when' requires an upstream condition node");
    }
  }
  return upstream;
}

// Every node Kahn's algorithm left over has an upstream that was left over too, so walking
// upstream from one of them must revisit a node: that loop is a cycle.
std::string describe_cycle(const definition& def, const upstream_lists& upstream,
                           const std::vector<std::size_t>& indegree) {
  const auto left = [&](std::size_t i) { return indegree[i] > 0; };
  std::size_t at = 0;
  while (!left(at)) ++at;
  std::vector<std::size_t> walk;
  std::vector<int> seen_at(def.nodes.size(), -1);
  while (seen_at[at] < 0) {
    seen_at[at] = static_cast<int>(walk.size());
    walk.push_back(at);
    at = *std::find_if(upstream[at].begin(), upstream[at].end(), left);
  }
  std::vector<std::size_t> cycle(walk.begin() + seen_at[at], walk.end());
  std::reverse(cycle.begin(), cycle.end());  // upstream walk -> edge direction
  std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()), cycle.end());
  std::string out = "cycle: ";
  for (const auto i : cycle) out += def.nodes[i].id + " -> ";
  return out + def.nodes[cycle.front()].id;
}

}  // namespace

result<void> build_graph(definition& def) {
  auto upstream = resolve_edges(def);
  if (!upstream) return tl::unexpected(upstream.error());
  const std::size_t n = def.nodes.size();
  def.downstream.assign(n, {});
  std::vector<std::size_t> indegree(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    for (const auto from : (*upstream)[i]) def.downstream[from].push_back(i);
    indegree[i] = (*upstream)[i].size();
  }
  // Kahn's algorithm; the min-heap makes the order stable: among ready nodes, definition order.
  std::priority_queue<std::size_t, std::vector<std::size_t>, std::greater<>> ready;
  for (std::size_t i = 0; i < n; ++i) {
    if (indegree[i] == 0) ready.push(i);
  }
  def.order.clear();
  while (!ready.empty()) {
    const auto i = ready.top();
    ready.pop();
    def.order.push_back(i);
    for (const auto next : def.downstream[i]) {
      if (--indegree[next] == 0) ready.push(next);
    }
  }
  if (def.order.size() != n) return invalid(describe_cycle(def, *upstream, indegree));
  return {};
}

}  // namespace runlog::workflow
