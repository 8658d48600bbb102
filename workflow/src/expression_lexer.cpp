#include "expression_lexer.hpp"

#include <charconv>
#include <cstdint>
#include <system_error>

namespace runlog::workflow::expr {
namespace {

using lex_result = tl::expected<std::vector<token>, failure>;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_ident_char(char c) { return is_ident_start(c) || is_digit(c); }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

tl::unexpected<failure> syntax_error(std::string message, std::size_t pos) {
  return tl::unexpected<failure>(failure{true, std::move(message), pos});
}

class lexer {
 public:
  explicit lexer(std::string_view text) : text_(text) {}

  lex_result run() {
    std::vector<token> tokens;
    while (true) {
      while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
      if (pos_ == text_.size()) break;
      auto next = one();
      if (!next) return tl::unexpected(std::move(next.error()));
      tokens.push_back(std::move(*next));
    }
    tokens.push_back(token{token_kind::end, text_.substr(pos_), pos_, json()});
    return tokens;
  }

 private:
  tl::expected<token, failure> one() {
    const char c = text_[pos_];
    if (is_digit(c)) return number_token();
    if (c == '\'' || c == '"') return string_token(c);
    if (is_ident_start(c)) {
      const std::size_t start = pos_;
      while (pos_ < text_.size() && is_ident_char(text_[pos_])) ++pos_;
      return token{token_kind::identifier, text_.substr(start, pos_ - start), start, json()};
    }
    return symbol_token();
  }

  tl::expected<token, failure> symbol_token() {
    static constexpr std::string_view two[] = {"==", "!=", "<=", ">=", "&&", "||"};
    const std::string_view rest = text_.substr(pos_);
    for (const auto op : two) {
      if (rest.starts_with(op)) return take(2);
    }
    static constexpr std::string_view one_char = ".[](),+-*/%<>!";
    if (one_char.find(rest[0]) != std::string_view::npos) return take(1);
    if (rest[0] == '=') return syntax_error("unexpected '=' (use '==' to compare)", pos_);
    if (rest[0] == '&' || rest[0] == '|') {
      return syntax_error(
          std::string("unexpected '") + rest[0] + "' (use '" + rest[0] + rest[0] + "')", pos_);
    }
    const auto byte = static_cast<unsigned char>(rest[0]);
    if (byte < 0x20 || byte >= 0x7F) return syntax_error("unexpected character", pos_);
    return syntax_error(std::string("unexpected character '") + rest[0] + "'", pos_);
  }

  token take(std::size_t n) {
    token t{token_kind::symbol, text_.substr(pos_, n), pos_, json()};
    pos_ += n;
    return t;
  }

  tl::expected<token, failure> number_token() {
    const std::size_t start = pos_;
    bool integral = true;
    while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    if (pos_ + 1 < text_.size() && text_[pos_] == '.' && is_digit(text_[pos_ + 1])) {
      integral = false;
      ++pos_;
      while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      integral = false;
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (pos_ == text_.size() || !is_digit(text_[pos_])) {
        return syntax_error("malformed number", start);
      }
      while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    }
    if (pos_ < text_.size() && is_ident_char(text_[pos_])) {
      return syntax_error("malformed number", start);
    }
    const std::string_view digits = text_.substr(start, pos_ - start);
    token t{token_kind::number, digits, start, json()};
    if (integral) {
      std::int64_t value = 0;
      const auto r = std::from_chars(digits.data(), digits.data() + digits.size(), value);
      if (r.ec == std::errc()) {
        t.literal = value;
        return t;
      }
    }
    double value = 0;
    const auto r = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (r.ec != std::errc()) return syntax_error("number out of range", start);
    t.literal = value;
    return t;
  }

  tl::expected<token, failure> string_token(char quote) {
    const std::size_t start = pos_++;
    std::string value;
    while (pos_ < text_.size() && text_[pos_] != quote) {
      char c = text_[pos_];
      if (c == '\\') {
        if (pos_ + 1 == text_.size()) break;
        const auto escaped = unescape(text_[pos_ + 1]);
        if (!escaped) return syntax_error("invalid escape sequence in string", pos_);
        c = *escaped;
        ++pos_;
      }
      value += c;
      ++pos_;
    }
    if (pos_ == text_.size()) return syntax_error("unterminated string literal", start);
    ++pos_;
    return token{token_kind::string, text_.substr(start, pos_ - start), start, json(value)};
  }

  static std::optional<char> unescape(char c) {
    switch (c) {
      case '\\':
        return '\\';
      case '\'':
        return '\'';
      case '"':
        return '"';
      case '/':
        return '/';
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      default:
        return std::nullopt;
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

tl::expected<std::vector<token>, failure> tokenize(std::string_view expression) {
  if (expression.size() > max_expression_length) {
    return syntax_error(
        "expression longer than " + std::to_string(max_expression_length) + " bytes", 0);
  }
  return lexer(expression).run();
}

std::size_t find_template_close(std::string_view text, std::size_t from) {
  std::size_t i = from;
  while (i + 1 < text.size()) {
    const char c = text[i];
    if (c == '}' && text[i + 1] == '}') return i;
    if (c == '\'' || c == '"') {
      std::size_t j = i + 1;
      while (j < text.size() && text[j] != c) j += text[j] == '\\' ? 2 : 1;
      // An unterminated quote: fall back to the first `}}` so the parser reports the string.
      if (j >= text.size()) return text.find("}}", i);
      i = j + 1;
      continue;
    }
    ++i;
  }
  return std::string_view::npos;
}

}  // namespace runlog::workflow::expr
