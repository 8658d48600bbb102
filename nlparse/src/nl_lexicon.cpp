// Verb and noun tables of the rule-based generator. Lookups go through maps keyed by stem,
// built once on first use from the tables below (connector services: nl_services.cpp).
#include "nl_lexicon.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace runlog::nlparse::nl {
namespace {

using vc = verb_class;
constexpr bool noun = true;

constexpr verb_info verbs[] = {
    // fetch
    {"fetch", vc::fetch},
    {"pull", vc::fetch},
    {"get", vc::fetch},
    {"query", vc::fetch, noun},
    {"retrieve", vc::fetch},
    {"load", vc::fetch, noun},
    {"download", vc::fetch},
    {"read", vc::fetch},
    {"collect", vc::fetch},
    {"gather", vc::fetch},
    {"grab", vc::fetch},
    {"scrape", vc::fetch},
    {"crawl", vc::fetch},
    {"search", vc::fetch, noun},
    {"find", vc::fetch},
    {"look", vc::fetch},
    {"lookup", vc::fetch},
    {"list", vc::fetch, noun},
    {"import", vc::fetch, noun},
    {"check", vc::fetch},
    {"monitor", vc::fetch},
    {"watch", vc::fetch},
    {"poll", vc::fetch, noun},
    {"receive", vc::fetch},
    {"pick", vc::fetch},
    {"track", vc::fetch},
    // agent (AI) work
    {"summarize", vc::agent},
    {"generate", vc::agent},
    {"analyze", vc::agent},
    {"classify", vc::agent},
    {"categorize", vc::agent},
    {"score", vc::agent},
    {"rank", vc::agent},
    {"draft", vc::agent},
    {"compose", vc::agent},
    {"translate", vc::agent},
    {"extract", vc::agent},
    {"evaluate", vc::agent},
    {"assess", vc::agent},
    {"predict", vc::agent},
    {"recommend", vc::agent},
    {"detect", vc::agent},
    {"identify", vc::agent},
    {"prioritize", vc::agent},
    {"rewrite", vc::agent},
    {"paraphrase", vc::agent},
    {"suggest", vc::agent},
    {"explain", vc::agent},
    {"interpret", vc::agent},
    {"research", vc::agent},
    {"brainstorm", vc::agent},
    {"triage", vc::agent},
    {"qualify", vc::agent},
    {"screen", vc::agent},
    {"prescreen", vc::agent},
    {"tag", vc::agent},
    {"label", vc::agent},
    {"personalize", vc::agent},
    {"write", vc::store},
    {"make", vc::create},
    {"prepare", vc::agent},
    {"produce", vc::agent},
    {"build", vc::create},
    {"compile", vc::agent},
    {"answer", vc::agent},
    {"proofread", vc::agent},
    {"outline", vc::agent},
    {"forecast", vc::agent, noun},
    {"estimate", vc::agent},
    {"understand", vc::agent},
    {"decide", vc::agent},
    // transform
    {"format", vc::transform, noun},
    {"convert", vc::transform},
    {"transform", vc::transform},
    {"merge", vc::transform},
    {"combine", vc::transform},
    {"map", vc::transform, noun},
    {"parse", vc::transform},
    {"clean", vc::transform},
    {"normalize", vc::transform},
    {"dedupe", vc::transform},
    {"deduplicate", vc::transform},
    {"aggregate", vc::transform},
    {"calculate", vc::transform},
    {"compute", vc::transform},
    {"count", vc::transform, noun},
    {"sort", vc::transform, noun},
    {"group", vc::transform, noun},
    {"total", vc::transform, noun},
    {"sum", vc::transform, noun},
    {"reshape", vc::transform},
    // send
    {"send", vc::send},
    {"email", vc::send, noun},
    {"mail", vc::send, noun},
    {"notify", vc::send},
    {"alert", vc::send, noun},
    {"message", vc::send, noun},
    {"text", vc::send, noun},
    {"post", vc::send, noun},
    {"ping", vc::send},
    {"share", vc::send},
    {"publish", vc::send},
    {"tweet", vc::send},
    {"forward", vc::send},
    {"remind", vc::send},
    {"announce", vc::send},
    {"broadcast", vc::send},
    {"dm", vc::send},
    {"tell", vc::send},
    {"inform", vc::send},
    {"reply", vc::send},
    {"respond", vc::send},
    {"escalate", vc::send},
    {"deliver", vc::send},
    {"distribute", vc::send},
    {"call", vc::send, noun},
    {"let", vc::send},
    {"ask", vc::send},
    {"request", vc::send, noun},
    // create / update / store / remove
    {"create", vc::create},
    {"open", vc::create},
    {"add", vc::create},
    {"book", vc::create},
    {"schedule", vc::create, noun},
    {"register", vc::create},
    {"provision", vc::create},
    {"file", vc::create, noun},
    {"raise", vc::create},
    {"invite", vc::create},
    {"setup", vc::create},
    {"issue", vc::create, noun},
    {"update", vc::update, noun},
    {"change", vc::update, noun},
    {"set", vc::update, noun},
    {"mark", vc::update},
    {"assign", vc::update},
    {"move", vc::update},
    {"sync", vc::update},
    {"close", vc::update},
    {"resolve", vc::update},
    {"enrich", vc::update},
    {"edit", vc::update},
    {"modify", vc::update},
    {"upsert", vc::update},
    {"flag", vc::update},
    {"save", vc::store},
    {"store", vc::store, noun},
    {"log", vc::store, noun},
    {"record", vc::store, noun},
    {"upload", vc::store},
    {"append", vc::store},
    {"insert", vc::store},
    {"archive", vc::store},
    {"backup", vc::store, noun},
    {"back", vc::store},
    {"export", vc::store, noun},
    {"attach", vc::store},
    {"put", vc::store},
    {"copy", vc::store, noun},
    {"persist", vc::store},
    {"delete", vc::remove},
    {"remove", vc::remove},
    {"purge", vc::remove},
    {"cancel", vc::remove},
    {"unsubscribe", vc::remove},
    // flow control
    {"approve", vc::approval},
    {"review", vc::approval, noun},
    {"authorize", vc::approval},
    {"signoff", vc::approval, noun},
    {"wait", vc::delay},
    {"pause", vc::delay},
    {"sleep", vc::delay},
    {"delay", vc::delay, noun},
    {"stop", vc::end},
    {"end", vc::end, noun},
    {"finish", vc::end},
    {"halt", vc::end},
    {"fail", vc::fail},
    {"abort", vc::fail},
    {"filter", vc::condition},
    {"validate", vc::condition},
    {"verify", vc::condition},
    {"ensure", vc::condition},
    {"confirm", vc::condition},
};

std::unordered_set<std::string> stems_of(std::initializer_list<std::string_view> words) {
  std::unordered_set<std::string> out;
  for (const auto w : words) out.insert(stem(w));
  return out;
}

}  // namespace

