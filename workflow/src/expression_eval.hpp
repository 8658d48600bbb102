#pragma once
/// Evaluation of a parsed expression against a scope, and the built-in functions.

#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

#include <tl/expected.hpp>

#include "expression_parser.hpp"
#include "expression_value.hpp"

namespace runlog::workflow::expr {

/// An intermediate result: either a reference into the scope (paths are resolved without
/// copying) or a value computed by the expression.
class value {
 public:
  static value ref(const json& j) {
    value v;
    v.ref_ = &j;
    return v;
  }
  static value own(json j) {
    value v;
    v.owned_ = std::move(j);
    return v;
  }
  const json& get() const { return ref_ != nullptr ? *ref_ : owned_; }
  json take() && { return ref_ != nullptr ? *ref_ : std::move(owned_); }
  bool owned() const { return ref_ == nullptr; }

 private:
  const json* ref_ = nullptr;
  json owned_;
};

using eval_result = tl::expected<value, failure>;

/// A built-in function: `arity` arguments, all evaluated (default() is handled lazily by the
/// evaluator and has no `call`).
struct function_spec {
  std::string_view name;
  std::size_t arity = 0;
  tl::expected<json, failure> (*call)(const value* args, std::size_t pos) = nullptr;
};

/// The built-in named `name`, or nullptr.
const function_spec* find_function(std::string_view name);

/// Evaluates `tree` against `scope`. Errors are eval failures with the offending offset.
tl::expected<json, failure> evaluate_ast(const ast& tree, const json& scope);

/// The first call in `tree` naming an unknown function or with the wrong arity, if any.
std::optional<failure> check_calls(const ast& tree);

/// Applies an arithmetic or comparison operator (exposed for tests of edge cases).
eval_result apply_binary(binary_op op, const json& a, const json& b, std::size_t pos);

}  // namespace runlog::workflow::expr
