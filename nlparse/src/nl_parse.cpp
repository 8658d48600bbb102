// parse_instruction: schedule, clauses, rule-based steps and template ranking, then the choice
// between the best template and the generated steps, names, confidence and validation.
#include "runlog/nlparse/parse.hpp"

#include <algorithm>
#include <cmath>

#include "nl_rules.hpp"
#include "nl_schedule.hpp"
#include "nl_templates.hpp"
#include "runlog/workflow/cron.hpp"
#include "runlog/workflow/node_support.hpp"

namespace runlog::nlparse {
namespace {

using nlohmann::json;

// Thresholds of the template choice (tuned on tests/nlparse/nl_parse_corpus.json).
constexpr double strong_similarity = 0.5;  // wins when it also covers the asked node types
constexpr double sure_similarity = 0.7;    // wins when the rules understood little
constexpr double weak_similarity = 0.3;    // wins when the rules found no step at all

double round2(double x) { return std::round(std::clamp(x, 0.0, 1.0) * 100.0) / 100.0; }

// True when `asked` appears in `offered` in order (not necessarily adjacent).
bool covers(const std::vector<std::string>& offered, const std::vector<std::string>& asked) {
  std::size_t i = 0;
  for (const auto& type : offered) {
    if (i < asked.size() && asked[i] == type) ++i;
  }
  return i == asked.size();
}

std::vector<std::string> node_types(const json& nodes) {
  std::vector<std::string> out;
  for (const auto& n : nodes) out.push_back(n.value("type", ""));
  return out;
}

json chain(const std::vector<nl::step_spec>& steps) {
  json nodes = json::array();
  std::string prev;
  std::string prev_type;
  std::string last_condition;
  for (std::size_t k = 0; k < steps.size(); ++k) {
    const auto& s = steps[k];
    const std::string id = "step_" + std::to_string(k + 1);
    json node = {{"id", id}, {"type", to_string(s.type)}, {"action", s.action}};
    if (!s.config.empty()) node["config"] = s.config;
    if (s.else_branch && !last_condition.empty()) {
      node["input_from"] = last_condition;
      node["when"] = false;
    } else if (!prev.empty()) {
      node["input_from"] = prev;
      if (prev_type == "condition") node["when"] = true;
    }
    if (s.type == node_type::condition) last_condition = id;
    prev = id;
    prev_type = to_string(s.type);
    nodes.push_back(std::move(node));
  }
  return nodes;
}

std::string title_case(std::string_view text) {
  std::string out;
  bool start = true;
  for (const char c : text) {
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    out += (start && c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    start = !letter && c != '\'';
  }
  return out;
}

// "Weekly", "Daily", ... read back from the cron fields; "" for sub-daily or no schedule.
std::string cadence(const std::optional<parsed_schedule>& s) {
  if (!s || s->cron_expression.empty()) return "";
  std::vector<std::string> f;
  std::string_view rest = s->cron_expression;
  while (!rest.empty()) {
    const auto blank = std::min(rest.find(' '), rest.size());
    f.emplace_back(rest.substr(0, blank));
    rest.remove_prefix(std::min(blank + 1, rest.size()));
  }
  if (f.size() != 5) return "";
  if (f[1].find('*') != std::string::npos)
    return f[0].find('*') == std::string::npos ? "Hourly" : "";
  if (f[3] != "*") return f[3] == "1" ? "Yearly" : "Quarterly";
  if (f[2] != "*") return "Monthly";
  if (f[4] == "1-5") return "Weekday";
  if (f[4] != "*") return "Weekly";
  return "Daily";
}

std::string trimmed(std::string_view text, std::size_t limit) {
  std::string out;
  for (const char c : text) {
    const bool blank = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (blank && (out.empty() || out.back() == ' ')) continue;
    out += blank ? ' ' : c;
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  if (out.size() > limit) {
    out.resize(limit);
    while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
    if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) out.pop_back();
  }
  return out;
}

std::string generated_name(const std::vector<nl::step_spec>& steps,
                           const std::optional<parsed_schedule>& schedule) {
  std::string object;
  for (const auto& s : steps) {
    if (s.type == node_type::agent && !s.object.empty()) {
      object = s.object;
      break;
    }
  }
  for (const auto& s : steps) {
    if (!object.empty()) break;
    object = s.object;
  }
  if (object.empty() && !steps.empty()) {
    const auto& first = steps.front();
    object = first.verb.empty() ? first.action : first.verb + " " + first.recipient;
  }
  std::replace(object.begin(), object.end(), '_', ' ');
  std::replace(object.begin(), object.end(), '.', ' ');
  std::string name = cadence(schedule);
  if (!object.empty()) name += (name.empty() ? "" : " ") + title_case(trimmed(object, 120));
  if (name.find(' ') == std::string::npos)
    name += name.empty() ? "Generated Workflow" : " Workflow";
  return name;
}

parsed_workflow from_template(const nl::template_match& m, const parse_context& context,
                              const std::vector<nl::token>& tokens) {
  parsed_workflow w;
  w.source = parse_source::template_match;
  w.template_id = std::string(m.tpl->id);
  w.name = std::string(m.tpl->name);
  w.description = std::string(m.tpl->description);
  w.definition = nl::template_definition(*m.tpl, context, tokens);
  if (!m.tpl->cron.empty()) w.schedule = parsed_schedule{std::string(m.tpl->cron), 0, "UTC"};
  w.confidence = round2(std::min(0.98, 0.45 + 0.55 * m.similarity));
  return w;
}

}  // namespace

std::string_view to_string(parse_source s) {
  switch (s) {
    case parse_source::template_match:
      return "template";
    case parse_source::rule_based:
      return "rule-based";
    case parse_source::ai_generated:
      return "ai-generated";
  }
  return "rule-based";
}

parsed_workflow parse_instruction(std::string_view instruction, const parse_context& context) {
  const auto tokens = nl::tokenize(instruction);
  auto scan = nl::scan_schedule(tokens, instruction);
  const auto clauses = nl::split_clauses(tokens, scan.consumed);
  std::vector<std::string> unmatched;
  double score = 0;
  int counted = 0;
  const auto steps = nl::generate_steps(clauses, instruction, context, unmatched, score, counted);
  for (const auto& phrase : scan.unsupported) unmatched.push_back(phrase + " (no cron equivalent)");
  counted += static_cast<int>(scan.unsupported.size());
  const double coverage = counted > 0 ? score / counted : 0.0;

  std::vector<std::string> asked;
  for (const auto& s : steps) asked.emplace_back(to_string(s.type));
  const auto ranked = nl::rank_templates(tokens);
  const auto& best = ranked.front();
  const json& best_nodes = nl::builtin_definition(*best.tpl).at("nodes");
  // Steps spelled out and all understood beat a template that is merely similar.
  const bool spelled_out = steps.size() >= 2 && coverage >= 0.9;
  const bool template_wins =
      (best.similarity >= strong_similarity && covers(node_types(best_nodes), asked) &&
       (!spelled_out || best.similarity >= sure_similarity)) ||
      (best.similarity >= sure_similarity && coverage < 0.6) ||
      (best.similarity >= weak_similarity && steps.empty());

  parsed_workflow w;
  if (template_wins) {
    w = from_template(best, context, tokens);
  } else {
    w.source = parse_source::rule_based;
    w.definition = {
        {"nodes", chain(steps)}, {"inputs", json::object()}, {"outputs", json::object()}};
    w.name = generated_name(steps, scan.schedule);
    w.description = trimmed(instruction, 500);
    w.confidence = steps.empty() ? 0.1 : round2(0.3 + 0.65 * coverage);
    if (steps.empty()) w.problems.push_back("no workflow step could be read from the instruction");
  }
  if (scan.schedule) w.schedule = scan.schedule;
  // A template covers the clauses the rules did not read; what stays unmatched is the schedule
  // words cron cannot express.
  if (template_wins)
    unmatched.erase(unmatched.begin(),
                    unmatched.end() - static_cast<std::ptrdiff_t>(scan.unsupported.size()));
  w.unmatched = std::move(unmatched);
  if (!scan.unsupported.empty()) w.confidence = round2(w.confidence - 0.1);
  check_parsed(w);
  return w;
}

void check_parsed(parsed_workflow& w) {
  const auto parsed = parse_new_definition(w.definition);
  if (!parsed) w.problems.push_back(parsed.error().message);
  if (w.schedule && !w.schedule->cron_expression.empty()) {
    if (auto cron = parse_cron(w.schedule->cron_expression); !cron) {
      w.problems.push_back("schedule: " + cron.error().message);
    }
    if (auto zone = check_timezone(w.schedule->timezone); !zone) {
      w.problems.push_back("schedule: " + zone.error().message);
    }
  }
  // A malformed result means the reading went wrong: it costs confidence. A node this build
  // cannot run says nothing about how well the instruction was understood: it does not.
  if (!w.problems.empty()) w.confidence = round2(std::max(0.05, w.confidence - 0.2));
  if (parsed) {
    for (const auto& n : parsed->nodes) {
      if (const auto unsupported = check_node_support(n)) {
        w.problems.push_back(unsupported->code + ": " + unsupported->message);
      }
    }
  }
  w.valid = w.problems.empty();
}

}  // namespace runlog::nlparse
