#pragma once
// The rule-based generator: clauses, their reading, and the steps they become.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "nl_lexicon.hpp"
#include "nl_text.hpp"
#include "runlog/workflow/definition.hpp"
#include "runlog/nlparse/parse.hpp"

namespace runlog::nlparse::nl {

using words = std::vector<const token*>;

/// One clause of the instruction: its tokens in order, without separators or schedule words.
struct clause {
  words w;
};

/// Splits the tokens not `consumed` by schedule phrases into clauses: at sentence ends and line
/// breaks, at commas and "and"/"then" when a new action starts, before a mid-sentence "if" or
/// "after 2 days" (moved in front of the action they gate), before "to <verb>".
std::vector<clause> split_clauses(const std::vector<token>& tokens,
                                  const std::vector<bool>& consumed);

/// The original text of a clause, trimmed.
std::string clause_text(const clause& c, std::string_view original);

/// The verb at `i` when it acts as one there ("email" in "email it", not in "email addresses").
const verb_info* verb_at(const words& w, std::size_t i);
/// Index of the first word acting as a verb at or after `from`; w.size() when none.
std::size_t main_verb(const words& w, std::size_t from);
/// Number of connective words ("and", "then", "please", ...) starting at `i`.
std::size_t lead_in(const words& w, std::size_t i);

/// "2 days", "an hour", "a few minutes", "half an hour" at `i` -> milliseconds; `used` gets the
/// number of words.
std::optional<std::int64_t> duration_at(const words& w, std::size_t i, std::size_t& used);
/// A delay phrase at `i` ("wait 2 days", "after 2 hours", "in 10 minutes", "3 days later"):
/// its length and duration; 0 when none.
std::size_t delay_phrase(const words& w, std::size_t i, std::int64_t& ms);
/// A condition keyword at `i` ("if", "only if", "unless", "in case", "when" before a
/// comparison): its length, 0 when none. `negated` is set for "unless".
std::size_t condition_keyword(const words& w, std::size_t i, bool& negated);
/// Index of the first comparison word ("is", "above", "exceeds", ">", "fails") at or after
/// `from`; w.size() when none.
std::size_t comparator_at(const words& w, std::size_t from);
/// True for a word naming an event ("arrives", "submitted", "signs", "approved").
bool is_event_word(const token& t);
/// True when the words from `from` describe an event ("a new lead comes in", "a form is
/// submitted") rather than a comparison.
bool is_event(const words& w, std::size_t from);

/// A condition node's config {field, operator, value} read from the words after the keyword.
struct condition_reading {
  nlohmann::json config;
  std::string field;     ///< without "$.", e.g. "score"
  std::string subject;   ///< the first subject word ("invoice" in "the invoice amount")
  bool pronoun = false;  ///< the subject is "it"/"they": what the previous step produced
  bool parsed = false;   ///< a comparison was understood (else the config tests existence)
};
condition_reading read_condition(const words& w, std::size_t from, bool negated);

/// One step before ids and edges are assigned.
struct step_spec {
  node_type type = node_type::integration;
  std::string action;
  nlohmann::json config = nlohmann::json::object();
  bool else_branch = false;  ///< runs when the latest condition is false
  double match = 1.0;        ///< 1 understood, 0.75 partly (a default action or config)
  std::string object;        ///< the object phrase ("sales data"), for names and pronouns
  std::string verb;          ///< the verb's base form ("pull"), for names
  std::string recipient;     ///< who a send step goes to ("sales team"), for names
  verb_class cls = verb_class::none;
  const service_info* domain = nullptr;  ///< the service the object's nouns hint at
};

/// Reads every clause into steps; clauses nothing understood go to `unmatched` (their text);
/// event clauses ("when a new lead comes in") become no step. `score` gets the sum of the
/// clauses' match weights and `counted` the number of clauses weighed.
std::vector<step_spec> generate_steps(const std::vector<clause>& clauses, std::string_view original,
                                      const parse_context& context,
                                      std::vector<std::string>& unmatched, double& score,
                                      int& counted);

/// The object of a verb: the words after it up to a preposition, without fillers.
struct object_phrase {
  words chunk;
  bool pronoun = false;    ///< "it", "them", "the results": the previous step's output
  std::string to_pronoun;  ///< who receives it: "me" in "send me a summary", "customer" in
                           ///< "send the customer a survey"
  std::string head() const { return chunk.empty() ? "" : singular(chunk.back()->text); }
};

/// Reads the object starting at `from` ("the list of overdue tasks" -> "overdue tasks").
object_phrase read_object(const words& w, std::size_t from);
/// Index of the first word after the verb at `v` that ends its object.
std::size_t obj_end(const words& w, std::size_t v);
/// The original text of `chunk`'s words, joined by blanks.
std::string text_of(const words& chunk, std::string_view original);
/// Lower-case letters and digits, other runs as one '_' ("Win/Loss report" -> "win_loss_report").
std::string identifier(std::string_view text);
/// True when the word at `i` is one of `options`.
bool text_in(const words& w, std::size_t i, std::initializer_list<std::string_view> options);
/// True for "http://..." and "https://..." words.
bool is_url(const token& t);

/// What an integration step reads beyond its clause.
struct step_env {
  std::string_view original;          ///< the instruction
  const parse_context& context;       ///< available tools
  const std::string& last_recipient;  ///< who the previous send step went to ("them")
};

/// Completes `s` (class, object, domain set) as an integration step for the verb at `v`: the
/// connector, the action (or an available tool) and the config.
step_spec integration_step(step_spec s, const words& w, std::size_t v, std::string_view base,
                           const object_phrase& obj, const std::string& head, const step_env& env);

/// The available tool that best fits a step of class `cls` (the rule is at the top of
/// nl_tools.cpp); nullopt when none fits. `named` is a service the clause names explicitly (a
/// tool of another service never fits then); `intended` the service of the built-in action
/// (named, suggested by the nouns or the default channel), nullptr when there is none.
std::optional<std::string> pick_tool(const std::vector<std::string>& tools, verb_class cls,
                                     const service_info* named, const service_info* intended,
                                     const words& w);

/// The available tool that can stand in for a template's `action`, by pick_tool's rule with the
/// action's service as the intended one (and as the named one when the instruction `w` names
/// it): "crm.update_lead" -> "hubspot.update_contact", "email.send" -> "gmail.send".
std::optional<std::string> pick_template_tool(const std::vector<std::string>& tools,
                                              std::string_view action, const words& w);

/// The verb class an action's op implies ("post_message" -> send, "query" -> fetch).
verb_class class_of_action(std::string_view action);

}  // namespace runlog::nlparse::nl
