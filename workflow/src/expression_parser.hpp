#pragma once
/// Parser of the expression language: tokens -> a small AST stored in one vector.
///
/// Grammar (lowest precedence first; binary operators are left-associative):
///   or      := and (('||' | 'or') and)*
///   and     := eq (('&&' | 'and') eq)*
///   eq      := rel (('==' | '!=') rel)*
///   rel     := add (('<' | '<=' | '>' | '>=') add)*
///   add     := mul (('+' | '-') mul)*
///   mul     := unary (('*' | '/' | '%') unary)*
///   unary   := ('!' | 'not' | '-') unary | postfix
///   postfix := primary ('.' name | '[' or ']')*
///   primary := number | string | true | false | null | name | name '(' args ')' | '(' or ')'

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "expression_value.hpp"

namespace runlog::workflow::expr {

/// Deepest nesting of parentheses, unary operators, calls and brackets.
inline constexpr int max_nesting = 64;
/// Deepest AST (long operator chains), which bounds the evaluator's recursion.
inline constexpr int max_tree_depth = 256;

enum class node_kind {
  literal,  ///< `value`
  root,     ///< a top-level name looked up in the scope (`name`)
  member,   ///< `a` . `name`
  index,    ///< `a` [ `b` ]
  negate,   ///< - `a`
  logical_not,
  logical_and,
  logical_or,
  binary,  ///< `a` `op` `b` for arithmetic and comparison
  call,    ///< `name`(`args`)
};

enum class binary_op { add, sub, mul, div, mod, eq, ne, lt, le, gt, ge };

struct ast_node {
  node_kind kind = node_kind::literal;
  binary_op op = binary_op::add;
  std::size_t pos = 0;  ///< byte offset of the operator / name / literal in the expression
  std::int32_t a = -1;
  std::int32_t b = -1;
  std::string name;
  json value;
  std::vector<std::int32_t> args;
};

/// A parsed expression; `nodes[root]` is the top node.
struct ast {
  std::vector<ast_node> nodes;
  std::int32_t root = -1;
};

/// Tokenizes and parses `expression`. Errors are syntax failures with a byte offset.
tl::expected<ast, failure> parse(std::string_view expression);

/// The source spelling of a binary operator ("+", "==", ...).
std::string_view spelling(binary_op op);

}  // namespace runlog::workflow::expr
