// Tool preference: the caller's available actions ("salesforce.query") beat built-in names
// when their op fits the clause's verb class and their service fits its words.
#include <algorithm>

#include "nl_rules.hpp"

namespace runlog::engine::nl {
namespace {

bool write_family(verb_class c) {
  return c == verb_class::create || c == verb_class::update || c == verb_class::store;
}

// How well the tool's op fits `cls`: 2 same class, 1 related, 0 unknown, -1 incompatible.
int class_fit(std::string_view service, verb_class op, verb_class cls) {
  if (op == cls) return 2;
  if (write_family(op) && write_family(cls)) return 1;
  if (service == "http" && is_integration(cls)) return 1;
  if (op == verb_class::none) return 0;
  return -1;
}

bool clause_mentions(const words& w, std::string_view word) {
  for (const token* t : w) {
    if (t->text == word || t->stem == word) return true;
  }
  return false;
}

int service_fit(std::string_view service, const service_info* hinted, const words& w) {
  if (service.empty()) return 0;
  if (clause_mentions(w, service)) return 3;
  int score = 0;
  if (hinted != nullptr && hinted->prefix == service) score = 1;
  if (const service_info* info = service_named(service); info != nullptr) {
    for (const token* t : w) {
      if (in_domain(*info, t->stem) || in_list(info->brands, t->text)) {
        score = std::max(score, 1);
      }
    }
  }
  return score;
}

bool domains_overlap(const service_info& a, const service_info& b) {
  std::string_view list = a.domain;
  while (!list.empty()) {
    const auto blank = std::min(list.find(' '), list.size());
    if (in_list(b.domain, list.substr(0, blank))) return true;
    list.remove_prefix(std::min(blank + 1, list.size()));
  }
  return false;
}

}  // namespace

verb_class class_of_action(std::string_view action) {
  const auto dot = action.find('.');
  std::string_view op = dot == std::string_view::npos ? action : action.substr(dot + 1);
  while (!op.empty()) {
    const auto cut = std::min(op.find('_'), op.size());
    if (const verb_info* v = find_verb(stem(op.substr(0, cut))); v != nullptr) return v->cls;
    op.remove_prefix(std::min(cut + 1, op.size()));
  }
  return verb_class::none;
}

std::optional<std::string> pick_tool(const std::vector<std::string>& tools, verb_class cls,
                                     const service_info* named, const service_info* hinted,
                                     const words& w) {
  int best = 1;
  const std::string* chosen = nullptr;
  for (const auto& tool : tools) {
    const auto dot = tool.find('.');
    const std::string_view service =
        dot == std::string::npos ? std::string_view() : std::string_view(tool).substr(0, dot);
    if (cls == verb_class::agent && !service.empty()) continue;
    const int fit = class_fit(service, class_of_action(tool), cls);
    if (fit < 0) continue;
    int score = fit;
    if (named != nullptr && !service.empty()) {
      const bool same = named->prefix == service || in_list(named->brands, service);
      if (!same) continue;
      score += 3;
    } else {
      score += service_fit(service, hinted, w);
    }
    if (cls == verb_class::agent) {
      for (const token* t : w) {
        if (t->kind == token_kind::word && t->text.size() > 2 &&
            tool.find(t->text) != std::string::npos) {
          ++score;
        }
      }
    }
    // With domain words in the clause, a tool must fit them too ("tickets" is no CRM query).
    const int needed = (hinted != nullptr && named == nullptr && !service.empty()) ? 3 : 2;
    if (score >= needed && score > best) {
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
  const std::string_view own_prefix = action.substr(0, dot);
  const service_info* own = service_named(own_prefix);
  const verb_class cls = class_of_action(action);
  int best = 0;
  const std::string* chosen = nullptr;
  for (const auto& tool : tools) {
    const auto tool_dot = tool.find('.');
    if (tool_dot == std::string::npos) continue;
    const std::string_view service = std::string_view(tool).substr(0, tool_dot);
    if (class_fit(service, class_of_action(tool), cls) < 1) continue;
    const service_info* info = service_named(service);
    int score = 0;
    if (service == own_prefix || (own != nullptr && in_list(own->brands, service))) {
      score = 3;
    } else if (clause_mentions(w, service)) {
      score = 2;
    } else if (own != nullptr && info != nullptr && own->brands == own->prefix &&
               domains_overlap(*own, *info)) {
      // A generic service (crm, helpdesk, billing, storage, tasks: named only by its prefix)
      // gives way to a tool of a service with the same nouns ("hubspot" for "crm").
      score = 1;
    }
    if (score > best) {
      best = score;
      chosen = &tool;
    }
  }
  if (chosen == nullptr) return std::nullopt;
  return *chosen;
}

}  // namespace runlog::engine::nl
