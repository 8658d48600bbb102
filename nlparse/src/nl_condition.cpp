// Condition clauses -> a condition node's {field, operator, value}: "if the score is above 80"
// -> {"$.score", "greater_than", 80}; "unless the ticket is urgent" -> not_equals "urgent".
#include <algorithm>

#include "nl_rules.hpp"

namespace runlog::nlparse::nl {
namespace {

using nlohmann::json;

struct op_word {
  std::string_view word;
  std::string_view op;
  std::string_view then;  ///< a word that may follow and is skipped ("than", "to", "with")
};

constexpr op_word op_words[] = {
    {"greater", "greater_than", "than"},
    {"more", "greater_than", "than"},
    {"higher", "greater_than", "than"},
    {"larger", "greater_than", "than"},
    {"bigger", "greater_than", "than"},
    {"above", "greater_than", ""},
    {"over", "greater_than", ""},
    {"exceeds", "greater_than", ""},
    {"exceed", "greater_than", ""},
    {"less", "less_than", "than"},
    {"lower", "less_than", "than"},
    {"fewer", "less_than", "than"},
    {"smaller", "less_than", "than"},
    {"below", "less_than", ""},
    {"under", "less_than", ""},
    {">", "greater_than", ""},
    {"<", "less_than", ""},
    {"=", "equals", ""},
    {"equals", "equals", ""},
    {"equal", "equals", "to"},
    {"contains", "contains", ""},
    {"contain", "contains", ""},
    {"includes", "contains", ""},
    {"include", "contains", ""},
    {"mentions", "contains", ""},
    {"mention", "contains", ""},
    {"has", "contains", ""},
    {"have", "contains", ""},
    {"starts", "starts_with", "with"},
    {"ends", "ends_with", "with"},
    {"matches", "matches", ""},
    {"empty", "is_empty", ""},
    {"missing", "not_exists", ""},
    {"exists", "exists", ""},
};

std::string_view invert(std::string_view op) {
  static constexpr std::pair<std::string_view, std::string_view> pairs[] = {
      {"greater_than", "less_than_or_equal"},
      {"less_than", "greater_than_or_equal"},
      {"equals", "not_equals"},
      {"contains", "not_contains"},
      {"is_empty", "is_not_empty"},
      {"exists", "not_exists"}};
  for (const auto& [a, b] : pairs) {
    if (op == a) return b;
    if (op == b) return a;
  }
  return op;
}

bool is_money(const words& w, std::size_t i) {
  if (i >= w.size()) return false;
  if (w[i]->text.front() == '$') return true;
  return i + 1 < w.size() && (w[i + 1]->text == "dollars" || w[i + 1]->text == "usd" ||
                              w[i + 1]->text == "eur" || w[i + 1]->text == "euros");
}

std::string identifier(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (ok)
      out += c;
    else if (!out.empty() && out.back() != '_')
      out += '_';
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

// The value after an operator: a number, true/false, or the remaining words as a string.
json value_at(const words& w, std::size_t k, std::string& trailing_noun) {
  if (k >= w.size()) return nullptr;
  const token& t = *w[k];
  if (t.kind == token_kind::number) {
    if (k + 1 < w.size() && w[k + 1]->kind == token_kind::word && !is_stopword(w[k + 1]->text)) {
      trailing_noun = w[k + 1]->text;
    }
    return t.number == static_cast<double>(static_cast<long long>(t.number))
               ? json(static_cast<long long>(t.number))
               : json(t.number);
  }
  if (t.text == "true" || t.text == "yes") return true;
  if (t.text == "false" || t.text == "no") return false;
  std::string text;
  for (std::size_t i = k; i < w.size(); ++i) {
    if (w[i]->kind == token_kind::punct || (is_filler(w[i]->text) && text.empty())) continue;
    if (!text.empty()) text += ' ';
    text += w[i]->text;
  }
  return text.empty() ? json(nullptr) : json(text);
}

// Subject words before the comparison, without fillers and negations.
std::vector<std::string> subject_of(const words& w, std::size_t from, std::size_t to,
                                    bool& negated) {
  std::vector<std::string> out;
  for (std::size_t i = from; i < to; ++i) {
    const auto& t = w[i]->text;
    if (t == "doesnt" || t == "dont" || t == "didnt" || t == "not") {
      negated = !negated;
      continue;
    }
    if (w[i]->kind != token_kind::word || is_filler(t) || is_stopword(t) || t == "there" ||
        t == "for" || t == "does" || t == "do") {
      continue;
    }
    out.push_back(singular(t));
  }
  return out;
}

condition_reading finish(std::string field, std::string_view op, json value, bool parsed) {
  condition_reading r;
  r.field = identifier(field).empty() ? "value" : identifier(field);
  r.config = {{"field", "$." + r.field}, {"operator", op}};
  if (!value.is_null()) r.config["value"] = std::move(value);
  r.parsed = parsed;
  return r;
}

// No comparison word: "only for enterprise customers", "if urgent".
condition_reading without_comparator(const std::vector<std::string>& subject, bool negated) {
  if (subject.empty()) return finish("value", negated ? "not_exists" : "exists", nullptr, false);
  if (subject.size() == 1) {
    return finish(subject.front(), negated ? "not_equals" : "equals", true, false);
  }
  std::string value;
  for (std::size_t i = 0; i + 1 < subject.size(); ++i) {
    value += (value.empty() ? "" : " ") + subject[i];
  }
  return finish(subject.back() + "_type", negated ? "not_equals" : "equals", value, false);
}

// The operator at `k` ("above", "at least", "more than", "> =") and the index after it;
// "equals" when no operator word is there ("is negative").
std::string_view read_operator(const words& w, std::size_t& k) {
  if (k + 1 < w.size() && w[k]->text == "at" &&
      (w[k + 1]->text == "least" || w[k + 1]->text == "most")) {
    const bool least = w[k + 1]->text == "least";
    k += 2;
    return least ? "greater_than_or_equal" : "less_than_or_equal";
  }
  std::string_view op = "equals";
  for (const auto& o : op_words) {
    if (k >= w.size() || w[k]->text != o.word) continue;
    op = o.op;
    ++k;
    if (!o.then.empty() && k < w.size() && w[k]->text == o.then) ++k;
    break;
  }
  if (k < w.size() && w[k]->text == "=" && (op == "greater_than" || op == "less_than")) {
    ++k;
    return op == "greater_than" ? "greater_than_or_equal" : "less_than_or_equal";
  }
  return op;
}

condition_reading compare(const words& w, std::size_t c, const std::vector<std::string>& subject,
                          bool negated) {
  if (c >= w.size()) return without_comparator(subject, negated);
  std::size_t k = c;
  const auto& first = w[k]->text;
  if (first == "fails" || first == "failed" || first == "succeeds" || first == "succeeded") {
    const bool failed = first[0] == 'f';
    return finish("status", negated ? "not_equals" : "equals", failed ? "failed" : "succeeded",
                  true);
  }
  if (first == "isnt" || first == "arent" || first == "hasnt") negated = !negated;
  // "has fewer than 10 units": the comparison is the word after "has", the field the noun.
  const bool counts_items =
      (first == "has" || first == "have") && k + 1 < w.size() &&
      std::any_of(std::begin(op_words), std::end(op_words),
                  [&](const op_word& o) { return o.word == w[k + 1]->text && o.op != "contains"; });
  if (counts_items) ++k;
  if (first == "is" || first == "are" || first == "was" || first == "were" || first == "isnt" ||
      first == "arent") {
    ++k;
  }
  if (k < w.size() && w[k]->text == "not") {
    negated = !negated;
    ++k;
  }
  while (k < w.size() &&
         (w[k]->text == "rises" || w[k]->text == "goes" || w[k]->text == "drops" ||
          w[k]->text == "falls" || w[k]->text == "reaches" || w[k]->text == "hits")) {
    ++k;
  }
  std::string_view op = read_operator(w, k);
  if (op == "equals" && k < w.size() && (w[k]->text == "null" || w[k]->text == "missing")) {
    op = "not_exists";
  }
  std::string trailing;
  json value = (op == "is_empty" || op == "exists" || op == "not_exists")
                   ? json(nullptr)
                   : value_at(w, k, trailing);
  if (negated) op = invert(op);
  std::string field = subject.empty() ? "" : subject.back();
  if (is_money(w, k) &&
      (field.empty() || (field != "amount" && field != "total" && field != "price" &&
                         field != "cost" && field != "value"))) {
    field = "amount";
  } else if (counts_items && !trailing.empty()) {
    field = trailing;
  } else if (field.empty() && !trailing.empty()) {
    field = singular(trailing) + "_count";
  }
  const bool parsed = !value.is_null() || op == "is_empty" || op == "is_not_empty" ||
                      op == "exists" || op == "not_exists";
  return finish(field, op, std::move(value), parsed);
}

}  // namespace

condition_reading read_condition(const words& w, std::size_t from, bool negated) {
  const std::size_t c = comparator_at(w, from);
  const auto subject = subject_of(w, from, c, negated);
  auto r = compare(w, c, subject, negated);
  if (!subject.empty()) r.subject = subject.front();
  for (std::size_t i = from; i < c && i < w.size(); ++i) {
    const auto& t = w[i]->text;
    r.pronoun = r.pronoun || t == "it" || t == "they" || t == "this" || t == "that";
  }
  r.pronoun = r.pronoun && subject.empty();
  return r;
}

}  // namespace runlog::nlparse::nl
