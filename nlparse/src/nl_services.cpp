// Connector services: the brands that name them, the nouns that hint at them, and the op each
// verb class becomes ("slack" + send -> "post_message"). Domain words are compared as stems.
#include <algorithm>
#include <unordered_map>
#include <vector>

#include "nl_lexicon.hpp"

namespace runlog::nlparse::nl {
namespace {

using vc = verb_class;

constexpr service_info services[] = {
    {"email", "email mail gmail outlook inbox", "", "fetch"},
    {"slack", "slack", "channel", "fetch_messages", "post_message", "create_{}", "update_{}",
     "post_message", "delete_{}", true},
    {"teams", "teams", "", "fetch_messages", "post_message", "create_{}", "update_{}",
     "post_message", "delete_{}", true},
    {"discord", "discord", "", "fetch_messages", "post_message", "create_{}", "update_{}",
     "post_message", "delete_{}", true},
    {"telegram", "telegram", "", "fetch_messages", "send_message"},
    {"whatsapp", "whatsapp", "", "fetch_messages", "send_message"},
    {"sms", "sms twilio", "phone", "fetch", "send"},
    {"salesforce", "salesforce sfdc", "sale deal opportunity pipeline account", "query", "send",
     "create_record", "update_record", "create_record"},
    {"hubspot", "hubspot", "contact lead deal crm", "search", "send", "create_{}", "update_{}",
     "create_{}"},
    {"pipedrive", "pipedrive", "", "search", "send", "create_{}", "update_{}", "create_{}"},
    {"zendesk", "zendesk", "ticket support", "search_tickets", "send", "create_ticket",
     "update_ticket", "create_ticket"},
    {"intercom", "intercom", "conversation", "search", "send_message"},
    {"jira", "jira", "issue bug sprint epic", "search_issues", "send", "create_issue",
     "update_issue", "create_issue"},
    {"github", "github", "commit repo repository pr", "list_{}", "send", "create_{}", "update_{}",
     "create_{}"},
    {"gitlab", "gitlab", "", "list_{}", "send", "create_{}", "update_{}", "create_{}"},
    {"notion", "notion", "wiki", "query", "send", "create_page", "update_page", "create_page"},
    {"confluence", "confluence", "", "search", "send", "create_page", "update_page", "create_page"},
    {"google_sheets", "sheet sheets spreadsheet spreadsheets excel gsheet", "row", "read_rows",
     "send", "append_row", "update_row", "append_row"},
    {"airtable", "airtable", "", "list_records", "send", "create_record", "update_record",
     "create_record"},
    {"stripe", "stripe", "charge subscription refund", "list_{}", "send", "create_{}", "update_{}",
     "create_{}"},
    {"quickbooks", "quickbooks xero", "accounting ledger expense", "query", "send", "create_{}",
     "update_{}", "create_{}"},
    {"shopify", "shopify", "order product inventory cart", "list_{}", "send", "create_{}",
     "update_{}", "create_{}"},
    {"mailchimp", "mailchimp", "newsletter campaign subscriber audience", "list_{}",
     "send_campaign", "create_{}", "update_{}", "add_member"},
    {"twitter", "twitter tweet tweets", "mention hashtag", "search", "post_tweet", "post_tweet",
     "update_{}", "post_tweet"},
    {"linkedin", "linkedin", "", "search", "create_post", "create_post"},
    {"calendar", "calendar gcal", "meeting event invite appointment demo", "list_events", "send",
     "create_event", "update_event", "create_event"},
    {"google_drive", "drive gdrive", "folder document doc", "list_files", "send", "create_{}",
     "update_{}", "upload_file"},
    {"dropbox", "dropbox", "", "list_files", "send", "create_{}", "update_{}", "upload_file"},
    {"s3", "s3 bucket", "", "get_object", "send", "put_object", "put_object", "put_object"},
    {"database", "database db postgres postgresql mysql sql warehouse snowflake bigquery",
     "table record", "query", "send", "insert", "update", "insert"},
    {"http", "api webhook endpoint url http website site", "", "request", "request", "request",
     "request", "request", "request"},
    {"rss", "rss feed feeds", "news", "fetch"},
    {"pagerduty", "pagerduty opsgenie", "incident oncall", "list_incidents", "create_incident",
     "create_incident", "update_incident", "create_incident"},
    {"clearbit", "clearbit apollo", "", "enrich", "send", "enrich", "enrich", "enrich"},
    {"typeform", "typeform", "survey form submission response", "fetch_responses"},
    {"asana", "asana", "", "list_{}", "send", "create_{}", "update_{}", "create_{}"},
    {"trello", "trello", "card board", "list_{}", "send", "create_{}", "update_{}", "create_{}"},
    {"clickup", "clickup", "", "list_{}", "send", "create_{}", "update_{}", "create_{}"},
    {"analytics", "analytics mixpanel amplitude datadog", "usage metric traffic", "query"},
};

// Generic services for domain nouns when no brand is named.
constexpr service_info generic[] = {
    {"crm", "crm", "lead contact deal opportunity account pipeline sale prospect", "query", "send",
     "create_{}", "update_{}", "create_{}"},
    {"helpdesk", "helpdesk", "ticket support", "search_tickets", "send", "create_ticket",
     "update_ticket", "create_ticket"},
    {"billing", "billing", "invoice payment subscription refund charge", "list_{}", "send",
     "create_{}", "update_{}", "create_{}"},
    {"storage", "storage", "file report document backup", "list_files", "send", "create_{}",
     "update_{}", "upload_file"},
    {"tasks", "tasks", "task todo", "list_{}", "send", "create_{}", "update_{}", "create_{}"},
};

// Capabilities: the services on one line do the same kind of work, so an available tool of one
// can stand in for a built-in action of another (a caller offering "quickbooks.query" means it
// for "list the invoices", which the built-in reads as "billing.list_invoices").
constexpr std::string_view capabilities[] = {
    "email slack teams discord telegram whatsapp sms",  // messages to people
    "crm salesforce hubspot pipedrive",                 // contacts, leads, deals
    "helpdesk zendesk intercom",                        // support tickets and conversations
    "billing stripe quickbooks",                        // invoices, payments, accounting
    "tasks jira asana trello clickup",                  // work items
    "github gitlab",                                    // code hosting
    "notion confluence",                                // wiki pages
    "google_sheets airtable database",                  // rows and records
    "storage google_drive dropbox s3",                  // files
    "twitter linkedin",                                 // social posts
};

// Every service in priority order: the generic ones first (a domain noun alone should not pick
// a brand), then the named ones in table order.
std::vector<const service_info*> by_priority() {
  std::vector<const service_info*> out;
  for (const auto& s : generic) out.push_back(&s);
  for (const auto& s : services) out.push_back(&s);
  return out;
}

template <typename F>
void for_each_word(std::string_view list, F&& f) {
  while (!list.empty()) {
    const auto blank = std::min(list.find(' '), list.size());
    f(list.substr(0, blank));
    list.remove_prefix(std::min(blank + 1, list.size()));
  }
}

// Word -> the services it names (brands, by text) or hints at (domain words, by stem), each
// list in priority order. Built once; lookups need no allocation.
struct word_index {
  std::unordered_map<std::string, std::vector<std::size_t>> brands;
  std::unordered_map<std::string, std::vector<std::size_t>> domain;
  std::vector<const service_info*> order = by_priority();
};

const word_index& index() {
  static const word_index ix = [] {
    word_index out;
    for (std::size_t i = 0; i < out.order.size(); ++i) {
      for_each_word(out.order[i]->brands,
                    [&](std::string_view w) { out.brands[std::string(w)].push_back(i); });
      for_each_word(out.order[i]->domain,
                    [&](std::string_view w) { out.domain[stem(w)].push_back(i); });
    }
    return out;
  }();
  return ix;
}

}  // namespace

bool in_list(std::string_view list, std::string_view word) {
  while (!list.empty()) {
    const auto blank = std::min(list.find(' '), list.size());
    if (list.substr(0, blank) == word) return true;
    list.remove_prefix(std::min(blank + 1, list.size()));
  }
  return false;
}

bool in_domain(const service_info& service, std::string_view stem_text) {
  const auto& ix = index();
  const auto it = ix.domain.find(std::string(stem_text));
  if (it == ix.domain.end()) return false;
  return std::any_of(it->second.begin(), it->second.end(),
                     [&](std::size_t i) { return ix.order[i] == &service; });
}

const service_info* brand_service(const std::vector<const token*>& words) {
  const auto& ix = index();
  for (const token* t : words) {
    const auto it = ix.brands.find(t->text);
    if (it == ix.brands.end()) continue;
    // Named brands before generic names; "teams" is a plain noun unless written "Teams".
    const service_info* found = nullptr;
    for (const std::size_t i : it->second) {
      const service_info* s = ix.order[i];
      if (s->prefix == "teams" && !t->capitalized) continue;
      const bool is_generic = i < std::size(generic);
      if (found == nullptr || !is_generic) found = s;
      if (!is_generic) break;
    }
    if (found != nullptr) return found;
  }
  return nullptr;
}

const service_info* domain_service(const std::vector<const token*>& words) {
  const auto& ix = index();
  std::size_t best = ix.order.size();
  for (const token* t : words) {
    const auto it = ix.domain.find(t->stem);
    if (it != ix.domain.end()) best = std::min(best, it->second.front());
  }
  return best < ix.order.size() ? ix.order[best] : nullptr;
}

const service_info* service_of_namespace(std::string_view ns) {
  const auto& ix = index();
  const auto by_word = [&](std::string_view word) -> const service_info* {
    if (const service_info* s = service_named(word); s != nullptr) return s;
    const auto it = ix.brands.find(std::string(word));
    if (it == ix.brands.end()) return nullptr;
    // A named service before a generic one, as for brands in a clause.
    for (const std::size_t i : it->second) {
      if (i >= std::size(generic)) return ix.order[i];
    }
    return ix.order[it->second.front()];
  };
  std::string lower;
  for (const char c : ns) lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  if (const service_info* s = by_word(lower); s != nullptr) return s;
  // "microsoft_outlook", "ms-teams", "googleSheets": the words of the namespace, in order.
  for (const auto& word : split_identifier(ns)) {
    if (const service_info* s = by_word(word); s != nullptr) return s;
  }
  return nullptr;
}

bool same_capability(const service_info& a, const service_info& b) {
  if (&a == &b) return true;
  return std::any_of(std::begin(capabilities), std::end(capabilities), [&](std::string_view line) {
    return in_list(line, a.prefix) && in_list(line, b.prefix);
  });
}

std::vector<std::string> split_identifier(std::string_view name) {
  std::vector<std::string> out;
  std::string word;
  const auto flush = [&] {
    if (!word.empty()) out.push_back(std::move(word));
    word.clear();
  };
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool upper = c >= 'A' && c <= 'Z';
    const bool lower = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!upper && !lower) {
      flush();
      continue;
    }
    // A capital after a lower-case letter starts a word ("postMessage" -> "post", "message").
    if (upper && !word.empty() && i > 0 && name[i - 1] >= 'a' && name[i - 1] <= 'z') flush();
    word += upper ? static_cast<char>(c - 'A' + 'a') : c;
  }
  flush();
  return out;
}

