#pragma once
/// Tokenizer of the expression language (the text inside `{{ }}`).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "expression_value.hpp"

namespace runlog::workflow::expr {

/// Longest expression accepted, in bytes.
inline constexpr std::size_t max_expression_length = 4096;

enum class token_kind {
  number,      ///< `literal` holds the value
  string,      ///< `literal` holds the decoded string
  identifier,  ///< includes the keywords true/false/null/and/or/not
  symbol,      ///< one of . [ ] ( ) , + - * / % == != < <= > >= && || !
  end,
};

struct token {
  token_kind kind = token_kind::end;
  std::string_view text;  ///< the source text of the token (a view into the expression)
  std::size_t pos = 0;    ///< byte offset in the expression
  json literal;
};

/// Splits `expression` into tokens ending with one `end` token.
/// Errors (syntax): bad characters, unterminated strings, bad escapes, malformed numbers,
/// an expression longer than max_expression_length.
tl::expected<std::vector<token>, failure> tokenize(std::string_view expression);

/// Offset of the `}}` closing a template expression that starts at `from`, skipping quoted
/// strings; npos when there is none.
std::size_t find_template_close(std::string_view text, std::size_t from);

}  // namespace runlog::workflow::expr
