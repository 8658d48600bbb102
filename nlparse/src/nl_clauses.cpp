// Clause splitting: hard breaks (sentence ends, line breaks, arrows), soft breaks (commas and
// "and"/"then" in front of a new action), then breaks inside a clause that also reorder:
// "notify sales if the score is above 80" -> "if the score is above 80" | "notify sales".
#include <algorithm>

#include "nl_rules.hpp"

namespace runlog::nlparse::nl {
namespace {

bool is_hard_break(const std::vector<token>& t, std::size_t i) {
  const token& tok = t[i];
  if (tok.kind == token_kind::newline) return true;
  if (tok.kind == token_kind::word) return tok.text == "\xE2\x86\x92";  // an arrow
  if (tok.kind != token_kind::punct) return false;
  const char c = tok.text.front();
  if (c == '.' || c == ';' || c == '!' || c == '?' || c == ':') return true;
  return (c == '-' || c == '=') && i + 1 < t.size() && t[i + 1].text == ">";
}

bool is_dropped_punct(const token& tok) {
  if (tok.kind != token_kind::punct) return false;
  const char c = tok.text.front();
  return c == '(' || c == ')' || c == '[' || c == ']' || c == '"' || c == '\'' || c == '*' ||
         c == '`' || c == '{' || c == '}';
}

std::vector<words> hard_segments(const std::vector<token>& tokens,
                                 const std::vector<bool>& consumed) {
  std::vector<words> out(1);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (consumed[i]) continue;
    if (is_hard_break(tokens, i)) {
      if (tokens[i].text != "\xE2\x86\x92" && tokens[i].kind == token_kind::punct &&
          i + 1 < tokens.size() && tokens[i + 1].text == ">") {
        ++i;
      }
      if (!out.back().empty()) out.emplace_back();
      continue;
    }
    if (!is_dropped_punct(tokens[i])) out.back().push_back(&tokens[i]);
  }
  if (out.back().empty()) out.pop_back();
  return out;
}

bool is_soft_break(const token& t) {
  static constexpr std::string_view soft[] = {",",      "and",        "then",      "&",
                                              "also",   "plus",       "next",      "finally",
                                              "lastly", "afterwards", "afterward", "but"};
  for (const auto s : soft) {
    if (t.text == s) return true;
  }
  return false;
}

bool is_branch_word(const token& t) {
  return t.text == "otherwise" || t.text == "else" || t.text == "when" || t.text == "whenever" ||
         t.text == "once";
}

// "frobnicate the widgets": an unknown word then a determiner reads as an unknown verb.
bool unknown_verb_phrase(const words& w, std::size_t j) {
  static constexpr std::string_view determiners[] = {
      "the",  "a",     "an",    "all",  "my",    "our",  "it",   "them",
      "this", "these", "those", "each", "every", "some", "your", "their"};
  if (j + 1 >= w.size() || w[j]->kind != token_kind::word || is_filler(w[j]->text) ||
      is_stopword(w[j]->text)) {
    return false;
  }
  return std::find(std::begin(determiners), std::end(determiners),
                   std::string_view(w[j + 1]->text)) != std::end(determiners);
}

// A new clause starts at `j`: an action, a condition, a delay or a branch.
bool starts_clause(const words& w, std::size_t j) {
  if (j >= w.size()) return false;
  bool negated = false;
  std::int64_t ms = 0;
  return verb_at(w, j) != nullptr || condition_keyword(w, j, negated) > 0 ||
         delay_phrase(w, j, ms) > 0 || is_branch_word(*w[j]) ||
         (w[j]->text == "have" && j + 1 < w.size() && is_filler(w[j + 1]->text)) ||
         (w[j]->text == "if" && j + 1 < w.size() && w[j + 1]->text == "not");
}

bool meaningful(const words& w) {
  for (const token* t : w) {
    if (t->kind == token_kind::word && !is_stopword(t->text)) return true;
    if (t->kind == token_kind::number || t->kind == token_kind::time) return true;
  }
  return false;
}

std::vector<words> soft_split(const words& seg) {
  std::vector<words> parts(1);
  for (std::size_t k = 0; k < seg.size(); ++k) {
    const token& t = *seg[k];
    if (is_soft_break(t) && meaningful(parts.back())) {
      const std::size_t j = k + lead_in(seg, k);
      if (t.text == "then" || starts_clause(seg, j) ||
          (t.text == "," && unknown_verb_phrase(seg, j))) {
        parts.emplace_back();
        continue;
      }
    }
    if (t.text == ",") continue;
    parts.back().push_back(seg[k]);
  }
  return parts;
}

words slice(const words& w, std::size_t from, std::size_t to) {
  return words(w.begin() + static_cast<std::ptrdiff_t>(from),
               w.begin() + static_cast<std::ptrdiff_t>(std::min(to, w.size())));
}

bool asks_question(const words& w, std::size_t k) {
  // "check if ...", "see whether ...": the condition belongs to the verb before it.
  if (k == 0) return false;
  const auto& prev = w[k - 1]->text;
  return prev == "check" || prev == "see" || prev == "verify" || prev == "determine" ||
         prev == "ask" || prev == "whether";
}

// Index where a condition clause's trailing action starts ("if X is above 80 notify sales").
std::size_t trailing_action(const words& w, std::size_t keyword_end) {
  const std::size_t c = comparator_at(w, keyword_end);
  for (std::size_t v = c + 2; v < w.size(); ++v) {
    const verb_info* verb = verb_at(w, v);
    if (verb == nullptr) continue;
    const auto cls = verb->cls;
    if (cls == verb_class::fail || cls == verb_class::end || cls == verb_class::condition ||
        cls == verb_class::approval || cls == verb_class::delay) {
      continue;
    }
    return v;
  }
  return w.size();
}

// Where the action after an event clause starts: "once approved send it" -> "send".
std::size_t after_trigger(const words& w) {
  bool negated = false;
  const bool trigger =
      !w.empty() && (is_branch_word(*w[0]) || w[0]->text == "after" || w[0]->text == "upon") &&
      w[0]->text != "otherwise" && w[0]->text != "else" && condition_keyword(w, 0, negated) == 0;
  if (!trigger) return w.size();
  for (std::size_t v = 2; v < w.size(); ++v) {
    const verb_info* verb = verb_at(w, v);
    if (verb == nullptr || is_event_word(*w[v])) continue;
    const auto& prev = w[v - 1]->text;  // passive: "a deal is closed"
    if (prev == "is" || prev == "are" || prev == "was" || prev == "were" || prev == "been" ||
        prev == "be" || prev == "gets" || prev == "get") {
      continue;
    }
    const auto cls = verb->cls;
    if (cls == verb_class::end || cls == verb_class::fail || cls == verb_class::approval ||
        cls == verb_class::delay || cls == verb_class::condition) {
      continue;
    }
    return v;
  }
  return w.size();
}

void mid_split(words part, std::vector<clause>& out, int depth) {
  part.erase(part.begin(), part.begin() + static_cast<std::ptrdiff_t>(lead_in(part, 0)));
  if (!meaningful(part)) return;
  if (depth > 8) {
    out.push_back({std::move(part)});
    return;
  }
  for (std::size_t k = 1; k < part.size(); ++k) {
    bool negated = false;
    std::int64_t ms = 0;
    if (condition_keyword(part, k, negated) > 0 && !asks_question(part, k)) {
      mid_split(slice(part, k, part.size()), out, depth + 1);
      mid_split(slice(part, 0, k), out, depth + 1);
      return;
    }
    if (const std::size_t n = delay_phrase(part, k, ms); n > 0) {
      out.push_back({slice(part, k, k + n)});
      words rest = slice(part, 0, k);
      const words tail = slice(part, k + n, part.size());
      rest.insert(rest.end(), tail.begin(), tail.end());
      mid_split(std::move(rest), out, depth + 1);
      return;
    }
    const verb_info* purpose = part[k]->text == "to" ? verb_at(part, k + 1) : nullptr;
    if (purpose != nullptr && !purpose->noun_like && purpose->cls != verb_class::approval &&
        k >= 2) {
      mid_split(slice(part, 0, k), out, depth + 1);
      mid_split(slice(part, k + 1, part.size()), out, depth + 1);
      return;
    }
  }
  if (const std::size_t v = after_trigger(part); v < part.size()) {
    out.push_back({slice(part, 0, v)});
    mid_split(slice(part, v, part.size()), out, depth + 1);
    return;
  }
  bool negated = false;
  if (const std::size_t n = condition_keyword(part, 0, negated); n > 0) {
    const std::size_t v = trailing_action(part, n);
    if (v < part.size()) {
      out.push_back({slice(part, 0, v)});
      mid_split(slice(part, v, part.size()), out, depth + 1);
      return;
    }
  }
  out.push_back({std::move(part)});
}

}  // namespace

std::vector<clause> split_clauses(const std::vector<token>& tokens,
                                  const std::vector<bool>& consumed) {
  std::vector<clause> out;
  for (const auto& seg : hard_segments(tokens, consumed)) {
    for (auto& part : soft_split(seg)) mid_split(std::move(part), out, 0);
  }
  return out;
}

std::string clause_text(const clause& c, std::string_view original) {
  std::string out;
  for (const token* t : c.w) {
    if (t->kind == token_kind::punct && t->text == ",") continue;
    const bool glue = t->kind == token_kind::punct && (t->text == "%" || t->text == "'");
    if (!out.empty() && !glue) out += ' ';
    out += original.substr(t->begin, t->end - t->begin);
  }
  return out;
}

}  // namespace runlog::nlparse::nl
