// Object phrases of a clause ("the latest sales data" -> "sales data"), their text, and the
// identifiers derived from them.
#include <algorithm>

#include "nl_rules.hpp"

namespace runlog::nlparse::nl {
namespace {

bool ends_object(const token& t) {
  static constexpr std::string_view stops[] = {
      "to",         "for",      "in",    "on",      "into",  "from",   "via",    "with",   "by",
      "at",         "about",    "using", "through", "of",    "as",     "if",     "when",   "then",
      "so",         "that",     "which", "who",     "where", "before", "after",  "within", "once",
      "whenever",   "unless",   "until", "than",    "-",     "whose",  "while",  "older",  "newer",
      "containing", "matching", "named", "called",  "such",  "like",   "except", "without"};
  if (t.kind == token_kind::punct) return t.text != "&";
  return std::find(std::begin(stops), std::end(stops), std::string_view(t.text)) != std::end(stops);
}

std::string text_of_words(const words& chunk) {
  std::string out;
  for (const token* t : chunk) out += (out.empty() ? "" : " ") + t->text;
  return out;
}

}  // namespace

bool text_in(const words& w, std::size_t i, std::initializer_list<std::string_view> options) {
  if (i >= w.size()) return false;
  return std::find(options.begin(), options.end(), std::string_view(w[i]->text)) != options.end();
}

object_phrase read_object(const words& w, std::size_t from) {
  object_phrase out;
  std::size_t k = from;
  while (text_in(w, k, {"up", "out", "off", "back", "down"})) ++k;
  for (; k < w.size() && out.chunk.size() < 4; ++k) {
    const token& t = *w[k];
    if (ends_object(t)) break;
    // "send them a tips email": a pronoun followed by an object is who receives it.
    if (out.chunk.empty() && text_in(w, k, {"them", "him", "her"}) && k + 1 < w.size() &&
        is_filler(w[k + 1]->text) && !text_in(w, k + 1, {"it", "them", "me", "us"})) {
      out.to_pronoun = t.text;
      continue;
    }
    if (out.chunk.empty() && text_in(w, k,
                                     {"it", "them", "these", "those", "everything", "results",
                                      "result", "output", "this"})) {
      out.pronoun = true;
      continue;
    }
    if (out.chunk.empty() && text_in(w, k, {"me", "us"})) {
      out.to_pronoun = t.text;
      continue;
    }
    if (t.kind != token_kind::word || text_in(w, k, {"and", "or", "&"})) continue;
    // "the customer a survey": a second determiner starts the real object after a recipient.
    if (!out.chunk.empty() && out.to_pronoun.empty() && text_in(w, k, {"a", "an"}) &&
        is_recipient_noun(out.chunk.back()->stem)) {
      out.to_pronoun = text_of_words(out.chunk);
      out.chunk.clear();
      continue;
    }
    if (is_filler(t.text)) continue;
    // A participle ends the object: "issues labeled bug", "tickets created today".
    if (!out.chunk.empty() && t.text.size() > 4 && t.text.ends_with("ed") &&
        out.chunk.back()->text != out.chunk.back()->stem && out.chunk.back()->text.back() == 's') {
      break;
    }
    out.chunk.push_back(&t);
  }
  // "the list of overdue tasks": a container word gives way to what it contains.
  static constexpr std::string_view containers[] = {"list",  "number",     "set",   "batch",
                                                    "group", "collection", "bunch", "count"};
  if (out.chunk.size() == 1 && k < w.size() && w[k]->text == "of" &&
      std::find(std::begin(containers), std::end(containers), out.chunk.front()->text) !=
          std::end(containers)) {
    auto inner = read_object(w, k + 1);
    if (!inner.chunk.empty()) out.chunk = std::move(inner.chunk);
  }
  return out;
}

// Index of the first word after the verb at `v` that ends its object.
std::size_t obj_end(const words& w, std::size_t v) {
  std::size_t k = v + 1;
  while (k < w.size() && !ends_object(*w[k])) ++k;
  return k;
}

std::string text_of(const words& chunk, std::string_view original) {
  std::string out;
  for (const token* t : chunk) {
    if (!out.empty()) out += ' ';
    out += original.substr(t->begin, t->end - t->begin);
  }
  return out;
}

std::string identifier(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const char l = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if ((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9')) {
      out += l;
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

bool is_url(const token& t) {
  return t.text.rfind("http://", 0) == 0 || t.text.rfind("https://", 0) == 0;
}

}  // namespace runlog::nlparse::nl
