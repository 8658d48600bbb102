#pragma once
/// Workflow definitions (DESIGN.md §5): parsing and validation. Pure, thread-safe.
///
/// Rules checked by parse_definition (each failure names the offending node or field):
/// the definition is an object with a non-empty `nodes` array; each node is an object with a
/// non-empty string `id` (unique) and a known `type`; `input_from` is a string or an array of
/// strings naming existing nodes other than itself; the graph is acyclic; `when` is a boolean
/// and only allowed on nodes fed by a condition; `retry`/`timeout_ms` are well-formed;
/// condition nodes have `config.field` and a known `config.operator`; templates parse;
/// `inputs`/`outputs`, when present, are objects (JSON Schemas).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "runlog/workflow/errc.hpp"
#include "runlog/schemas/error.hpp"

namespace runlog::workflow {

/// Node types of DESIGN.md §5.
enum class node_type { condition, transform, integration, agent, delay, approval, end, fail };

/// "condition" -> node_type::condition; nullopt when unknown.
std::optional<node_type> parse_node_type(std::string_view name);
std::string_view to_string(node_type t);

struct retry_policy {
  int max_attempts = 1;
  std::int64_t initial_ms = 1000;
  double multiplier = 2.0;
  std::int64_t max_ms = 60000;
};

struct node {
  std::string id;
  node_type type = node_type::transform;
  std::string action;
  nlohmann::json config = nlohmann::json::object();
  std::vector<std::string> input_from;  ///< DAG edges: upstream node ids
  std::optional<bool> when;             ///< gate on an upstream condition's result
  retry_policy retry;
  std::optional<std::int64_t> timeout_ms;
};

/// A validated definition. `order` is a topological order of node indexes (stable: among
/// ready nodes, definition order), `downstream[i]` the indexes fed by node i.
struct definition {
  std::vector<node> nodes;
  nlohmann::json inputs = nlohmann::json::object();
  nlohmann::json outputs = nlohmann::json::object();
  std::vector<std::size_t> order;
  std::vector<std::vector<std::size_t>> downstream;

  /// Index of node `id`, nullopt when absent.
  std::optional<std::size_t> index_of(std::string_view id) const;
};

/// Parses and validates a definition. Errors: invalid_definition with a precise message,
/// e.g. "node 'b': input_from references missing node 'x'" or "cycle: a -> b -> a".
/// Reads definitions already in the log too (execute, replay), so its rules never tighten;
/// new rules go to parse_new_definition.
[[nodiscard]] result<definition> parse_definition(const nlohmann::json& json);

/// Longest node id a new definition may use.
inline constexpr std::size_t max_node_id_chars = 64;
/// Longest `config.duration_ms` of a delay node in a new definition: 365 days.
inline constexpr std::int64_t max_delay_duration_ms = 31'536'000'000;

/// parse_definition plus the rules for a definition being stored now (create, update, steps
/// edit, clone), which definitions already in the log need not meet: each node id is 1 to
/// max_node_id_chars characters from A-Z, a-z, 0-9, '_' and '-' (so templates can name it as
/// `steps.<id>`); a delay node's `config.duration_ms`, when present, is an exact JSON integer in
/// [0, max_delay_duration_ms] or a `{{ }}` template string. Errors: invalid_definition.
[[nodiscard]] result<definition> parse_new_definition(const nlohmann::json& json);

}  // namespace runlog::workflow
