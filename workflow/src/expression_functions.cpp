// The built-in pure functions of the expression language.
//
// length counts Unicode code points of a string (UTF-8 continuation bytes are not counted),
// elements of an array, members of an object, and is 0 for null. upper/lower change ASCII
// letters only; trim removes ASCII whitespace. null is accepted wherever a string is, as "".

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>

#include "expression_eval.hpp"

namespace runlog::workflow::expr {
namespace {

using fn_result = tl::expected<json, failure>;

tl::unexpected<failure> type_error(std::string_view fn, std::string_view expected, const json& got,
                                   std::size_t pos) {
  return tl::unexpected<failure>(failure{false,
                                         std::string(fn) + ": expected " + std::string(expected) +
                                             ", got " + std::string(type_name(got)),
                                         pos});
}

// The string an argument stands for, null meaning ""; nullptr for other types.
const std::string* string_arg(const json& j) {
  static const std::string empty;
  if (j.is_null()) return &empty;
  return j.is_string() ? &j.get_ref<const std::string&>() : nullptr;
}

fn_result fn_length(const value* args, std::size_t pos) {
  const json& v = args[0].get();
  if (v.is_array() || v.is_object()) return json(v.size());
  const std::string* s = string_arg(v);
  if (s == nullptr) return type_error("length", "a string, array or object", v, pos);
  const auto points = std::count_if(
      s->begin(), s->end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
  return json(static_cast<std::int64_t>(points));
}

template <char (*Map)(char)>
fn_result map_ascii(std::string_view name, const value* args, std::size_t pos) {
  const std::string* s = string_arg(args[0].get());
  if (s == nullptr) return type_error(name, "a string", args[0].get(), pos);
  std::string out(*s);
  std::transform(out.begin(), out.end(), out.begin(), Map);
  return json(std::move(out));
}

char to_upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }
char to_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

fn_result fn_upper(const value* args, std::size_t pos) {
  return map_ascii<to_upper>("upper", args, pos);
}
fn_result fn_lower(const value* args, std::size_t pos) {
  return map_ascii<to_lower>("lower", args, pos);
}

std::string_view trim_view(std::string_view s) {
  constexpr std::string_view space = " \t\n\r\f\v";
  const auto first = s.find_first_not_of(space);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(space) - first + 1);
}

fn_result fn_trim(const value* args, std::size_t pos) {
  const std::string* s = string_arg(args[0].get());
  if (s == nullptr) return type_error("trim", "a string", args[0].get(), pos);
  return json(std::string(trim_view(*s)));
}

fn_result fn_string(const value* args, std::size_t) { return json(to_text(args[0].get())); }

std::optional<json> parse_number(std::string_view text) {
  text = trim_view(text);
  if (text.empty()) return std::nullopt;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  std::int64_t i = 0;
  if (const auto r = std::from_chars(first, last, i); r.ec == std::errc() && r.ptr == last) {
    return json(i);
  }
  // from_chars also accepts "inf" and "nan": only digits, sign, point and exponent may pass.
  if (text.find_first_not_of("0123456789+-.eE") != std::string_view::npos) return std::nullopt;
  double d = 0;
  const auto r = std::from_chars(first, last, d);
  if (r.ec != std::errc() || r.ptr != last || !std::isfinite(d)) return std::nullopt;
  return json(d);
}

fn_result fn_number(const value* args, std::size_t pos) {
  const json& v = args[0].get();
  if (v.is_number()) return v;
  if (!v.is_string()) return type_error("number", "a number or a numeric string", v, pos);
  auto parsed = parse_number(v.get_ref<const std::string&>());
  if (!parsed) {
    return tl::unexpected<failure>(failure{
        false, "number: '" + clip(v.get_ref<const std::string&>(), 40) + "' is not numeric", pos});
  }
  return std::move(*parsed);
}

fn_result fn_contains(const value* args, std::size_t pos) {
  const json& haystack = args[0].get();
  const json& needle = args[1].get();
  if (haystack.is_null()) return json(false);
  if (haystack.is_string()) {
    return json(haystack.get_ref<const std::string&>().find(to_text(needle)) != std::string::npos);
  }
  if (haystack.is_array()) {
    return json(std::any_of(haystack.begin(), haystack.end(),
                            [&](const json& e) { return deep_equal(e, needle); }));
  }
  if (haystack.is_object()) {
    return json(needle.is_string() && haystack.contains(needle.get_ref<const std::string&>()));
  }
  return type_error("contains", "a string, array or object", haystack, pos);
}

fn_result fn_join(const value* args, std::size_t pos) {
  const json& items = args[0].get();
  const json& sep = args[1].get();
  if (!items.is_array() && !items.is_null()) return type_error("join", "an array", items, pos);
  if (!sep.is_string()) return type_error("join", "a string separator", sep, pos);
  std::string out;
  if (items.is_null()) return json(std::move(out));
  bool first = true;
  for (const json& e : items) {
    if (!first) out += sep.get_ref<const std::string&>();
    first = false;
    append_text(out, e);
  }
  return json(std::move(out));
}

fn_result fn_json(const value* args, std::size_t) { return json(compact_json(args[0].get())); }

constexpr std::array functions{
    function_spec{"length", 1, fn_length}, function_spec{"upper", 1, fn_upper},
    function_spec{"lower", 1, fn_lower},   function_spec{"trim", 1, fn_trim},
    function_spec{"default", 2, nullptr},  function_spec{"string", 1, fn_string},
    function_spec{"number", 1, fn_number}, function_spec{"contains", 2, fn_contains},
    function_spec{"join", 2, fn_join},     function_spec{"json", 1, fn_json},
};

}  // namespace

const function_spec* find_function(std::string_view name) {
  for (const auto& fn : functions) {
    if (fn.name == name) return &fn;
  }
  return nullptr;
}

}  // namespace runlog::workflow::expr
