// Tool preference: an available tool ("quickbooks.query", "gmail.send") beats the built-in
// action of a step whenever it fits the step's intent. A tool "<namespace>.<op>" fits when
//   - its op's verb class fits the step's class ("query" reads like "fetch", "send_mail" sends;
//     an op with no known verb fits only a service that is certainly right), and
//   - its namespace fits the service the step means: the service the clause names (then only
//     that one), the namespace written in the clause, the built-in service itself or a brand of
//     it ("gmail" is email), or a service of the same capability ("quickbooks" for billing data,
//     "teams" for a message). A step without any service takes any tool whose op fits.
// Of the fitting tools the one with the surest service, then the closest verb, wins; ties go to
// the caller's order.
#include <algorithm>

#include "nl_rules.hpp"

namespace runlog::nlparse::nl {
namespace {

bool write_family(verb_class c) {
  return c == verb_class::create || c == verb_class::update || c == verb_class::store;
}

// How well a tool's op fits `cls`: 2 same class, 1 related, 0 unknown, -1 incompatible.
int class_fit(const service_info* service, verb_class op, verb_class cls) {
  if (op == cls) return 2;
  if (write_family(op) && write_family(cls)) return 1;
  if (service != nullptr && service->prefix == "http" && is_integration(cls)) return 1;
  if (op == verb_class::none) return 0;
  return -1;
}

bool clause_mentions(const words& w, std::string_view word) {
  for (const token* t : w) {
    if (t->text == word || t->stem == word) return true;
  }
  return false;
}

bool same_service(const service_info* tool, std::string_view ns, const service_info& s) {
  return tool == &s || ns == s.prefix || in_list(s.brands, ns);
}

// How sure it is that a tool's service is the one the step means: 3 certain (named, written or
// the built-in's own), 2 the same capability, 0 no reason to think so; -1 excluded (the clause
// names another service).
int service_fit(std::string_view ns, const service_info* tool, const service_info* named,
                const service_info* intended, const words& w) {
  if (named != nullptr) return same_service(tool, ns, *named) ? 3 : -1;
  if (clause_mentions(w, ns)) return 3;
  if (intended == nullptr || tool == nullptr) return 0;
  if (same_service(tool, ns, *intended)) return 3;
  return same_capability(*tool, *intended) ? 2 : 0;
}

struct split_tool {
  std::string_view ns;  ///< "" when the tool has no namespace
  const service_info* service = nullptr;
};

split_tool split(const std::string& tool) {
  const auto dot = tool.find('.');
  if (dot == std::string::npos) return {};
  const std::string_view ns = std::string_view(tool).substr(0, dot);
  return {ns, service_of_namespace(ns)};
}

// Agent steps take only tools without a namespace, by the clause's words in their name.
std::optional<std::string> pick_agent_tool(const std::vector<std::string>& tools, const words& w) {
  int best = 1;
  const std::string* chosen = nullptr;
  for (const auto& tool : tools) {
    if (!split(tool).ns.empty()) continue;
    const int fit = class_fit(nullptr, class_of_action(tool), verb_class::agent);
    if (fit < 0) continue;
    int score = fit;
    for (const token* t : w) {
      if (t->kind == token_kind::word && t->text.size() > 2 &&
          tool.find(t->text) != std::string::npos) {
        ++score;
      }
    }
    if (score >= 2 && score > best) {
      best = score;
      chosen = &tool;
    }
  }
  if (chosen == nullptr) return std::nullopt;
  return *chosen;
}

}  // namespace

verb_class class_of_action(std::string_view action) {
  const auto dot = action.find('.');
  const std::string_view op = dot == std::string_view::npos ? action : action.substr(dot + 1);
  for (const auto& word : split_identifier(op)) {
    if (const verb_info* v = find_verb(stem(word)); v != nullptr) return v->cls;
  }
  return verb_class::none;
}

std::optional<std::string> pick_tool(const std::vector<std::string>& tools, verb_class cls,
                                     const service_info* named, const service_info* intended,
                                     const words& w) {
  if (cls == verb_class::agent) return pick_agent_tool(tools, w);
  int best = 0;
  const std::string* chosen = nullptr;
  for (const auto& tool : tools) {
    const auto [ns, service] = split(tool);
    const int verb = class_fit(service, class_of_action(tool), cls);
    if (verb < 0) continue;
    int sure = 0;
    if (!ns.empty()) {
      sure = service_fit(ns, service, named, intended, w);
      if (sure < 0) continue;
    }
    // A service-less step (the built-in would be a bare http.request) takes any tool whose op
    // fits; otherwise the tool's service must fit, and an op without a known verb needs a
    // service that is certainly right.
    const bool fits = (named == nullptr && intended == nullptr)
                          ? verb == 2 || (verb == 1 && sure > 0)
                          : sure >= 2 && (verb > 0 || sure == 3);
    const bool bare_fits = ns.empty() && verb == 2 && named == nullptr;
    if (!fits && !bare_fits) continue;
    const int score = 1 + 3 * sure + verb;
    if (score > best) {
      best = score;
      chosen = &tool;
    }
  }
  if (chosen == nullptr) return std::nullopt;
  return *chosen;
}

std::optional<std::string> pick_template_tool(const std::vector<std::string>& tools,
                                              std::string_view action, const words& w) {
  const auto dot = action.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const service_info* own = service_named(action.substr(0, dot));
  // A template's service is the one the instruction means when the instruction names it
  // ("post deploys to Slack"); otherwise it is a default, and a tool of the same capability
  // takes its place like in a generated step.
  const service_info* named = nullptr;
  if (own != nullptr) {
    for (const token* t : w) {
      if (t->text == own->prefix || in_list(own->brands, t->text)) named = own;
    }
  }
  // The instruction's words are not this step's own clause: a service they name may be meant for
  // another step, so a tool must also have a verb that fits this one.
  const verb_class cls = class_of_action(action);
  std::vector<std::string> fitting;
  for (const auto& tool : tools) {
    if (class_fit(split(tool).service, class_of_action(tool), cls) > 0) fitting.push_back(tool);
  }
  return pick_tool(fitting, cls, named, own, w);
}

}  // namespace runlog::nlparse::nl
