#pragma once
/// Natural-language workflow parsing (POST /api/v2/workflows/parse): an instruction such as
/// "Every Monday at 9am, pull the latest sales data, generate a summary report, and email it
/// to the sales team." becomes a workflow definition (DESIGN.md §5) plus an optional schedule.
///
/// Pipeline, without any AI service:
/// 1. Tokenize and normalize (lower case, light stemming, synonyms).
/// 2. Read the schedule words ("every Monday at 9am", "weekdays at 17:30", "every 15 minutes",
///    "on the first of the month", "daily at noon", "9am Berlin time") into a five-field cron
///    expression, or an interval cron cannot express, and an IANA zone ("UTC" when none).
/// 3. Match the built-in template library (nl_templates.cpp) by TF-IDF cosine similarity over
///    stemmed, synonym-folded words. A template wins when it is similar enough and covers the
///    node types the instruction asks for; its actions are swapped for matching available tools.
/// 4. Otherwise generate with rules: split the instruction into clauses, map each clause's verb
///    and object to a node (fetch/pull/query -> integration, summarize/generate/analyze -> agent,
///    if/when/only -> condition, wait/after -> delay, approve/review -> approval,
///    send/email/post/notify -> integration), chain the nodes with input_from, and prefer the
///    actions named in `available_tools`.
/// 5. Validate the definition with parse_definition (and the schedule with parse_cron and
///    check_timezone), then ask check_node_support (node_support.hpp) whether each node can
///    run in this build; clauses no rule understood lower the confidence.
///
/// Everything here is pure, deterministic and thread-safe: no I/O, no clock, no randomness.
/// The built-in tables are immutable and built once on first use.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "runlog/workflow/definition.hpp"

namespace runlog::nlparse {

// Parsing produces definitions of the workflow language: its vocabulary reads unqualified.
using namespace runlog::workflow;

/// What the caller knows beyond the instruction.
struct parse_context {
  /// Connector actions the caller can run, e.g. "salesforce.query", "gmail.send". An
  /// integration step takes the best-fitting one over its built-in action whenever one fits
  /// the step's intent (see nl_tools.cpp for the rule).
  std::vector<std::string> available_tools;
};

/// Where a parsed workflow came from.
enum class parse_source { template_match, rule_based, ai_generated };

/// "template", "rule-based", "ai-generated".
std::string_view to_string(parse_source s);

/// A schedule read from the instruction: a cron expression or an interval, never both.
struct parsed_schedule {
  std::string cron_expression;   ///< five fields, e.g. "0 9 * * 1"; empty for an interval
  std::int64_t interval_ms = 0;  ///< > 0 only when cron cannot express the period
  std::string timezone;          ///< IANA zone of the cron fields; "UTC" when none was named
  friend bool operator==(const parsed_schedule&, const parsed_schedule&) = default;
};

/// The result of parsing one instruction.
struct parsed_workflow {
  parse_source source = parse_source::rule_based;
  std::string template_id;  ///< the winning template (source == template_match), else ""
  std::string name;         ///< a workflow name (<= 200 characters)
  std::string description;
  /// {"nodes": [...], "inputs": {...}, "outputs": {...}}: nodes are the steps, with ids
  /// "step_1", "step_2", ... in order; the same shape POST /api/v2/workflows accepts.
  nlohmann::json definition = nlohmann::json::object();
  std::optional<parsed_schedule> schedule;
  double confidence = 0.0;             ///< 0..1, rounded to two decimals
  /// The workflow will run here: the definition (and schedule) pass the engine's validators
  /// and every node can run in this build (check_node_support).
  bool valid = false;
  /// Why not valid: validator messages, then one "<CODE>: node '<id>' (<type>, action
  /// '<action>') cannot run here: <reason>" per node that cannot run (code as at run time).
  std::vector<std::string> problems;
  std::vector<std::string> unmatched;  ///< clauses of the instruction no rule understood
};

/// Parses `instruction` (any UTF-8 text; the API bounds its length). Never fails: an
/// instruction nothing understands yields no steps, valid == false and a low confidence.
[[nodiscard]] parsed_workflow parse_instruction(std::string_view instruction,
                                                const parse_context& context);

/// Validates `w.definition` with parse_definition and `w.schedule` with parse_cron and
/// check_timezone, then (when the definition parses) adds a problem per node that
/// check_node_support says cannot run here, and sets `valid` and `problems` accordingly. A
/// validator problem (or one already in `problems`) costs 0.2 confidence; a node that cannot
/// run here does not, as it says nothing about how well the instruction was read.
/// parse_instruction calls it; so must any other generator (such as an OpenAI-compatible
/// endpoint) before its result is returned.
void check_parsed(parsed_workflow& w);

}  // namespace runlog::nlparse
