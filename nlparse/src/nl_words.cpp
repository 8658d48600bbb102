// Word-level readings shared by the clause splitter and the step generator: which word acts
// as a verb, connectives, durations, delay phrases, condition keywords and comparisons.
#include <algorithm>
#include <array>

#include "nl_rules.hpp"

namespace runlog::nlparse::nl {
namespace {

bool text_is(const words& w, std::size_t i, std::initializer_list<std::string_view> options) {
  if (i >= w.size()) return false;
  for (const auto o : options) {
    if (w[i]->text == o) return true;
  }
  return false;
}

// Words after which a noun-like verb still reads as a verb ("and email it", "then post").
bool verb_may_follow(const token& t) {
  static constexpr std::array<std::string_view, 24> before{
      "and",     "then", "please", "to",     "should",    "must",  "will",  "also", "automatically",
      ",",       "i",    "we",     "you",    "can",       "could", "would", "&",    "immediately",
      "finally", "next", "just",   "always", "otherwise", "else"};
  for (const auto x : before) {
    if (x == t.text) return true;
  }
  return false;
}

std::int64_t unit_ms(std::string_view stem_text) {
  static constexpr std::array<std::pair<std::string_view, std::int64_t>, 13> units{
      {{"second", 1000},
       {"sec", 1000},
       {"minut", 60'000},
       {"min", 60'000},
       {"mn", 60'000},
       {"hour", 3'600'000},
       {"hr", 3'600'000},
       {"h", 3'600'000},
       {"day", 86'400'000},
       {"night", 86'400'000},
       {"week", 604'800'000},
       {"month", 2'592'000'000},
       {"fortnight", 1'209'600'000}}};
  for (const auto& [name, ms] : units) {
    if (name == stem_text) return ms;
  }
  return 0;
}

}  // namespace

const verb_info* verb_at(const words& w, std::size_t i) {
  if (i >= w.size() || w[i]->kind != token_kind::word) return nullptr;
  const verb_info* v = find_verb(w[i]->stem);
  if (v == nullptr) return nullptr;
  const auto& text = w[i]->text;
  const token* prev = i > 0 ? w[i - 1] : nullptr;
  const token* next = i + 1 < w.size() ? w[i + 1] : nullptr;
  if (text == "let") {
    for (std::size_t k = i + 1; k < w.size(); ++k) {
      if (w[k]->text == "know") return v;
    }
    return nullptr;
  }
  if (text == "back") return next != nullptr && next->text == "up" ? v : nullptr;
  if (v->base == "look" && !(next != nullptr && text_is(w, i + 1, {"up", "for", "at", "into"}))) {
    return nullptr;
  }
  if (prev != nullptr && text_is(w, i - 1,
                                 {"the", "a", "an", "this", "that", "my", "our", "your", "their",
                                  "its", "each", "every", "of"})) {
    return nullptr;
  }
  if (!v->noun_like) return v;
  // A noun-like verb acts as one at the start of a clause or after a connective, unless the
  // next word makes a compound noun ("email addresses", "search results", "list of").
  if (prev != nullptr && !verb_may_follow(*prev)) return nullptr;
  if (next == nullptr || next->kind != token_kind::word) return v;
  if (w[i]->text != w[i]->stem && w[i]->text.back() == 's') return nullptr;  // "reviews"
  static const std::array<std::string, 17> compounds = [] {
    const std::array<std::string_view, 17> base{
        "address", "message", "result",  "template", "campaign",     "thread",
        "process", "report",  "queue",   "list",     "notification", "count",
        "log",     "record",  "summary", "of",       "history"};
    std::array<std::string, 17> out;
    for (std::size_t k = 0; k < base.size(); ++k) out[k] = stem(base[k]);
    return out;
  }();
  for (const auto& c : compounds) {
    if (next->stem == c) return nullptr;
  }
  return v;
}

std::size_t main_verb(const words& w, std::size_t from) {
  for (std::size_t i = from; i < w.size(); ++i) {
    if (verb_at(w, i) != nullptr) return i;
  }
  return w.size();
}

std::size_t lead_in(const words& w, std::size_t i) {
  static constexpr std::array<std::string_view, 44> connectives{"and",
                                                                "then",
                                                                "also",
                                                                "finally",
                                                                "lastly",
                                                                "next",
                                                                "afterwards",
                                                                "afterward",
                                                                "please",
                                                                "first",
                                                                "firstly",
                                                                "secondly",
                                                                "third",
                                                                "thirdly",
                                                                "so",
                                                                "plus",
                                                                "but",
                                                                ",",
                                                                "&",
                                                                "-",
                                                                "just",
                                                                "automatically",
                                                                "immediately",
                                                                "always",
                                                                "simply",
                                                                "kindly",
                                                                "i",
                                                                "we",
                                                                "you",
                                                                "should",
                                                                "must",
                                                                "will",
                                                                "can",
                                                                "could",
                                                                "would",
                                                                "want",
                                                                "need",
                                                                "like",
                                                                "to",
                                                                "id",
                                                                "additionally",
                                                                "ahead",
                                                                "go",
                                                                "lets"};
  std::size_t n = 0;
  while (i + n < w.size()) {
    const auto& t = w[i + n]->text;
    bool skip = false;
    for (const auto c : connectives) skip = skip || c == t;
    if (t == "after" && text_is(w, i + n + 1, {"that", "this"})) {
      n += 2;
      continue;
    }
    if (t == "let" && i + n + 1 < w.size() && find_verb(w[i + n + 1]->stem) != nullptr) skip = true;
    if (w[i + n]->kind == token_kind::number && n == 0 && i + n + 1 < w.size() &&
        find_verb(w[i + n + 1]->stem) != nullptr) {
      skip = true;  // "1 fetch the data" (an enumeration)
    }
    if (!skip) break;
    ++n;
  }
  return n;
}

std::optional<std::int64_t> duration_at(const words& w, std::size_t i, std::size_t& used) {
  if (i >= w.size()) return std::nullopt;
  double count = 0;
  std::size_t k = i;
  const token& t = *w[i];
  if (t.kind == token_kind::number && !t.ordinal && t.text.front() != '$') {
    count = t.number;
    k = i + 1;
  } else if (text_is(w, i, {"a", "an", "one"}) && text_is(w, i + 1, {"few", "couple"})) {
    count = w[i + 1]->text == "few" ? 3 : 2;
    k = text_is(w, i + 2, {"of"}) ? i + 3 : i + 2;
  } else if (text_is(w, i, {"half"}) && text_is(w, i + 1, {"a", "an"})) {
    count = 0.5;
    k = i + 2;
  } else if (text_is(w, i, {"a", "an", "one"})) {
    count = 1;
    k = i + 1;
  } else if (text_is(w, i, {"few", "several"})) {
    count = 3;
    k = i + 1;
  } else if (const auto n = number_word(t.text)) {
    count = *n;
    k = i + 1;
  }
  if (count <= 0 || k >= w.size()) return std::nullopt;
  if (text_is(w, k, {"business", "working"}) && k + 1 < w.size() && w[k + 1]->stem == "day") ++k;
  const auto ms = unit_ms(w[k]->stem);
  if (ms == 0) return std::nullopt;
  used = k + 1 - i;
  return static_cast<std::int64_t>(count * static_cast<double>(ms));
}

std::size_t delay_phrase(const words& w, std::size_t i, std::int64_t& ms) {
  std::size_t used = 0;
  if (text_is(w, i, {"wait", "pause", "sleep", "delay", "hold"})) {
    std::size_t k = i + 1;
    while (text_is(w, k, {"for", "about", "another", "around", "roughly"})) ++k;
    if (const auto d = duration_at(w, k, used)) {
      ms = *d;
      return k + used - i;
    }
    if (text_is(w, k, {"until", "till"}) && text_is(w, k + 1, {"tomorrow"})) {
      ms = 86'400'000;
      return k + 2 - i;
    }
    return 0;
  }
  if (text_is(w, i, {"after", "in", "within"})) {
    if (const auto d = duration_at(w, i + 1, used)) {
      ms = *d;
      const std::size_t end = i + 1 + used;
      return text_is(w, end, {"later"}) ? end + 1 - i : end - i;
    }
    return 0;
  }
  if (const auto d = duration_at(w, i, used); d && text_is(w, i + used, {"later", "afterwards"})) {
    ms = *d;
    return used + 1;
  }
  if (text_is(w, i, {"the"}) && text_is(w, i + 1, {"next", "following"}) &&
      text_is(w, i + 2, {"day"})) {
    ms = 86'400'000;
    return 3;
  }
  return 0;
}

std::size_t comparator_at(const words& w, std::size_t from) {
  static constexpr std::array<std::string_view, 52> comparators{
      "is",        "are",      "was",     "were",     "isnt",    "arent",    "equals",  "equal",
      "exceeds",   "exceed",   "above",   "over",     "below",   "under",    "greater", "more",
      "higher",    "larger",   "bigger",  "less",     "lower",   "fewer",    "smaller", "least",
      "most",      "contains", "contain", "includes", "include", "mentions", "mention", "has",
      "have",      "hasnt",    "starts",  "ends",     "matches", "fails",    "failed",  "succeeds",
      "succeeded", "drops",    "falls",   "rises",    "goes",    "reaches",  "hits",    "exists",
      "missing",   "empty",    ">",       "<"};
  for (std::size_t i = from; i < w.size(); ++i) {
    for (const auto c : comparators) {
      if (w[i]->text == c || (w[i]->text == "=" && c == ">")) return i;
    }
  }
  return w.size();
}

bool is_event_word(const token& t) {
  static const std::array<std::string, 29> events = [] {
    std::array<std::string, 29> out;
    const std::array<std::string_view, 29> base{
        "arrive",   "come",    "signup", "sign",      "submit", "create", "register", "join",
        "receive",  "happen",  "occur",  "merge",     "deploy", "push",   "publish",  "book",
        "purchase", "order",   "pay",    "subscribe", "star",   "upload", "add",      "open",
        "fill",     "approve", "close",  "complete",  "finish"};
    for (std::size_t i = 0; i < base.size(); ++i) out[i] = stem(base[i]);
    return out;
  }();
  return std::find(events.begin(), events.end(), t.stem) != events.end();
}

bool is_event(const words& w, std::size_t from) {
  static constexpr std::array<std::string_view, 9> weak{"is",   "are",  "was", "were", "has",
                                                        "have", "gets", "get", "isnt"};
  const std::size_t c = comparator_at(w, from);
  if (c < w.size()) {
    bool is_weak = false;
    for (const auto x : weak) is_weak = is_weak || w[c]->text == x;
    if (!is_weak) return false;
  }
  for (std::size_t i = from; i < w.size(); ++i) {
    if (w[i]->text == "new" || is_event_word(*w[i])) return true;
  }
  return false;
}

std::size_t condition_keyword(const words& w, std::size_t i, bool& negated) {
  negated = false;
  if (text_is(w, i, {"if"})) return text_is(w, i + 1, {"not", "no"}) ? 0 : 1;
  if (text_is(w, i, {"unless"})) return negated = true, 1;
  if (text_is(w, i, {"only"}) && text_is(w, i + 1, {"if", "when", "for", "where"})) return 2;
  if (text_is(w, i, {"in"}) && text_is(w, i + 1, {"case"})) return 2;
  if (text_is(w, i, {"as"}) && text_is(w, i + 1, {"long"}) && text_is(w, i + 2, {"as"})) return 3;
  if (text_is(w, i, {"provided"})) return text_is(w, i + 1, {"that"}) ? 2 : 1;
  if (text_is(w, i, {"when", "whenever"}) && comparator_at(w, i + 1) < w.size() &&
      !is_event(w, i + 1)) {
    return 1;
  }
  return 0;
}

}  // namespace runlog::nlparse::nl
