// compare(): the operators of condition nodes.
//
// A missing field (`actual` nullopt): exists is false, not_exists and is_empty are true, every
// positive test (equals, contains, in, ordering, matches) is false and its negation
// (not_equals, not_contains, not_in) true. A present null is "not existing" for exists /
// not_exists and empty for is_empty, but equals null. Ordering values of different types is
// false rather than an error. `in`/`not_in` need an array (membership), a string (substring)
// or an object (key) as `expected`; anything else is an expression_eval error, as is a
// pattern that is not a string, longer than max_pattern or does not compile. These checks on
// `expected` apply even when the field is missing, so a bad definition fails visibly.
//
// `matches` uses Boost.Regex (ECMAScript syntax) instead of std::regex: libstdc++'s matcher
// recurses once per input character (stack overflow on long inputs) and has no bound on
// backtracking, while Boost.Regex is non-recursive and throws when matching gets too complex.

#include <algorithm>
#include <array>
#include <string>

#include <boost/regex.hpp>

#include "expression_value.hpp"
#include "runlog/workflow/expression.hpp"

namespace runlog::workflow {
namespace {

using json = nlohmann::json;

enum class op_kind {
  eq,
  ne,
  gt,
  lt,
  ge,
  le,
  contains,
  not_contains,
  starts_with,
  ends_with,
  in,
  not_in,
  exists,
  not_exists,
  is_empty,
  is_not_empty,
  matches,
};

struct op_name {
  std::string_view name;
  op_kind kind;
};

constexpr std::array operators{
    op_name{"equals", op_kind::eq},
    op_name{"eq", op_kind::eq},
    op_name{"not_equals", op_kind::ne},
    op_name{"ne", op_kind::ne},
    op_name{"greater_than", op_kind::gt},
    op_name{"gt", op_kind::gt},
    op_name{"less_than", op_kind::lt},
    op_name{"lt", op_kind::lt},
    op_name{"greater_than_or_equal", op_kind::ge},
    op_name{"gte", op_kind::ge},
    op_name{"less_than_or_equal", op_kind::le},
    op_name{"lte", op_kind::le},
    op_name{"contains", op_kind::contains},
    op_name{"not_contains", op_kind::not_contains},
    op_name{"starts_with", op_kind::starts_with},
    op_name{"ends_with", op_kind::ends_with},
    op_name{"in", op_kind::in},
    op_name{"not_in", op_kind::not_in},
    op_name{"exists", op_kind::exists},
    op_name{"not_exists", op_kind::not_exists},
    op_name{"is_empty", op_kind::is_empty},
    op_name{"is_not_empty", op_kind::is_not_empty},
    op_name{"matches", op_kind::matches},
};

constexpr std::size_t max_pattern = 512;

std::optional<op_kind> find_operator(std::string_view op) {
  for (const auto& o : operators) {
    if (o.name == op) return o.kind;
  }
  return std::nullopt;
}

// haystack contains needle: substring, array element or object key.
bool holds(const json& haystack, const json& needle) {
  if (haystack.is_string()) {
    return haystack.get_ref<const std::string&>().find(expr::to_text(needle)) != std::string::npos;
  }
  if (haystack.is_array()) {
    return std::any_of(haystack.begin(), haystack.end(),
                       [&](const json& e) { return expr::deep_equal(e, needle); });
  }
  if (haystack.is_object()) {
    return needle.is_string() && haystack.contains(needle.get_ref<const std::string&>());
  }
  return false;
}

result<bool> member_of(const json& actual, const json& expected) {
  if (expected.is_array() || expected.is_object() || expected.is_string()) {
    return holds(expected, actual) && (!expected.is_string() || actual.is_string());
  }
  return fail(errc::expression_eval, "operator 'in' needs an array, object or string value, got " +
                                         std::string(expr::type_name(expected)));
}

bool empty(const json& j) {
  return j.is_null() || (j.is_string() && j.get_ref<const std::string&>().empty()) ||
         (j.is_structured() && j.empty());
}

result<bool> matches(const json& actual, const json& pattern) {
  if (!pattern.is_string()) {
    return fail(errc::expression_eval, "operator 'matches' needs a string pattern, got " +
                                           std::string(expr::type_name(pattern)));
  }
  const auto& text = pattern.get_ref<const std::string&>();
  if (text.size() > max_pattern) {
    return fail(errc::expression_eval,
                "regex pattern longer than " + std::to_string(max_pattern) + " bytes");
  }
  try {
    const boost::regex re(text, boost::regex::ECMAScript);
    if (!actual.is_string() && !actual.is_number() && !actual.is_boolean()) return false;
    return boost::regex_search(expr::to_text(actual), re);
  } catch (const std::exception& e) {
    return fail(errc::expression_eval,
                "regex '" + expr::clip(text, 100) + "': " + expr::clip(e.what(), 200));
  }
}

bool affix(op_kind kind, const json& actual, const json& expected) {
  if (!actual.is_string()) return false;
  const auto& s = actual.get_ref<const std::string&>();
  const std::string part = expr::to_text(expected);
  return kind == op_kind::starts_with ? s.starts_with(part) : s.ends_with(part);
}

bool ordered(op_kind kind, const json& actual, const json& expected) {
  const auto c = expr::order(actual, expected);
  if (!c) return false;
  switch (kind) {
    case op_kind::gt:
      return *c > 0;
    case op_kind::lt:
      return *c < 0;
    case op_kind::ge:
      return *c >= 0;
    default:
      return *c <= 0;
  }
}

// The operators on a present, non-null value.
result<bool> apply(op_kind kind, const json& actual, const json& expected) {
  switch (kind) {
    case op_kind::eq:
      return expr::deep_equal(actual, expected);
    case op_kind::ne:
      return !expr::deep_equal(actual, expected);
    case op_kind::contains:
      return holds(actual, expected);
    case op_kind::not_contains:
      return !holds(actual, expected);
    case op_kind::starts_with:
    case op_kind::ends_with:
      return affix(kind, actual, expected);
    case op_kind::in:
      return member_of(actual, expected);
    case op_kind::not_in:
      return member_of(actual, expected).map([](bool b) { return !b; });
    case op_kind::exists:
      return true;
    case op_kind::not_exists:
      return false;
    case op_kind::is_empty:
      return empty(actual);
    case op_kind::is_not_empty:
      return !empty(actual);
    case op_kind::matches:
      return matches(actual, expected);
    default:
      return ordered(kind, actual, expected);
  }
}

// The operators on a missing field; `expected` is still checked where it can be wrong.
result<bool> missing(op_kind kind, const json& expected) {
  switch (kind) {
    case op_kind::ne:
    case op_kind::not_contains:
    case op_kind::not_exists:
    case op_kind::is_empty:
      return true;
    case op_kind::in:
    case op_kind::not_in:
      return member_of(expr::null_value(), expected).map([kind](bool) {
        return kind == op_kind::not_in;
      });
    case op_kind::matches:
      return matches(expr::null_value(), expected);
    default:
      return false;
  }
}

}  // namespace

result<bool> compare(std::string_view op, const std::optional<json>& actual, const json& expected) {
  const auto kind = find_operator(op);
  if (!kind) return fail(errc::expression_eval, "unknown operator '" + expr::clip(op, 60) + "'");
  if (!actual) return missing(*kind, expected);
  if (actual->is_null() && (*kind == op_kind::exists || *kind == op_kind::not_exists)) {
    return *kind == op_kind::not_exists;
  }
  return apply(*kind, *actual, expected);
}

bool is_known_operator(std::string_view op) { return find_operator(op).has_value(); }

}  // namespace runlog::workflow
