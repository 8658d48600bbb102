#pragma once
// Text normalization for the natural-language parser: tokens, stems, singulars, stop words.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace runlog::nlparse::nl {

enum class token_kind { word, number, time, punct, newline };

struct token {
  token_kind kind = token_kind::word;
  std::string text;       ///< lower case; words keep inner `.`, `_`, `/`, `@`, `#`
  std::string stem;       ///< stem(text) for words, else text
  std::size_t begin = 0;  ///< byte offsets into the original instruction
  std::size_t end = 0;
  double number = 0;          ///< number tokens: the value ("10,000" -> 10000, "$10k" -> 10000)
  bool ordinal = false;       ///< number tokens written "1st", "15th"
  int minutes = -1;           ///< time tokens: minutes after midnight ("5:30pm" -> 1050)
  bool has_meridiem = false;  ///< time tokens written with am/pm
  bool capitalized = false;   ///< the original word starts with an upper-case ASCII letter
};

/// Splits `text` into tokens. Hyphenated words become word, "-", word, except a few joined
/// forms ("e-mail" -> "email", "sign-off" -> "signoff", "follow-up" -> "followup").
std::vector<token> tokenize(std::string_view text);

/// A light suffix-stripping stemmer: "summarizes", "summarized", "summarizing" and "summarize"
/// share one stem. Irregular verbs map to their base ("sent" -> "send").
std::string stem(std::string_view word);

/// "responses" -> "response", "replies" -> "reply", "boxes" -> "box"; for readable names.
std::string singular(std::string_view word);

/// Function words that carry no meaning for matching ("the", "to", "and", ...).
bool is_stopword(std::string_view word);

/// Determiners, pronouns and vague adjectives skipped in front of an object ("the latest").
bool is_filler(std::string_view word);

/// "one".."twenty", "thirty", "forty", "fifty", "sixty", "ninety" -> value.
std::optional<int> number_word(std::string_view word);

/// The synonym class of a stem for similarity ("digest" and "recap" -> "summary").
std::string_view canonical(std::string_view stem);

/// True when every byte of `s` is an ASCII digit (and s is not empty).
bool all_digits(std::string_view s);

/// Upper-cases the first ASCII letter.
std::string capitalize(std::string_view s);

}  // namespace runlog::nlparse::nl
