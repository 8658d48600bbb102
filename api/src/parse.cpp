// POST /api/v2/workflows/parse: a natural-language instruction -> a workflow definition, by the
// nlparse module's template library and rule-based generator (runlog/nlparse/parse.hpp). A pure
// query: nothing is appended to the log, so the same body always gets the same workflow.
#include <chrono>
#include <cmath>
#include <string_view>

#include "errors.hpp"
#include "resources.hpp"
#include "respond.hpp"
#include "runlog/nlparse/parse.hpp"

namespace runlog::api::detail {
namespace {

using nlohmann::json;

constexpr std::size_t min_instruction_chars = 5;
constexpr std::size_t max_instruction_chars = 4000;
constexpr std::size_t max_tools = 100;
constexpr std::size_t max_tool_chars = 200;

tl::unexpected<http_response> invalid(std::string_view message) {
  return tl::unexpected(error_response("VALIDATION_ERROR", message));
}

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

std::string_view trim(std::string_view s) {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

checked<std::string> parse_instruction_field(const json& body) {
  const auto it = body.find("instruction");
  if (it == body.end() || it->is_null()) return invalid("instruction is required");
  if (!it->is_string()) return invalid("instruction must be a string");
  const auto text = trim(it->get_ref<const std::string&>());
  const auto chars = code_points(text);
  if (chars < min_instruction_chars) return invalid("instruction must be at least 5 characters");
  if (chars > max_instruction_chars) return invalid("instruction must be at most 4000 characters");
  return std::string(text);
}

checked<std::vector<std::string>> parse_tools(const json& context) {
  std::vector<std::string> tools;
  const auto it = context.find("availableTools");
  if (it == context.end() || it->is_null()) return tools;
  if (!it->is_array()) return invalid("context.availableTools must be an array of strings");
  if (it->size() > max_tools) return invalid("context.availableTools holds at most 100 tools");
  for (const auto& tool : *it) {
    if (!tool.is_string() || tool.get_ref<const std::string&>().empty() ||
        tool.get_ref<const std::string&>().size() > max_tool_chars) {
      return invalid(
          "context.availableTools must be an array of non-empty strings (at most "
          "200 characters each)");
    }
    tools.push_back(tool.get<std::string>());
  }
  return tools;
}

checked<nlparse::parse_context> parse_context_field(const json& body) {
  nlparse::parse_context out;
  const auto it = body.find("context");
  if (it == body.end() || it->is_null()) return out;
  if (!it->is_object()) return invalid("context must be an object");
  // organizationId is accepted for compatibility; the tenant always comes from the token.
  if (const auto org = it->find("organizationId");
      org != it->end() && !org->is_null() && !org->is_string()) {
    return invalid("context.organizationId must be a string");
  }
  auto tools = parse_tools(*it);
  if (!tools) return tl::unexpected(tools.error());
  out.available_tools = std::move(*tools);
  return out;
}

json render_schedule(const std::optional<nlparse::parsed_schedule>& s) {
  if (!s) return nullptr;
  if (s->interval_ms > 0) return {{"interval_ms", s->interval_ms}};
  return {{"cron_expression", s->cron_expression}, {"timezone", s->timezone}};
}

json render(const nlparse::parsed_workflow& w) {
  const json& nodes = w.definition.contains("nodes") ? w.definition["nodes"] : json::array();
  json out = {{"type", w.source == nlparse::parse_source::template_match ? "template" : "generated"},
              {"name", w.name},
              {"description", w.description},
              {"steps", nodes},
              {"definition", w.definition},
              {"schedule", render_schedule(w.schedule)},
              {"confidence", w.confidence},
              {"source", nlparse::to_string(w.source)},
              {"valid", w.valid},
              {"problems", w.problems},
              {"unmatched", w.unmatched}};
  if (!w.template_id.empty()) out["template_id"] = w.template_id;
  return out;
}

}  // namespace

reply parse_workflow(const request_context& ctx) {
  const auto started = std::chrono::steady_clock::now();
  const auto instruction = parse_instruction_field(ctx.body);
  if (!instruction) return instruction.error();
  const auto context = parse_context_field(ctx.body);
  if (!context) return context.error();
  // Seam for the optional AI generator: when an OpenAI-compatible endpoint is configured, ask it
  // here under a deadline, mark its result nlparse::parse_source::ai_generated and pass it
  // through nlparse::check_parsed; on an error or a timeout fall through to the rules below.
  const auto parsed = nlparse::parse_instruction(*instruction, *context);
  const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - started;
  return json_response(200, {{"success", true},
                             {"workflow", render(parsed)},
                             {"parseTimeMs", std::round(took.count() * 1000.0) / 1000.0}});
}

}  // namespace runlog::api::detail