const service_info* service_named(std::string_view prefix) {
  for (const auto& s : services) {
    if (s.prefix == prefix) return &s;
  }
  for (const auto& s : generic) {
    if (s.prefix == prefix) return &s;
  }
  return nullptr;
}

std::string op_for(const service_info& service, verb_class cls, std::string_view object) {
  std::string_view op = service.fetch;
  switch (cls) {
    case vc::send:
      op = service.send;
      break;
    case vc::create:
      op = service.create;
      break;
    case vc::update:
      op = service.update;
      break;
    case vc::store:
      op = service.store;
      break;
    case vc::remove:
      op = service.remove;
      break;
    default:
      break;
  }
  std::string out(op);
  const auto slot = out.find("{}");
  if (slot == std::string::npos) return out;
  if (object.empty()) return out.substr(0, slot > 0 ? slot - 1 : 0);
  std::string name(object);
  for (char& c : name) {
    if (c == ' ' || c == '-') c = '_';
  }
  // "list_{}" lists many: "list_invoices", "list_pull_requests".
  if (out.rfind("list_", 0) == 0 && name.back() != 's') {
    if (name.back() == 'y' && name.size() > 2) name.replace(name.size() - 1, 1, "ie");
    name += 's';
  }
  out.replace(slot, 2, name);
  return out;
}

}  // namespace runlog::nlparse::nl
