#include "pure_nodes.hpp"

#include <string>

#include "runlog/workflow/expression.hpp"

namespace runlog::engine {
namespace {

using json = nlohmann::json;

bool truthy(const json& v) {
  if (v.is_null()) return false;
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number()) return v.get<double>() != 0.0;
  if (v.is_string() || v.is_array() || v.is_object()) return !v.empty();
  return true;
}

bool is_template(const std::string& s) { return s.find("{{") != std::string::npos; }

// A string that is a template renders; any other string is one raw expression.
result<json> eval_text(const std::string& text, const json& scope) {
  if (is_template(text)) return render(json(text), scope);
  return evaluate(text, scope);
}

// `field` is a JSONPath into the node's input when it starts with '$', else an expression (or
// template) over the whole scope. The expression language yields null for a missing path, so
// null counts as "the field does not exist" there.
result<std::optional<json>> condition_actual(const std::string& field, const json& scope) {
  if (!field.empty() && field.front() == '$') return json_path(field, scope.at("input"));
  auto value = eval_text(field, scope);
  if (!value) return tl::unexpected(value.error());
  if (value->is_null()) return std::optional<json>{};
  return std::optional<json>{std::move(*value)};
}

result<json> eval_condition(const node& n, const json& scope) {
  const json& c = n.config;
  if (const auto expr = c.find("expression"); expr != c.end()) {
    auto value = eval_text(expr->get<std::string>(), scope);
    if (!value) return tl::unexpected(value.error());
    return json{{"result", truthy(*value)}};
  }
  auto actual = condition_actual(c.at("field").get<std::string>(), scope);
  if (!actual) return tl::unexpected(actual.error());
  auto expected = render(c.value("value", json()), scope);
  if (!expected) return tl::unexpected(expected.error());
  auto holds = compare(c.at("operator").get<std::string>(), *actual, *expected);
  if (!holds) return tl::unexpected(holds.error());
  return json{{"result", *holds}};
}

result<json> eval_end(const node& n, const json& scope) {
  if (const auto out = n.config.find("output"); out != n.config.end()) return render(*out, scope);
  return scope.at("input");
}

result<json> eval_fail(const node& n, const json& scope) {
  std::string code = "WORKFLOW_FAILED";
  std::string message = "fail node '" + n.id + "' reached";
  if (const auto c = n.config.find("code"); c != n.config.end()) {
    auto r = render(*c, scope);
    if (!r) return tl::unexpected(r.error());
    if (r->is_string() && !r->get_ref<const std::string&>().empty()) code = r->get<std::string>();
  }
  if (const auto m = n.config.find("message"); m != n.config.end()) {
    auto r = render(*m, scope);
    if (!r) return tl::unexpected(r.error());
    message = r->is_string() ? r->get<std::string>() : r->dump();
  }
  return json{{"code", code}, {"message", message}};
}

}  // namespace

bool is_pure(node_type t) {
  return t == node_type::transform || t == node_type::condition || t == node_type::end ||
         t == node_type::fail;
}

result<json> evaluate_pure(const node& n, const json& scope) {
  switch (n.type) {
    case node_type::transform:
      return render(n.config, scope);
    case node_type::condition:
      return eval_condition(n, scope);
    case node_type::end:
      return eval_end(n, scope);
    case node_type::fail:
      return eval_fail(n, scope);
    default:
      break;
  }
  return fail(workflow::errc::expression_eval, "node type '" + std::string(to_string(n.type)) +
                                         "' is not evaluated by the engine itself");
}

json end_outputs(const json& output) {
  if (output.is_object()) return output;
  return json{{"result", output}};
}

}  // namespace runlog::engine
