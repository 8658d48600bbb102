#include "runlog/schemas/envelope.hpp"

#include <simdjson.h>

#include "runlog/schemas/errc.hpp"
#include "runlog/schemas/records.hpp"
#include "upcast.hpp"

namespace runlog::schemas {
namespace {

result<std::string> string_field(const nlohmann::json& j, const char* name, bool required) {
  const auto it = j.find(name);
  if (it == j.end() || it->is_null()) {
    if (required) return fail(errc::missing_field, std::string("envelope field '") + name + "'");
    return std::string{};
  }
  if (!it->is_string()) return fail(errc::wrong_type, std::string("envelope field '") + name + "'");
  return it->get<std::string>();
}

}  // namespace

std::string encode(const envelope& e) {
  nlohmann::json j = {{"type", e.type}, {"v", e.v},         {"id", e.id},
                      {"key", e.key},   {"tenant", e.tenant}, {"ts", e.ts},
                      {"actor", e.actor}, {"causation", e.causation},
                      {"correlation", e.correlation}, {"data", e.data}};
  return j.dump();
}

result<envelope> decode(std::string_view bytes) {
  nlohmann::json j = nlohmann::json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return fail(errc::malformed_json, "record is not a JSON object");
  envelope e;
  for (auto [field, target] : {std::pair{"type", &e.type}, std::pair{"id", &e.id},
                               std::pair{"key", &e.key}}) {
    auto v = string_field(j, field, true);
    if (!v) return tl::unexpected(v.error());
    *target = std::move(*v);
  }
  for (auto [field, target] : {std::pair{"tenant", &e.tenant}, std::pair{"actor", &e.actor},
                               std::pair{"causation", &e.causation},
                               std::pair{"correlation", &e.correlation}}) {
    auto v = string_field(j, field, false);
    if (!v) return tl::unexpected(v.error());
    *target = std::move(*v);
  }
  const auto v = j.find("v");
  if (v == j.end() || !v->is_number_integer()) return fail(errc::missing_field, "envelope field 'v'");
  e.v = v->get<int>();
  const auto ts = j.find("ts");
  if (ts == j.end() || !ts->is_number_integer()) return fail(errc::missing_field, "envelope field 'ts'");
  e.ts = ts->get<std::int64_t>();
  if (auto d = j.find("data"); d != j.end()) e.data = std::move(*d);
  if (!e.data.is_object()) return fail(errc::wrong_type, "envelope field 'data' must be an object");
  if (auto up = upcast(e); !up) return tl::unexpected(up.error());
  return e;
}

result<header> peek_header(std::string_view bytes) {
  // One parser per thread: simdjson parsers are reusable but not thread-safe.
  thread_local simdjson::ondemand::parser parser;
  simdjson::padded_string padded(bytes);
  simdjson::ondemand::document doc;
  if (parser.iterate(padded).get(doc) != simdjson::SUCCESS) {
    return fail(errc::malformed_json, "record is not JSON");
  }
  header h;
  simdjson::ondemand::object obj;
  if (doc.get_object().get(obj) != simdjson::SUCCESS) return fail(errc::malformed_json, "record is not an object");
  bool have_type = false, have_key = false;
  for (auto field : obj) {
    std::string_view name;
    if (field.unescaped_key().get(name) != simdjson::SUCCESS) return fail(errc::malformed_json, "bad key");
    auto value = field.value();
    std::string_view s;
    if (name == "type" || name == "key" || name == "tenant" || name == "causation") {
      if (value.get_string().get(s) != simdjson::SUCCESS) {
        return fail(errc::wrong_type, std::string("envelope field '") + std::string(name) + "'");
      }
      if (name == "type") { h.type = s; have_type = true; }
      else if (name == "key") { h.key = s; have_key = true; }
      else if (name == "tenant") h.tenant = s;
      else h.causation = s;
    } else if (name == "v") {
      int64_t v = 0;
      if (value.get_int64().get(v) != simdjson::SUCCESS) return fail(errc::wrong_type, "envelope field 'v'");
      h.v = static_cast<int>(v);
    }
  }
  if (!have_type) return fail(errc::missing_field, "envelope field 'type'");
  if (!have_key) return fail(errc::missing_field, "envelope field 'key'");
  if (!find_type(h.type)) return fail(errc::unknown_type, "unknown record type '" + h.type + "'");
  return h;
}

}  // namespace runlog::schemas
