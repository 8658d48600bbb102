#include "runlog/workflow/definition.hpp"
#include "runlog/workflow/input_schema.hpp"

#include <array>
#include <unordered_set>

#include "definition_graph.hpp"
#include "runlog/workflow/expression.hpp"

namespace runlog::workflow {
namespace {

using json = nlohmann::json;

constexpr std::size_t kMaxNodes = 500;
constexpr std::int64_t kMaxDelayMs = 86'400'000;  // one day: bounds retry and timeout settings

constexpr std::array<std::pair<std::string_view, node_type>, 8> kNodeTypes{{
    {"condition", node_type::condition},
    {"transform", node_type::transform},
    {"integration", node_type::integration},
    {"agent", node_type::agent},
    {"delay", node_type::delay},
    {"approval", node_type::approval},
    {"end", node_type::end},
    {"fail", node_type::fail},
}};

tl::unexpected<error> invalid(std::string message) {
  return fail(errc::invalid_definition, std::move(message));
}

std::string valid_types() {
  std::string out;
  for (const auto& [name, type] : kNodeTypes) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

std::string node_label(const node& n) { return "node '" + n.id + "'"; }

// An optional integer field within [lo, hi]; absent keeps `value`.
result<void> read_int(const json& obj, const char* field, std::int64_t lo, std::int64_t hi,
                      const std::string& what, std::int64_t& value) {
  const auto it = obj.find(field);
  if (it == obj.end()) return {};
  if (!it->is_number_integer() || it->get<std::int64_t>() < lo || it->get<std::int64_t>() > hi) {
    return invalid(what + " must be an integer between " + std::to_string(lo) + " and " +
                   std::to_string(hi));
  }
  value = it->get<std::int64_t>();
  return {};
}

result<void> parse_retry(const json& j, node& n) {
  const auto it = j.find("retry");
  if (it == j.end() || it->is_null()) return {};
  const std::string prefix = node_label(n) + ": retry";
  if (!it->is_object()) return invalid(prefix + " must be an object");
  std::int64_t attempts = n.retry.max_attempts;
  auto ok =
      read_int(*it, "max_attempts", 1, 10, prefix + ".max_attempts", attempts)
          .and_then([&] {
            return read_int(*it, "initial_ms", 0, kMaxDelayMs, prefix + ".initial_ms",
                            n.retry.initial_ms);
          })
          .and_then([&] {
            return read_int(*it, "max_ms", 0, kMaxDelayMs, prefix + ".max_ms", n.retry.max_ms);
          });
  if (!ok) return ok;
  n.retry.max_attempts = static_cast<int>(attempts);
  if (const auto m = it->find("multiplier"); m != it->end()) {
    if (!m->is_number() || m->get<double>() < 1.0 || m->get<double>() > 10.0) {
      return invalid(prefix + ".multiplier must be a number between 1 and 10");
    }
    n.retry.multiplier = m->get<double>();
  }
  if (n.retry.max_ms < n.retry.initial_ms) {
    return invalid(prefix + ".max_ms must be at least retry.initial_ms");
  }
  return {};
}

result<void> parse_input_from(const json& j, node& n) {
  const auto it = j.find("input_from");
  if (it == j.end() || it->is_null()) return {};
  const std::string message =
      node_label(n) + ": input_from must be a string or an array of strings";
  if (it->is_string()) {
    n.input_from.push_back(it->get<std::string>());
    return {};
  }
  if (!it->is_array()) return invalid(message);
  for (const auto& id : *it) {
    if (!id.is_string()) return invalid(message);
    n.input_from.push_back(id.get<std::string>());
  }
  return {};
}

result<void> parse_scalars(const json& j, node& n) {
  if (const auto it = j.find("action"); it != j.end() && !it->is_null()) {
    if (!it->is_string()) return invalid(node_label(n) + ": 'action' must be a string");
    n.action = it->get<std::string>();
  }
  if (const auto it = j.find("config"); it != j.end() && !it->is_null()) {
    if (!it->is_object()) return invalid(node_label(n) + ": 'config' must be an object");
    n.config = *it;
  }
  if (const auto it = j.find("when"); it != j.end() && !it->is_null()) {
    if (!it->is_boolean()) return invalid(node_label(n) + ": 'when' must be a boolean");
    n.when = it->get<bool>();
  }
  if (const auto it = j.find("timeout_ms"); it != j.end() && !it->is_null()) {
    std::int64_t timeout = 0;
    auto ok = read_int(j, "timeout_ms", 1, kMaxDelayMs, node_label(n) + ": timeout_ms", timeout);
    if (!ok) return ok;
    n.timeout_ms = timeout;
  }
  return {};
}

// Node #position is 1-based: "node #2" is the second element of `nodes`.
result<node> parse_node(const json& j, std::size_t position) {
  const std::string label = "node #" + std::to_string(position);
  if (!j.is_object()) return invalid(label + ": must be an object");
  const auto id = j.find("id");
  if (id == j.end() || id->is_null()) return invalid(label + ": missing 'id'");
  if (!id->is_string() || id->get_ref<const std::string&>().empty()) {
    return invalid(label + ": 'id' must be a non-empty string");
  }
  node n;
  n.id = id->get<std::string>();
  const auto type = j.find("type");
  if (type == j.end() || type->is_null()) return invalid(node_label(n) + ": missing 'type'");
  const auto parsed = type->is_string() ? parse_node_type(type->get<std::string>()) : std::nullopt;
  if (!parsed) {
    return invalid(node_label(n) + ": unknown type '" +
                   (type->is_string() ? type->get<std::string>() : type->dump()) +
                   "' (expected one of: " + valid_types() + ")");
  }
  n.type = *parsed;
  auto ok = parse_scalars(j, n).and_then([&] { return parse_input_from(j, n); }).and_then([&] {
    return parse_retry(j, n);
  });
  if (!ok) return tl::unexpected(ok.error());
  return n;
}

// A condition field or expression that is not a template must still parse.
result<void> check_expression(const node& n, const json& text) {
  if (!text.is_string()) return {};
  const auto& s = text.get_ref<const std::string&>();
  if (s.find("{{") != std::string::npos) return {};  // covered by check_templates
  if (!s.empty() && s.front() == '$') {
    const auto r = json_path(s, json::object());
    if (!r) return invalid(node_label(n) + ": " + r.error().message);
    return {};
  }
  const auto r = evaluate(s, json::object());
  if (!r && r.error().code == make_error_code(errc::expression_syntax)) {
    return invalid(node_label(n) + ": " + r.error().message);
  }
  return {};
}

result<void> check_condition(const node& n) {
  const auto& c = n.config;
  if (const auto expr = c.find("expression"); expr != c.end()) {
    if (!expr->is_string() || expr->get_ref<const std::string&>().empty()) {
      return invalid(node_label(n) + ": config.expression must be a non-empty string");
    }
    return check_expression(n, *expr);
  }
  const auto field = c.find("field");
  const auto op = c.find("operator");
  if (field == c.end() || op == c.end() || !field->is_string() || !op->is_string() ||
      field->get_ref<const std::string&>().empty()) {
    return invalid(node_label(n) + ": condition needs config.field and config.operator");
  }
  if (!is_known_operator(op->get<std::string>())) {
    return invalid(node_label(n) + ": unknown operator '" + op->get<std::string>() + "'");
  }
  return check_expression(n, *field);
}

result<void> check_node(const node& n) {
  if ((n.type == node_type::integration || n.type == node_type::agent) && n.action.empty()) {
    return invalid(node_label(n) + ": " + std::string(to_string(n.type)) +
                   " nodes need a non-empty 'action'");
  }
  if (n.type == node_type::condition) {
    if (auto ok = check_condition(n); !ok) return ok;
  }
  if (auto ok = check_templates(n.config); !ok) {
    return invalid(node_label(n) + ": " + ok.error().message);
  }
  return {};
}

result<json> schema_field(const json& j, const char* field) {
  const auto it = j.find(field);
  if (it == j.end() || it->is_null()) return json::object();
  if (!it->is_object()) {
    return invalid(std::string("definition '") + field + "' must be an object (a JSON Schema)");
  }
  return *it;
}

result<void> parse_nodes(const json& nodes, definition& def) {
  std::unordered_set<std::string> ids;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    auto n = parse_node(nodes[i], i + 1);
    if (!n) return tl::unexpected(n.error());
    if (!ids.insert(n->id).second) return invalid("duplicate node id '" + n->id + "'");
    def.nodes.push_back(std::move(*n));
  }
  return {};
}

}  // namespace

std::optional<node_type> parse_node_type(std::string_view name) {
  for (const auto& [n, type] : kNodeTypes) {
    if (n == name) return type;
  }
  return std::nullopt;
}

std::string_view to_string(node_type t) {
  for (const auto& [name, type] : kNodeTypes) {
    if (type == t) return name;
  }
  return "unknown";
}

std::optional<std::size_t> definition::index_of(std::string_view id) const {
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (nodes[i].id == id) return i;
  }
  return std::nullopt;
}

