#pragma once
/// Templates and the small expression language of DESIGN.md §5. Pure, thread-safe.
///
/// A string containing `{{ expr }}` is a template. A value that is exactly one `{{ expr }}`
/// (surrounding whitespace allowed) keeps the JSON type of the result; otherwise each
/// `{{ }}` is rendered into the string (strings verbatim, null as "", other values as JSON).
///
/// Expressions: paths (`inputs.x`, `steps.fetch.output.items[0].name`, `input.y`, ...
/// resolved against the scope object), literals (numbers, 'single' or "double" quoted strings,
/// true, false, null), arithmetic `+ - * / %` (`+` concatenates when either side is a string),
/// comparison `== != < <= > >=`, boolean `&& || !` (also `and or not`), parentheses, and the
/// pure functions length, upper, lower, trim, default(value, fallback), string, number,
/// contains(haystack, needle), join(array, sep), json(value). A missing path yields null.

#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "runlog/workflow/errc.hpp"
#include "runlog/schemas/error.hpp"

namespace runlog::workflow {

/// Evaluates one expression (the text inside `{{ }}`) against `scope`.
/// Errors: expression_syntax, expression_eval (e.g. "number - string", unknown function).
[[nodiscard]] result<nlohmann::json> evaluate(std::string_view expression, const nlohmann::json& scope);

/// Renders every template string inside `value` (objects and arrays recursively; keys are
/// not templated). Errors: as evaluate(), the message naming the failing template.
[[nodiscard]] result<nlohmann::json> render(const nlohmann::json& value, const nlohmann::json& scope);

/// Checks the syntax of every template inside `value` without evaluating it (for validation
/// at create time). Errors: expression_syntax, naming the template.
[[nodiscard]] result<void> check_templates(const nlohmann::json& value);

/// Resolves a JSONPath subset (`$`, `$.a.b`, `$.a[0].b`, `$['a b']`) against `root`;
/// nullopt when the path does not exist. Errors: expression_syntax for a malformed path.
[[nodiscard]] result<std::optional<nlohmann::json>> json_path(std::string_view path,
                                                              const nlohmann::json& root);

/// The comparison operators of condition nodes: equals, not_equals, greater_than, less_than,
/// greater_than_or_equal, less_than_or_equal (also gt, lt, gte, lte, eq, ne), contains,
/// not_contains, starts_with, ends_with, in, not_in, exists, not_exists, is_empty, is_not_empty,
/// matches (ECMAScript regex). `actual` is nullopt when the field does not exist.
/// Errors: expression_eval for an unknown operator or an invalid regex.
[[nodiscard]] result<bool> compare(std::string_view op, const std::optional<nlohmann::json>& actual,
                                   const nlohmann::json& expected);

/// True if `op` is one of the operators compare() knows.
bool is_known_operator(std::string_view op);

}  // namespace runlog::workflow
