// The rules a definition must meet to be stored now (parse_new_definition), on top of
// parse_definition. They live apart because parse_definition also reads definitions that are
// already in the log (execute of a stored workflow, replay of run.started): tightening it would
// strand workflows and runs an older build accepted.
#include <algorithm>
#include <cstdint>
#include <string>

#include "runlog/workflow/definition.hpp"

namespace runlog::workflow {
namespace {

using json = nlohmann::json;

tl::unexpected<error> invalid(std::string message) {
  return fail(errc::invalid_definition, std::move(message));
}

bool is_id_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

// Checked on the raw JSON, before parse_definition, so that no message quotes a huge id.
// Missing, empty or non-string ids are parse_definition's to report.
result<void> check_node_ids(const json& definition) {
  const auto nodes = definition.is_object() ? definition.find("nodes") : definition.end();
  if (nodes == definition.end() || !nodes->is_array()) return {};
  for (std::size_t i = 0; i < nodes->size(); ++i) {
    const json& n = (*nodes)[i];
    const auto id = n.is_object() ? n.find("id") : n.end();
    if (!n.is_object() || id == n.end() || !id->is_string()) continue;
    const auto& text = id->get_ref<const std::string&>();
    if (text.empty()) continue;
    if (text.size() > max_node_id_chars || !std::all_of(text.begin(), text.end(), is_id_char)) {
      return invalid("node #" + std::to_string(i + 1) + ": 'id' must be 1 to " +
                     std::to_string(max_node_id_chars) +
                     " characters from A-Z, a-z, 0-9, '_' and '-'");
    }
  }
  return {};
}

bool is_template(const json& value) {
  return value.is_string() && value.get_ref<const std::string&>().find("{{") != std::string::npos;
}

// An integer in [0, max]: a JSON integer, never a float (1e20, 5.0), never beyond int64.
bool is_count_up_to(const json& value, std::int64_t max) {
  if (value.is_number_unsigned()) {
    return value.get<std::uint64_t>() <= static_cast<std::uint64_t>(max);
  }
  return value.is_number_integer() && value.get<std::int64_t>() >= 0 &&
         value.get<std::int64_t>() <= max;
}

result<void> check_delay(const node& n) {
  if (n.type != node_type::delay) return {};
  const auto duration = n.config.find("duration_ms");
  if (duration == n.config.end() || duration->is_null() || is_template(*duration)) return {};
  if (!is_count_up_to(*duration, max_delay_duration_ms)) {
    return invalid("node '" + n.id + "': config.duration_ms must be an integer between 0 and " +
                   std::to_string(max_delay_duration_ms) + " (365 days) or a {{ }} template");
  }
  return {};
}

}  // namespace

result<definition> parse_new_definition(const nlohmann::json& json) {
  if (auto ok = check_node_ids(json); !ok) return tl::unexpected(ok.error());
  auto def = parse_definition(json);
  if (!def) return def;
  for (const node& n : def->nodes) {
    if (auto ok = check_delay(n); !ok) return tl::unexpected(ok.error());
  }
  return def;
}

}  // namespace runlog::workflow
