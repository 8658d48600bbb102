#pragma once
// The vocabulary of the rule-based generator: verbs and the node they become, the nouns that
// change a verb's meaning, and the connector services an integration action names.

#include <string>
#include <string_view>
#include <vector>

#include "nl_text.hpp"

namespace runlog::nlparse::nl {

/// What a clause's main verb asks for.
enum class verb_class {
  none,
  fetch,
  agent,
  transform,
  send,
  create,
  update,
  store,
  remove,
  approval,
  delay,
  end,
  fail,
  condition
};

struct verb_info {
  std::string_view base;  ///< "summarize"
  verb_class cls = verb_class::none;
  bool noun_like = false;  ///< usually a noun ("email", "report"): a verb only where one fits
};

/// The verb whose stem is `stem_text`, or nullptr.
const verb_info* find_verb(std::string_view stem_text);

/// True for integration classes (fetch, send, create, update, store, remove).
bool is_integration(verb_class c);

/// Nouns naming written content: "create a summary" is agent work, "create a ticket" is not.
bool is_content_noun(std::string_view stem_text);
/// Nouns naming something a person receives: "get a Slack message" means send one.
bool is_message_noun(std::string_view stem_text);
/// Nouns naming people or groups that receive a message ("team", "customer", "manager").
bool is_recipient_noun(std::string_view stem_text);

/// A connector: its action prefix, the words that name it, the ops per verb class.
struct service_info {
  std::string_view prefix;  ///< "slack" in "slack.post_message"
  std::string_view brands;  ///< blank-separated words that name it ("slack")
  std::string_view domain;  ///< blank-separated stems that hint at it ("channel")
  std::string_view fetch = "fetch";
  std::string_view send = "send";
  std::string_view create = "create_{}";
  std::string_view update = "update_{}";
  std::string_view store = "save";
  std::string_view remove = "delete_{}";
  bool channels = false;  ///< recipients are channels (config "channel", not "to")
};

/// The service a clause names explicitly (a brand word), else nullptr.
const service_info* brand_service(const std::vector<const token*>& words);
/// The service a clause's nouns hint at ("deals" -> crm), else nullptr.
const service_info* domain_service(const std::vector<const token*>& words);
/// The service whose prefix is `prefix` ("email"), else nullptr.
const service_info* service_named(std::string_view prefix);
/// True when `stem_text` is the stem of one of `service`'s domain words.
bool in_domain(const service_info& service, std::string_view stem_text);
/// The service a tool's namespace stands for: a service prefix ("quickbooks"), a brand of one
/// ("gmail", "outlook" -> email; "xero" -> quickbooks), else the first of its words that is
/// either ("microsoft_outlook", "msTeams"); nullptr when none.
const service_info* service_of_namespace(std::string_view ns);
/// True when `a` and `b` do the same kind of work (messages, CRM, support, billing, tasks,
/// code, wiki, records, files, social): one's tool can stand in for the other's action.
bool same_capability(const service_info& a, const service_info& b);
/// The lower-case words of an identifier, split at '_', '-', '.' and lower-to-upper case
/// changes ("chat_postMessage" -> "chat", "post", "message").
std::vector<std::string> split_identifier(std::string_view name);
/// Words of `list` (blank-separated) one of which equals `word`.
bool in_list(std::string_view list, std::string_view word);

/// The op of `service` for `cls` with "{}" replaced by `object` ("create_{}" -> "create_ticket";
/// "create" when `object` is empty).
std::string op_for(const service_info& service, verb_class cls, std::string_view object);

}  // namespace runlog::nlparse::nl
