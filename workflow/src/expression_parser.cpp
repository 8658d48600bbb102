#include "expression_parser.hpp"

#include <algorithm>
#include <utility>

#include "expression_lexer.hpp"

namespace runlog::workflow::expr {
namespace {

using node_result = tl::expected<std::int32_t, failure>;

bool is_keyword(std::string_view word) {
  return word == "true" || word == "false" || word == "null" || word == "and" || word == "or" ||
         word == "not";
}

class parser {
 public:
  explicit parser(std::vector<token> tokens) : tokens_(std::move(tokens)) {}

  tl::expected<ast, failure> run() {
    auto root = parse_or();
    if (!root) return tl::unexpected(std::move(root.error()));
    if (peek().kind != token_kind::end) return unexpected_token();
    out_.root = *root;
    return std::move(out_);
  }

 private:
  const token& peek() const { return tokens_[next_]; }
  const token& advance() { return tokens_[next_++]; }

  bool at_symbol(std::string_view s) const {
    return peek().kind == token_kind::symbol && peek().text == s;
  }
  bool at_word(std::string_view w) const {
    return peek().kind == token_kind::identifier && peek().text == w;
  }

  tl::unexpected<failure> error(std::string message, std::size_t pos) const {
    return tl::unexpected<failure>(failure{true, std::move(message), pos});
  }

  tl::unexpected<failure> unexpected_token() const {
    const token& t = peek();
    if (t.kind == token_kind::end) return error("unexpected end of expression", t.pos);
    return error("unexpected '" + clip(t.text, 40) + "'", t.pos);
  }

  node_result add(ast_node n) {
    int d = 1;
    for (const std::int32_t child : {n.a, n.b}) {
      if (child >= 0) d = std::max(d, depth_[static_cast<std::size_t>(child)] + 1);
    }
    for (const std::int32_t child : n.args)
      d = std::max(d, depth_[static_cast<std::size_t>(child)] + 1);
    if (d > max_tree_depth) {
      return error("expression too deeply nested (limit " + std::to_string(max_tree_depth) + ")",
                   n.pos);
    }
    out_.nodes.push_back(std::move(n));
    depth_.push_back(d);
    return static_cast<std::int32_t>(out_.nodes.size() - 1);
  }

  node_result binary(node_kind kind, binary_op op, std::size_t pos, std::int32_t a,
                     std::int32_t b) {
    ast_node n;
    n.kind = kind;
    n.op = op;
    n.pos = pos;
    n.a = a;
    n.b = b;
    return add(std::move(n));
  }

  // One precedence level: `next` operands separated by the operators in `ops`.
  template <typename Next, typename Match>
  node_result level(Next next, Match match) {
    auto left = (this->*next)();
    while (left) {
      const auto found = match();
      if (!found) break;
      const std::size_t pos = advance().pos;
      auto right = (this->*next)();
      if (!right) return right;
      left = binary(found->first, found->second, pos, *left, *right);
    }
    return left;
  }

  using op_match = std::optional<std::pair<node_kind, binary_op>>;

  node_result parse_or() {
    return level(&parser::parse_and, [this]() -> op_match {
      if (at_symbol("||") || at_word("or")) return std::pair{node_kind::logical_or, binary_op::add};
      return std::nullopt;
    });
  }

  node_result parse_and() {
    return level(&parser::parse_eq, [this]() -> op_match {
      if (at_symbol("&&") || at_word("and")) {
        return std::pair{node_kind::logical_and, binary_op::add};
      }
      return std::nullopt;
    });
  }

  node_result parse_eq() {
    return level(&parser::parse_rel, [this]() -> op_match {
      if (at_symbol("==")) return std::pair{node_kind::binary, binary_op::eq};
      if (at_symbol("!=")) return std::pair{node_kind::binary, binary_op::ne};
      return std::nullopt;
    });
  }

  node_result parse_rel() {
    return level(&parser::parse_add, [this]() -> op_match {
      if (at_symbol("<")) return std::pair{node_kind::binary, binary_op::lt};
      if (at_symbol("<=")) return std::pair{node_kind::binary, binary_op::le};
      if (at_symbol(">")) return std::pair{node_kind::binary, binary_op::gt};
      if (at_symbol(">=")) return std::pair{node_kind::binary, binary_op::ge};
      return std::nullopt;
    });
  }

  node_result parse_add() {
    return level(&parser::parse_mul, [this]() -> op_match {
      if (at_symbol("+")) return std::pair{node_kind::binary, binary_op::add};
      if (at_symbol("-")) return std::pair{node_kind::binary, binary_op::sub};
      return std::nullopt;
    });
  }

