// Integration steps: which connector a clause means (a brand, a URL, the verb, or what its
// nouns suggest), the action name, the available tool that replaces it, and the config
// (recipient or channel, object, URL).
#include <algorithm>

#include "nl_rules.hpp"

namespace runlog::nlparse::nl {
namespace {

// The brand a clause names, preferring the one after the preposition that fits the verb:
// "archive Slack messages to Google Drive" stores to Drive, "pull X from Salesforce" reads it.
const service_info* brand_near(const words& w, std::size_t v, verb_class cls) {
  const bool reads = cls == verb_class::fetch;
  for (std::size_t k = v + 1; k + 1 < w.size(); ++k) {
    const bool fits = reads ? text_in(w, k, {"from", "in"})
                            : text_in(w, k, {"to", "into", "in", "on", "via"});
    if (!fits) continue;
    // The brand, if any, is among the few words after the preposition ("to the #ops Slack").
    for (std::size_t j = k + 1; j < std::min(w.size(), k + 5); ++j) {
      if (const auto* found = brand_service({w[j]})) return found;
    }
  }
  return brand_service(w);
}

bool mentions_text_message(const words& w) {
  for (std::size_t k = 0; k + 1 < w.size(); ++k) {
    if (w[k]->text == "text" && w[k + 1]->stem == "messag") return true;
  }
  return false;
}

const service_info* send_default(std::string_view base) {
  static constexpr std::string_view chat[] = {"post", "ping",     "message",  "alert",
                                              "dm",   "announce", "broadcast"};
  const bool is_chat = std::find(std::begin(chat), std::end(chat), base) != std::end(chat);
  return service_named(is_chat ? "slack" : "email");
}

std::string recipient(const words& w, std::size_t v, const object_phrase& obj,
                      bool& object_is_recipient, const step_env& env) {
  object_is_recipient = false;
  for (std::size_t k = v + 1; k < w.size(); ++k) {
    const auto& t = w[k]->text;
    if (t.front() == '#' || (t.find('@') != std::string::npos && !is_url(*w[k]))) {
      return std::string(env.original.substr(w[k]->begin, w[k]->end - w[k]->begin));
    }
  }
  for (std::size_t k = v + 1; k < w.size(); ++k) {
    if (!text_in(w, k, {"to", "with"})) continue;
    if (text_in(w, k + 1, {"me", "us"})) return w[k + 1]->text;
    auto to = read_object(w, k + 1);
    std::erase_if(to.chunk, [](const token* t) { return brand_service({t}) != nullptr; });
    if (!to.chunk.empty()) return text_of(to.chunk, env.original);
  }
  if (!obj.to_pronoun.empty()) {
    const bool earlier =
        obj.to_pronoun == "them" || obj.to_pronoun == "him" || obj.to_pronoun == "her";
    return earlier && !env.last_recipient.empty() ? env.last_recipient : obj.to_pronoun;
  }
  if (!obj.chunk.empty() && is_recipient_noun(obj.chunk.back()->stem)) {
    object_is_recipient = true;
    return text_of(obj.chunk, env.original);
  }
  return "";
}

// The service a clause names: a brand (near the fitting preposition), a URL, or the verb
// itself ("email", "text", "tweet"); nullptr when none.
const service_info* named_service(const words& w, std::size_t v, verb_class cls,
                                  std::string_view base, std::string& url, const step_env& env) {
  const service_info* named = brand_near(w, v, cls);
  for (const token* t : w) {
    if (!is_url(*t)) continue;
    url = std::string(env.original.substr(t->begin, t->end - t->begin));
    named = service_named("http");
  }
  if (named != nullptr) return named;
  if (base == "email" || base == "mail") return service_named("email");
  if (base == "text" || (cls == verb_class::send && mentions_text_message(w))) {
    return service_named("sms");
  }
  return base == "tweet" ? service_named("twitter") : nullptr;
}

// The service the nouns suggest: the object's head first, then the object, then the clause.
const service_info* hinted_service(const words& w, const object_phrase& obj,
                                   const service_info* domain) {
  const service_info* hinted = obj.chunk.empty() ? nullptr : domain_service({obj.chunk.back()});
  if (hinted == nullptr) hinted = domain;
  return hinted != nullptr ? hinted : domain_service(w);
}

// True when every word of `text` names a connector ("Twitter"): no object worth keeping.
bool names_only(const std::string& text) {
  const auto tokens = tokenize(text);
  for (const auto& t : tokens) {
    if (brand_service({&t}) == nullptr) return false;
  }
  return true;
}

void fill_config(step_spec& s, const std::string& to, bool object_is_recipient,
                 const service_info* service, const std::string& url) {
  if (!to.empty()) {
    const bool channels = (service != nullptr && service->channels) || to.front() == '#';
    s.config[channels ? "channel" : "to"] = to;
    s.recipient = to;
    if (object_is_recipient) s.object.clear();
  } else if (!s.object.empty() && s.cls != verb_class::send && !names_only(s.object)) {
    s.config["object"] = s.object;
  }
  if (!url.empty()) {
    s.config["url"] = url;
    s.config["method"] = s.cls == verb_class::fetch ? "GET" : "POST";
  }
}

}  // namespace

step_spec integration_step(step_spec s, const words& w, std::size_t v, std::string_view base,
                           const object_phrase& obj, const std::string& head, const step_env& env) {
  s.type = node_type::integration;
  std::string url;
  const service_info* named = named_service(w, v, s.cls, base, url, env);
  const service_info* hinted = hinted_service(w, obj, s.domain);
  bool object_is_recipient = false;
  const std::string to =
      s.cls == verb_class::send ? recipient(w, v, obj, object_is_recipient, env) : "";
  const service_info* service = named;
  if (service == nullptr && s.cls == verb_class::send) {
    // A channel goes to Slack; an on-call or campaign noun picks its own sending service.
    if (!to.empty() && to.front() == '#')
      service = service_named("slack");
    else if (hinted != nullptr && hinted->send != "send")
      service = hinted;
    else
      service = send_default(base);
  } else if (service == nullptr) {
    service = hinted;
  }
  const bool pull_request =
      obj.chunk.size() >= 2 && obj.chunk[obj.chunk.size() - 2]->text == "pull";
  if (const auto tool = pick_tool(env.context.available_tools, s.cls, named, service, w)) {
    s.action = *tool;
    service = service_of_namespace(std::string_view(*tool).substr(0, tool->find('.')));
  } else if (service != nullptr) {
    const bool adds = base == "add" && s.cls == verb_class::create && named != nullptr;
    s.action =
        std::string(service->prefix) + "." +
        op_for(*service, adds ? verb_class::store : s.cls, pull_request ? "pull_request" : head);
  } else {
    s.action = "http.request";
    s.match = 0.75;
  }
  fill_config(s, to, object_is_recipient, service, url);
  return s;
}

}  // namespace runlog::nlparse::nl