const verb_info* find_verb(std::string_view stem_text) {
  static const std::unordered_map<std::string, const verb_info*> by_stem = [] {
    std::unordered_map<std::string, const verb_info*> out;
    for (const auto& v : verbs) out.emplace(stem(v.base), &v);
    return out;
  }();
  const auto it = by_stem.find(std::string(stem_text));
  return it == by_stem.end() ? nullptr : it->second;
}

bool is_integration(verb_class c) {
  return c == vc::fetch || c == vc::send || c == vc::create || c == vc::update || c == vc::store ||
         c == vc::remove;
}

bool is_content_noun(std::string_view stem_text) {
  static const auto words = stems_of(
      {"summary",     "report",         "draft",    "reply",      "response", "email",
       "message",     "post",           "article",  "blog",       "caption",  "description",
       "digest",      "newsletter",     "outline",  "proposal",   "brief",    "briefing",
       "insight",     "analysis",       "recap",    "overview",   "plan",     "agenda",
       "answer",      "copy",           "content",  "story",      "headline", "title",
       "translation", "presentation",   "slide",    "script",     "letter",   "announcement",
       "highlight",   "recommendation", "forecast", "prediction", "note",     "memo",
       "changelog",   "tweet",          "summary",  "pitch",      "quote",    "essay"});
  return words.contains(std::string(stem_text));
}

bool is_message_noun(std::string_view stem_text) {
  static const auto words =
      stems_of({"message", "notification", "alert", "email", "text", "ping", "digest", "summary",
                "report", "update", "reminder", "sms", "dm", "notice", "briefing", "recap"});
  return words.contains(std::string(stem_text));
}

bool is_recipient_noun(std::string_view stem_text) {
  static const auto words =
      stems_of({"team",      "channel",  "customer", "client",      "user",       "manager",
                "owner",     "rep",      "everyone", "me",          "us",         "stakeholder",
                "admin",     "oncall",   "engineer", "engineering", "support",    "sales",
                "marketing", "finance",  "ops",      "lead",        "leadership", "executive",
                "boss",      "employee", "hire",     "applicant",   "candidate",  "subscriber",
                "member",    "assignee", "author",   "requester",   "sender",     "buyer",
                "partner",   "vendor",   "agent",    "developer",   "department", "hr",
                "ceo",       "cto",      "cfo",      "founder",     "board",      "people",
                "staff"});
  return words.contains(std::string(stem_text));
}

}  // namespace runlog::nlparse::nl