result<definition> parse_definition(const json& j) {
  const auto nodes = j.is_object() ? j.find("nodes") : j.end();
  if (!j.is_object() || nodes == j.end() || !nodes->is_array()) {
    return invalid("definition must be an object with a 'nodes' array");
  }
  if (nodes->empty()) return invalid("definition must have at least one node");
  if (nodes->size() > kMaxNodes) {
    return invalid("definition has " + std::to_string(nodes->size()) + " nodes (at most " +
                   std::to_string(kMaxNodes) + ")");
  }
  definition def;
  auto inputs = schema_field(j, "inputs");
  if (!inputs) return tl::unexpected(inputs.error());
  auto outputs = schema_field(j, "outputs");
  if (!outputs) return tl::unexpected(outputs.error());
  if (auto ok = check_input_schema(*inputs); !ok) return tl::unexpected(ok.error());
  def.inputs = std::move(*inputs);
  def.outputs = std::move(*outputs);
  if (auto ok = parse_nodes(*nodes, def); !ok) return tl::unexpected(ok.error());
  if (auto ok = build_graph(def); !ok) return tl::unexpected(ok.error());
  for (const auto& n : def.nodes) {
    if (auto ok = check_node(n); !ok) return tl::unexpected(ok.error());
  }
  return def;
}

}  // namespace runlog::workflow
