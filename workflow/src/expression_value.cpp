#include "expression_value.hpp"

#include <limits>

namespace runlog::workflow::expr {

std::optional<number> to_number(const json& j) {
  switch (j.type()) {
    case json::value_t::number_integer:
      return number{true, j.get<std::int64_t>(), 0.0};
    case json::value_t::number_unsigned: {
      const auto u = j.get<std::uint64_t>();
      if (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return number{true, static_cast<std::int64_t>(u), 0.0};
      }
      return number{false, 0, static_cast<double>(u)};
    }
    case json::value_t::number_float:
      return number{false, 0, j.get<double>()};
    default:
      return std::nullopt;
  }
}

std::string_view type_name(const json& j) {
  switch (j.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return "boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      return "number";
    case json::value_t::string:
      return "string";
    case json::value_t::array:
      return "array";
    case json::value_t::object:
      return "object";
    default:
      return "binary";
  }
}

namespace {

// Integers compare exactly (128-bit covers int64 and uint64); anything with a float side
// compares as double.
int compare_numbers(const json& a, const json& b) {
  if (!a.is_number_float() && !b.is_number_float()) {
    const auto wide = [](const json& j) -> __int128 {
      return j.is_number_unsigned() ? static_cast<__int128>(j.get<std::uint64_t>())
                                    : static_cast<__int128>(j.get<std::int64_t>());
    };
    const __int128 x = wide(a), y = wide(b);
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  const double x = a.get<double>(), y = b.get<double>();
  return x < y ? -1 : (x > y ? 1 : 0);
}

}  // namespace

bool deep_equal(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) return compare_numbers(a, b) == 0;
  if (a.type() != b.type()) return false;
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!deep_equal(a[i], b[i])) return false;
    }
    return true;
  }
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto it = a.begin(); it != a.end(); ++it) {
      const auto other = b.find(it.key());
      if (other == b.end() || !deep_equal(it.value(), *other)) return false;
    }
    return true;
  }
  return a == b;
}

std::optional<int> order(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) return compare_numbers(a, b);
  if (a.is_string() && b.is_string()) {
    const int c = a.get_ref<const std::string&>().compare(b.get_ref<const std::string&>());
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  return std::nullopt;
}

bool truthy(const json& j) {
  switch (j.type()) {
    case json::value_t::null:
      return false;
    case json::value_t::boolean:
      return j.get<bool>();
    case json::value_t::number_integer:
      return j.get<std::int64_t>() != 0;
    case json::value_t::number_unsigned:
      return j.get<std::uint64_t>() != 0;
    case json::value_t::number_float:
      return j.get<double>() != 0.0;
    case json::value_t::string:
      return !j.get_ref<const std::string&>().empty();
    case json::value_t::array:
    case json::value_t::object:
      return !j.empty();
    default:
      return true;
  }
}

void append_text(std::string& out, const json& j) {
  if (j.is_string()) {
    out += j.get_ref<const std::string&>();
  } else if (!j.is_null()) {
    out += compact_json(j);
  }
}

std::string to_text(const json& j) {
  std::string out;
  append_text(out, j);
  return out;
}

std::string compact_json(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string clip(std::string_view text, std::size_t max) {
  if (text.size() <= max) return std::string(text);
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "...";
}

const json& null_value() {
  static const json instance;
  return instance;
}

}  // namespace runlog::workflow::expr
