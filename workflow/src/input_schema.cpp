// The JSON Schema subset for run inputs: checking a schema, validating a value against it.
#include "runlog/workflow/input_schema.hpp"

#include <array>
#include <cmath>
#include <string_view>

#include <boost/regex.hpp>

#include "runlog/workflow/errc.hpp"

namespace runlog::workflow {
namespace {

using json = nlohmann::json;

constexpr std::array<std::string_view, 7> kTypeNames{"object", "array",   "string", "number",
                                                     "integer", "boolean", "null"};

bool known_type(const json& name) {
  if (!name.is_string()) return false;
  for (const auto t : kTypeNames) {
    if (name.get_ref<const std::string&>() == t) return true;
  }
  return false;
}

tl::unexpected<error> bad_schema(const std::string& at, const std::string& what) {
  return tl::unexpected(error{make_error_code(errc::invalid_definition), at + ": " + what});
}

std::optional<boost::regex> compile(const std::string& pattern) {
  try {
    return boost::regex(pattern, boost::regex::ECMAScript);
  } catch (const boost::regex_error&) {
    return std::nullopt;
  }
}

// Keyword -> the JSON kind its value must have.
result<void> check_keyword_kinds(const json& s, const std::string& at) {
  static constexpr std::array<std::string_view, 9> numbers{
      "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
      "minItems", "maxItems", "minLength", "maxLength"};
  for (const auto k : numbers) {
    const auto it = s.find(k);
    if (it != s.end() && !it->is_number()) return bad_schema(at + "." + std::string(k), "must be a number");
  }
  if (s.contains("required")) {
    const json& r = s["required"];
    if (!r.is_array()) return bad_schema(at + ".required", "must be an array of strings");
    for (const json& name : r) {
      if (!name.is_string()) return bad_schema(at + ".required", "must be an array of strings");
    }
  }
  if (s.contains("enum") && !s["enum"].is_array()) return bad_schema(at + ".enum", "must be an array");
  if (s.contains("properties") && !s["properties"].is_object()) {
    return bad_schema(at + ".properties", "must be an object");
  }
  if (s.contains("pattern")) {
    if (!s["pattern"].is_string() || !compile(s["pattern"].get<std::string>())) {
      return bad_schema(at + ".pattern", "must be a valid regular expression");
    }
  }
  return {};
}

result<void> check(const json& s, const std::string& at, int depth) {
  if (depth > kMaxSchemaDepth) return bad_schema(at, "nested too deeply");
  if (s.is_boolean()) return {};
  if (!s.is_object()) return bad_schema(at, "must be an object (a JSON Schema)");
  if (const auto t = s.find("type"); t != s.end()) {
    const bool ok = t->is_array() ? std::all_of(t->begin(), t->end(), known_type) && !t->empty()
                                  : known_type(*t);
    if (!ok) return bad_schema(at + ".type", "unknown type " + t->dump());
  }
  if (auto ok = check_keyword_kinds(s, at); !ok) return ok;
  if (const auto p = s.find("properties"); p != s.end()) {
    for (const auto& [name, sub] : p->items()) {
      if (auto ok = check(sub, at + ".properties." + name, depth + 1); !ok) return ok;
    }
  }
  for (const char* k : {"items", "additionalProperties"}) {
    if (const auto it = s.find(k); it != s.end()) {
      if (auto ok = check(*it, at + "." + k, depth + 1); !ok) return ok;
    }
  }
  return {};
}

// ---- validation ----

std::string child(const std::string& field, const std::string& name) {
  return field.empty() ? name : field + "." + name;
}

std::string label(const std::string& field) { return field.empty() ? "inputs" : field; }

tl::unexpected<input_violation> violation(const std::string& field, const std::string& what) {
  return tl::unexpected(input_violation{field, label(field) + " " + what});
}

bool has_type(const json& v, std::string_view t) {
  if (t == "object") return v.is_object();
  if (t == "array") return v.is_array();
  if (t == "string") return v.is_string();
  if (t == "number") return v.is_number();
  if (t == "integer") {
    return v.is_number_integer() || (v.is_number_float() && std::trunc(v.get<double>()) == v.get<double>());
  }
  if (t == "boolean") return v.is_boolean();
  return v.is_null();
}

tl::expected<void, input_violation> validate(const json& s, const json& v, const std::string& field);

tl::expected<void, input_violation> check_type(const json& s, const json& v, const std::string& field) {
  const auto t = s.find("type");
  if (t == s.end()) return {};
  if (t->is_string()) {
    if (has_type(v, t->get<std::string>())) return {};
    return violation(field, "must be " + std::string(t->get<std::string>() == "integer" ||
                                                       t->get<std::string>() == "array" ||
                                                       t->get<std::string>() == "object"
                                                   ? "an "
                                                   : "a ") +
                                t->get<std::string>());
  }
  for (const json& name : *t) {
    if (has_type(v, name.get<std::string>())) return {};
  }
  return violation(field, "must be one of the types " + t->dump());
}

tl::expected<void, input_violation> check_number(const json& s, const json& v, const std::string& field) {
  if (!v.is_number()) return {};
  const double x = v.get<double>();
  auto bound = [&](const char* k) -> std::optional<double> {
    const auto it = s.find(k);
    return it == s.end() ? std::nullopt : std::optional<double>(it->get<double>());
  };
  if (auto m = bound("minimum"); m && x < *m) return violation(field, "must be >= " + s["minimum"].dump());
  if (auto m = bound("maximum"); m && x > *m) return violation(field, "must be <= " + s["maximum"].dump());
  if (auto m = bound("exclusiveMinimum"); m && x <= *m) {
    return violation(field, "must be > " + s["exclusiveMinimum"].dump());
  }
  if (auto m = bound("exclusiveMaximum"); m && x >= *m) {
    return violation(field, "must be < " + s["exclusiveMaximum"].dump());
  }
  if (auto m = bound("multipleOf"); m && *m > 0 && std::fmod(x, *m) != 0.0) {
    return violation(field, "must be a multiple of " + s["multipleOf"].dump());
  }
  return {};
}

std::size_t code_points(const std::string& s) {
  std::size_t n = 0;
  for (const unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

tl::expected<void, input_violation> check_string(const json& s, const json& v, const std::string& field) {
  if (!v.is_string()) return {};
  const auto& str = v.get_ref<const std::string&>();
  const std::size_t len = code_points(str);
  if (s.contains("minLength") && len < s["minLength"].get<double>()) {
    return violation(field, "must be at least " + s["minLength"].dump() + " characters long");
  }
  if (s.contains("maxLength") && len > s["maxLength"].get<double>()) {
    return violation(field, "must be at most " + s["maxLength"].dump() + " characters long");
  }
  if (s.contains("pattern")) {
    const auto re = compile(s["pattern"].get<std::string>());
    if (re && !boost::regex_search(str, *re)) {
      return violation(field, "must match the pattern " + s["pattern"].dump());
    }
  }
  return {};
}

tl::expected<void, input_violation> check_array(const json& s, const json& v, const std::string& field) {
  if (!v.is_array()) return {};
  if (s.contains("minItems") && v.size() < s["minItems"].get<double>()) {
    return violation(field, "must have at least " + s["minItems"].dump() + " items");
  }
  if (s.contains("maxItems") && v.size() > s["maxItems"].get<double>()) {
    return violation(field, "must have at most " + s["maxItems"].dump() + " items");
  }
  if (const auto items = s.find("items"); items != s.end()) {
    for (std::size_t i = 0; i < v.size(); ++i) {
      const std::string at = label(field) + "[" + std::to_string(i) + "]";
      if (auto ok = validate(*items, v[i], at); !ok) return ok;
    }
  }
  return {};
}

tl::expected<void, input_violation> check_object(const json& s, const json& v, const std::string& field) {
  if (!v.is_object()) return {};
  if (const auto r = s.find("required"); r != s.end()) {
    for (const json& name : *r) {
      if (!v.contains(name.get<std::string>())) {
        const std::string at = child(field, name.get<std::string>());
        return tl::unexpected(input_violation{at, at + " is required"});
      }
    }
  }
  const auto props = s.find("properties");
  const auto extra = s.find("additionalProperties");
  for (const auto& [name, value] : v.items()) {
    const std::string at = child(field, name);
    if (props != s.end() && props->contains(name)) {
      if (auto ok = validate((*props)[name], value, at); !ok) return ok;
    } else if (extra != s.end()) {
      if (extra->is_boolean() && !extra->get<bool>()) {
        return tl::unexpected(input_violation{at, at + " is not allowed"});
      }
      if (auto ok = validate(*extra, value, at); !ok) return ok;
    }
  }
  return {};
}

tl::expected<void, input_violation> validate(const json& s, const json& v, const std::string& field) {
  if (s.is_boolean()) {
    if (s.get<bool>()) return {};
    return violation(field, "is not allowed");
  }
  if (auto ok = check_type(s, v, field); !ok) return ok;
  if (const auto e = s.find("enum"); e != s.end() && std::find(e->begin(), e->end(), v) == e->end()) {
    return violation(field, "must be one of " + e->dump());
  }
  if (const auto c = s.find("const"); c != s.end() && *c != v) {
    return violation(field, "must be " + c->dump());
  }
  if (auto ok = check_number(s, v, field); !ok) return ok;
  if (auto ok = check_string(s, v, field); !ok) return ok;
  if (auto ok = check_array(s, v, field); !ok) return ok;
  return check_object(s, v, field);
}

}  // namespace

result<void> check_input_schema(const json& schema) { return check(schema, "inputs", 0); }

tl::expected<json, input_violation> apply_input_schema(const json& schema, const json& inputs) {
  json filled = inputs;
  if (filled.is_object() && schema.is_object()) {
    if (const auto props = schema.find("properties"); props != schema.end() && props->is_object()) {
      for (const auto& [name, sub] : props->items()) {
        if (!filled.contains(name) && sub.is_object() && sub.contains("default")) {
          filled[name] = sub["default"];
        }
      }
    }
  }
  if (auto ok = validate(schema, filled, ""); !ok) return tl::unexpected(ok.error());
  return filled;
}

}  // namespace runlog::workflow
