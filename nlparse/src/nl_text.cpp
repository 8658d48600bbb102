// Tokens and word normalization for the natural-language parser. The tables are immutable;
// the few built at run time are function-local statics (built once, thread-safe).
#include "nl_text.hpp"

#include <algorithm>
#include <array>
#include <unordered_map>
#include <unordered_set>

namespace runlog::nlparse::nl {
namespace {

bool is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

const std::unordered_map<std::string_view, std::string_view>& irregulars() {
  static const std::unordered_map<std::string_view, std::string_view> table{
      {"sent", "send"},        {"got", "get"},          {"gotten", "get"},
      {"ran", "run"},          {"wrote", "write"},      {"written", "write"},
      {"made", "make"},        {"built", "build"},      {"took", "take"},
      {"taken", "take"},       {"found", "find"},       {"bought", "buy"},
      {"paid", "pay"},         {"came", "come"},        {"gave", "give"},
      {"given", "give"},       {"began", "begin"},      {"begun", "begin"},
      {"read", "read"},        {"led", "lead"},         {"told", "tell"},
      {"kept", "keep"},        {"held", "hold"},        {"set", "set"},
      {"news", "news"},        {"analysis", "analyze"}, {"analyse", "analyze"},
      {"analyses", "analyze"}, {"analysed", "analyze"}, {"analysing", "analyze"},
      {"data", "data"},        {"status", "status"},    {"always", "always"},
      {"this", "this"},        {"series", "series"},    {"process", "process"},
      {"business", "business"}};
  return table;
}

bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

void undouble(std::string& s) {
  const auto n = s.size();
  if (n >= 3 && s[n - 1] == s[n - 2] && !is_vowel(s[n - 1]) && s[n - 1] != 'l' && s[n - 1] != 's' &&
      s[n - 1] != 'z') {
    s.pop_back();
  }
}

// British -ise/-yse spellings fold into -ize/-yze ("summarise" -> "summarize").
void americanize(std::string& s) {
  if (s.size() <= 6) return;
  for (const std::string_view from :
       {"isation", "ising", "ised", "ises", "ise", "ysing", "ysed", "yses", "yse"}) {
    if (ends_with(s, from)) {
      s[s.size() - from.size() + 1] = 'z';
      return;
    }
  }
}

}  // namespace

std::string stem(std::string_view word) {
  std::string s(word);
  if (const auto it = irregulars().find(word); it != irregulars().end()) {
    if (it->second == word) return s;  // already a base form ("news", "data")
    s = it->second;
  }
  if (s.size() <= 3 || !is_alpha(static_cast<unsigned char>(s.back()))) return s;
  americanize(s);
  const auto n = s.size();
  if ((ends_with(s, "ies") || ends_with(s, "ied")) && n > 4) {
    s.replace(n - 3, 3, "y");
  } else if (ends_with(s, "sses")) {
    s.resize(n - 2);
  } else if (ends_with(s, "ing") && n >= 6) {
    s.resize(n - 3);
    undouble(s);
  } else if (ends_with(s, "ed") && n >= 5 && !ends_with(s, "eed")) {
    s.resize(n - 2);
    undouble(s);
  } else if (ends_with(s, "xes") || ends_with(s, "ches") || ends_with(s, "shes") ||
             ends_with(s, "zes")) {
    s.resize(n - 2);
  } else if (s.back() == 's' && !ends_with(s, "ss") && !ends_with(s, "us") && !ends_with(s, "is")) {
    s.pop_back();
  }
  if (s.size() > 4 && s.back() == 'e') s.pop_back();
  return s;
}

std::string singular(std::string_view word) {
  std::string s(word);
  if (s.size() <= 3 || s == "news" || s == "data" || s == "status" || s == "analytics" ||
      s == "sales") {
    return s;
  }
  const auto n = s.size();
  if (ends_with(s, "ies")) {
    s.replace(n - 3, 3, "y");
  } else if (ends_with(s, "sses") || ends_with(s, "xes") || ends_with(s, "ches") ||
             ends_with(s, "shes")) {
    s.resize(n - 2);
  } else if (s.back() == 's' && !ends_with(s, "ss") && !ends_with(s, "us") && !ends_with(s, "is")) {
    s.pop_back();
  }
  return s;
}

bool is_stopword(std::string_view word) {
  static const std::unordered_set<std::string_view> words{
      "a",      "an",    "the",   "to",      "and",
      "or",     "of",    "for",   "in",      "on",
      "at",     "by",    "with",  "from",    "into",
      "it",     "its",   "them",  "their",   "they",
      "this",   "that",  "these", "those",   "me",
      "my",     "i",     "we",    "our",     "us",
      "you",    "your",  "be",    "is",      "are",
      "was",    "were",  "been",  "will",    "would",
      "should", "can",   "could", "please",  "then",
      "also",   "as",    "so",    "all",     "any",
      "some",   "up",    "out",   "about",   "via",
      "per",    "than",  "there", "here",    "if",
      "when",   "do",    "does",  "want",    "need",
      "like",   "let",   "have",  "has",     "him",
      "her",    "his",   "she",   "he",      "automatically",
      "just",   "every", "each",  "after",   "before",
      "once",   "using", "use",   "through", "over",
      "under",  "what",  "which", "who",     "how"};
  return words.contains(word);
}

bool is_filler(std::string_view word) {
  static const std::unordered_set<std::string_view> words{
      "the",          "a",         "an",      "all",        "any",       "each",     "every",
      "some",         "this",      "that",    "these",      "those",     "my",       "our",
      "your",         "their",     "his",     "her",        "its",       "latest",   "last",
      "new",          "recent",    "current", "today",      "yesterday", "relevant", "top",
      "key",          "important", "full",    "complete",   "detailed",  "short",    "quick",
      "simple",       "main",      "fresh",   "open",       "pending",   "me",       "us",
      "him",          "them",      "it",      "everything", "up",        "any",      "several",
      "few",          "many",      "more",    "most",       "incoming",  "existing", "personalized",
      "personalised", "custom",    "nice",    "concise",    "brief",     "quick",    "whole",
      "entire"};
  return words.contains(word);
}

std::optional<int> number_word(std::string_view word) {
  static constexpr std::array<std::pair<std::string_view, int>, 27> words{
      {{"one", 1},      {"two", 2},        {"three", 3},     {"four", 4},      {"five", 5},
       {"six", 6},      {"seven", 7},      {"eight", 8},     {"nine", 9},      {"ten", 10},
       {"eleven", 11},  {"twelve", 12},    {"thirteen", 13}, {"fourteen", 14}, {"fifteen", 15},
       {"sixteen", 16}, {"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19}, {"twenty", 20},
       {"thirty", 30},  {"forty", 40},     {"fifty", 50},    {"sixty", 60},    {"ninety", 90},
       {"couple", 2},   {"hundred", 100}}};
  for (const auto& [name, value] : words) {
    if (name == word) return value;
  }
  return std::nullopt;
}

std::string_view canonical(std::string_view stem_text) {
  static const std::unordered_map<std::string, std::string> table = [] {
    const std::vector<std::pair<std::string_view, std::vector<std::string_view>>> groups{
        {"email", {"email", "mail", "inbox", "gmail", "outlook"}},
        {"notify", {"notify", "notification", "alert", "ping", "message", "announce", "inform"}},
        {"summary",
         {"summarize", "summary", "digest", "recap", "overview", "synopsis", "highlights", "tldr"}},
        {"analyze", {"analyze", "analysis", "insight", "assess", "evaluate"}},
        {"deploy", {"deploy", "deployment", "release", "ship", "rollout", "launch"}},
        {"lead", {"lead", "prospect"}},
        {"qualify", {"qualify", "qualification", "screen", "prescreen", "prescreening", "vet"}},
        {"feedback", {"feedback", "survey", "nps", "comment", "complaint"}},
        {"onboard", {"onboard", "onboarding", "welcome", "signup"}},
        {"briefing", {"briefing", "brief", "agenda", "rundown"}},
        {"invoice", {"invoice", "bill", "billing", "payment"}},
        {"ticket", {"ticket", "support", "helpdesk"}},
        {"sale", {"sale", "sales", "revenue", "deal", "opportunity", "pipeline"}},
        {"fetch", {"fetch", "pull", "get", "retrieve", "query", "collect", "gather", "grab"}},
        {"send", {"send", "deliver", "forward", "dispatch"}},
        {"meeting", {"meeting", "standup", "call"}},
        {"transcript", {"transcript", "recording", "note", "notes"}},
        {"sentiment", {"sentiment", "mood", "tone"}},
        {"backup", {"backup", "snapshot", "dump"}},
        {"monitor", {"monitor", "uptime", "downtime", "outage", "health"}},
        {"blog", {"blog", "article"}},
        {"expense", {"expense", "reimbursement", "receipt", "spend"}},
        {"approve", {"approve", "approval", "signoff", "authorize"}},
        {"churn", {"churn", "attrition", "retention"}},
        {"candidate", {"candidate", "applicant", "resume", "cv"}},
        {"cart", {"cart", "basket", "checkout"}},
        {"customer", {"customer", "client"}},
        {"team", {"team", "staff", "colleague", "everyone"}}};
    std::unordered_map<std::string, std::string> out;
    for (const auto& [target, words] : groups) {
      for (const auto w : words) out.emplace(stem(w), std::string(target));
    }
    return out;
  }();
  const auto it = table.find(std::string(stem_text));
  return it == table.end() ? stem_text : std::string_view(it->second);
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return is_digit(c); });
}

std::string capitalize(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') {
      c = static_cast<char>(c - 'a' + 'A');
      break;
    }
    if (c >= 'A' && c <= 'Z') break;
  }
  return out;
}

}  // namespace runlog::nlparse::nl