  node_result parse_mul() {
    return level(&parser::parse_unary, [this]() -> op_match {
      if (at_symbol("*")) return std::pair{node_kind::binary, binary_op::mul};
      if (at_symbol("/")) return std::pair{node_kind::binary, binary_op::div};
      if (at_symbol("%")) return std::pair{node_kind::binary, binary_op::mod};
      return std::nullopt;
    });
  }

  // Every recursive cycle of the grammar passes through here, so this bounds the nesting.
  node_result parse_unary() {
    if (nesting_ >= max_nesting) {
      return error("expression too deeply nested (limit " + std::to_string(max_nesting) + ")",
                   peek().pos);
    }
    ++nesting_;
    auto result = parse_unary_inner();
    --nesting_;
    return result;
  }

  node_result parse_unary_inner() {
    const bool is_not = at_symbol("!") || at_word("not");
    if (is_not || at_symbol("-")) {
      const std::size_t pos = advance().pos;
      auto operand = parse_unary();
      if (!operand) return operand;
      return binary(is_not ? node_kind::logical_not : node_kind::negate, binary_op::add, pos,
                    *operand, -1);
    }
    auto node = parse_primary();
    while (node) {
      if (at_symbol(".")) {
        node = parse_member(*node);
      } else if (at_symbol("[")) {
        node = parse_index(*node);
      } else {
        break;
      }
    }
    return node;
  }

  node_result parse_member(std::int32_t object) {
    const std::size_t pos = advance().pos;
    if (peek().kind != token_kind::identifier)
      return error("expected a name after '.'", peek().pos);
    ast_node n;
    n.kind = node_kind::member;
    n.pos = pos;
    n.a = object;
    n.name = std::string(advance().text);
    return add(std::move(n));
  }

  node_result parse_index(std::int32_t object) {
    const std::size_t pos = advance().pos;
    auto key = parse_or();
    if (!key) return key;
    if (!at_symbol("]"))
      return peek().kind == token_kind::end ? unexpected_token()
                                            : error("expected ']'", peek().pos);
    advance();
    return binary(node_kind::index, binary_op::add, pos, object, *key);
  }

  node_result parse_primary() {
    const token& t = peek();
    if (t.kind == token_kind::number || t.kind == token_kind::string)
      return literal(advance().literal);
    if (at_symbol("(")) {
      advance();
      auto inner = parse_or();
      if (!inner) return inner;
      if (!at_symbol(")"))
        return peek().kind == token_kind::end ? unexpected_token()
                                              : error("expected ')'", peek().pos);
      advance();
      return inner;
    }
    if (t.kind != token_kind::identifier) return unexpected_token();
    if (t.text == "true" || t.text == "false") return literal(json(advance().text == "true"));
    if (t.text == "null") {
      advance();
      return literal(json());
    }
    if (is_keyword(t.text)) return unexpected_token();
    const token& name = advance();
    if (at_symbol("(")) return parse_call(name);
    ast_node n;
    n.kind = node_kind::root;
    n.pos = name.pos;
    n.name = std::string(name.text);
    return add(std::move(n));
  }

  node_result parse_call(const token& name) {
    advance();
    ast_node n;
    n.kind = node_kind::call;
    n.pos = name.pos;
    n.name = std::string(name.text);
    if (!at_symbol(")")) {
      while (true) {
        auto arg = parse_or();
        if (!arg) return arg;
        n.args.push_back(*arg);
        if (at_symbol(",")) {
          advance();
          continue;
        }
        if (at_symbol(")")) break;
        return peek().kind == token_kind::end ? unexpected_token()
                                              : error("expected ',' or ')'", peek().pos);
      }
    }
    advance();
    return add(std::move(n));
  }

  node_result literal(json value) {
    ast_node n;
    n.kind = node_kind::literal;
    n.pos = tokens_[next_ - 1].pos;
    n.value = std::move(value);
    return add(std::move(n));
  }

  std::vector<token> tokens_;
  std::size_t next_ = 0;
  int nesting_ = 0;
  ast out_;
  std::vector<int> depth_;
};

}  // namespace

tl::expected<ast, failure> parse(std::string_view expression) {
  auto tokens = tokenize(expression);
  if (!tokens) return tl::unexpected(std::move(tokens.error()));
  return parser(std::move(*tokens)).run();
}

std::string_view spelling(binary_op op) {
  switch (op) {
    case binary_op::add:
      return "+";
    case binary_op::sub:
      return "-";
    case binary_op::mul:
      return "*";
    case binary_op::div:
      return "/";
    case binary_op::mod:
      return "%";
    case binary_op::eq:
      return "==";
    case binary_op::ne:
      return "!=";
    case binary_op::lt:
      return "<";
    case binary_op::le:
      return "<=";
    case binary_op::gt:
      return ">";
    case binary_op::ge:
      return ">=";
  }
  return "?";
}

}  // namespace runlog::workflow::expr
