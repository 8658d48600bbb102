// evaluate(), render() and check_templates(): the template layer over the expression parser.
//
// Error messages name the expression or template (clipped to a readable length) and give a
// 1-based byte column inside that text, e.g.
// "template '{{ inputs.a + }}': unexpected end of expression at column 15".

#include <string>
#include <vector>

#include "expression_eval.hpp"
#include "expression_lexer.hpp"
#include "expression_parser.hpp"
#include "expression_value.hpp"
#include "runlog/workflow/expression.hpp"

namespace runlog::workflow {
namespace {

using expr::failure;
using json = nlohmann::json;

// Deepest object/array nesting render() and check_templates() walk into.
constexpr int max_value_depth = 256;
// How much of an expression or template an error message quotes.
constexpr std::size_t quoted_length = 200;

tl::unexpected<error> report(std::string_view what, std::string_view text, const failure& f,
                             std::size_t offset) {
  std::string message = std::string(what) + " '" + expr::clip(text, quoted_length) +
                        "': " + f.message + " at column " + std::to_string(offset + f.pos + 1);
  return fail(f.syntax ? errc::expression_syntax : errc::expression_eval, std::move(message));
}

// One `{{ expr }}` inside a template string: [open, close_end) is the whole placeholder,
// [begin, end) the expression.
struct placeholder {
  std::size_t open = 0;
  std::size_t begin = 0;
  std::size_t end = 0;
  std::size_t close_end = 0;
};

tl::expected<std::vector<placeholder>, failure> scan(std::string_view text) {
  std::vector<placeholder> out;
  std::size_t from = 0;
  while (true) {
    const std::size_t open = text.find("{{", from);
    if (open == std::string_view::npos) return out;
    const std::size_t close = expr::find_template_close(text, open + 2);
    if (close == std::string_view::npos) {
      return tl::unexpected<failure>(failure{true, "unterminated '{{'", open});
    }
    out.push_back(placeholder{open, open + 2, close, close + 2});
    from = close + 2;
  }
}

bool blank(std::string_view s) { return s.find_first_not_of(" \t\n\r") == std::string_view::npos; }

// Parses and evaluates one placeholder; failures carry offsets into the whole template.
tl::expected<json, failure> run(std::string_view text, const placeholder& p, const json& scope) {
  auto tree = expr::parse(text.substr(p.begin, p.end - p.begin));
  if (!tree) return tl::unexpected(std::move(tree.error()));
  return expr::evaluate_ast(*tree, scope);
}

result<json> render_string(const std::string& text, const json& scope) {
  if (text.find("{{") == std::string::npos) return json(text);
  auto parts = scan(text);
  if (!parts) return report("template", text, parts.error(), 0);
  const std::string_view view(text);
  if (parts->size() == 1 && blank(view.substr(0, parts->front().open)) &&
      blank(view.substr(parts->front().close_end))) {
    auto value = run(view, parts->front(), scope);
    if (!value) return report("template", text, value.error(), parts->front().begin);
    return std::move(*value);
  }
  std::string out;
  std::size_t copied = 0;
  for (const placeholder& p : *parts) {
    out.append(view.substr(copied, p.open - copied));
    auto value = run(view, p, scope);
    if (!value) return report("template", text, value.error(), p.begin);
    expr::append_text(out, *value);
    copied = p.close_end;
  }
  out.append(view.substr(copied));
  return json(std::move(out));
}

result<json> render_value(const json& value, const json& scope, int depth) {
  if (depth > max_value_depth) {
    return fail(errc::expression_eval,
                "value nested more than " + std::to_string(max_value_depth) + " levels deep");
  }
  if (value.is_string()) return render_string(value.get_ref<const std::string&>(), scope);
  if (value.is_object()) {
    json out = json::object();
    for (auto it = value.begin(); it != value.end(); ++it) {
      auto rendered = render_value(it.value(), scope, depth + 1);
      if (!rendered) return rendered;
      out.emplace(it.key(), std::move(*rendered));
    }
    return out;
  }
  if (value.is_array()) {
    json out = json::array();
    out.get_ref<json::array_t&>().reserve(value.size());
    for (const json& item : value) {
      auto rendered = render_value(item, scope, depth + 1);
      if (!rendered) return rendered;
      out.push_back(std::move(*rendered));
    }
    return out;
  }
  return value;
}

result<void> check_string(const std::string& text) {
  if (text.find("{{") == std::string::npos) return {};
  auto parts = scan(text);
  if (!parts) return report("template", text, parts.error(), 0);
  const std::string_view view(text);
  for (const placeholder& p : *parts) {
    auto tree = expr::parse(view.substr(p.begin, p.end - p.begin));
    if (!tree) return report("template", text, tree.error(), p.begin);
    if (auto bad = expr::check_calls(*tree)) return report("template", text, *bad, p.begin);
  }
  return {};
}

result<void> check_value(const json& value, int depth) {
  if (depth > max_value_depth) {
    return fail(errc::expression_syntax,
                "value nested more than " + std::to_string(max_value_depth) + " levels deep");
  }
  if (value.is_string()) return check_string(value.get_ref<const std::string&>());
  if (value.is_structured()) {
    for (const json& item : value) {
      if (auto checked = check_value(item, depth + 1); !checked) return checked;
    }
  }
  return {};
}

}  // namespace

result<json> evaluate(std::string_view expression, const json& scope) {
  auto tree = expr::parse(expression);
  if (!tree) return report("expression", expression, tree.error(), 0);
  auto value = expr::evaluate_ast(*tree, scope);
  if (!value) return report("expression", expression, value.error(), 0);
  return std::move(*value);
}

result<json> render(const json& value, const json& scope) { return render_value(value, scope, 0); }

result<void> check_templates(const json& value) { return check_value(value, 0); }

}  // namespace runlog::workflow
