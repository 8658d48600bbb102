#include "expression_eval.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

namespace runlog::workflow::expr {
namespace {

tl::unexpected<failure> eval_error(std::string message, std::size_t pos) {
  return tl::unexpected<failure>(failure{false, std::move(message), pos});
}

std::string operands(const json& a, std::string_view op, const json& b) {
  return "invalid operands: " + std::string(type_name(a)) + " " + std::string(op) + " " +
         std::string(type_name(b));
}

std::string arity_message(const ast_node& call, const function_spec& fn) {
  return "function '" + call.name + "' takes " + std::to_string(fn.arity) + " argument" +
         (fn.arity == 1 ? "" : "s") + ", got " + std::to_string(call.args.size());
}

eval_result integer_arithmetic(binary_op op, std::int64_t a, std::int64_t b, std::size_t pos) {
  std::int64_t r = 0;
  bool overflow = false;
  switch (op) {
    case binary_op::add:
      overflow = __builtin_add_overflow(a, b, &r);
      break;
    case binary_op::sub:
      overflow = __builtin_sub_overflow(a, b, &r);
      break;
    case binary_op::mul:
      overflow = __builtin_mul_overflow(a, b, &r);
      break;
    case binary_op::div:
      if (b == 0) return eval_error("division by zero", pos);
      if (a == std::numeric_limits<std::int64_t>::min() && b == -1) {
        overflow = true;
        break;
      }
      // Exact quotients stay integers; otherwise the result is the true (double) quotient.
      if (a % b != 0) return value::own(json(static_cast<double>(a) / static_cast<double>(b)));
      r = a / b;
      break;
    case binary_op::mod:
      if (b == 0) return eval_error("division by zero", pos);
      r = b == -1 ? 0 : a % b;
      break;
    default:
      break;
  }
  if (overflow) return eval_error("integer overflow in '" + std::string(spelling(op)) + "'", pos);
  return value::own(json(r));
}

eval_result float_arithmetic(binary_op op, double a, double b, std::size_t pos) {
  double r = 0;
  switch (op) {
    case binary_op::add:
      r = a + b;
      break;
    case binary_op::sub:
      r = a - b;
      break;
    case binary_op::mul:
      r = a * b;
      break;
    case binary_op::div:
      if (b == 0.0) return eval_error("division by zero", pos);
      r = a / b;
      break;
    case binary_op::mod:
      if (b == 0.0) return eval_error("division by zero", pos);
      r = std::fmod(a, b);
      break;
    default:
      break;
  }
  if (!std::isfinite(r)) {
    return eval_error("number overflow in '" + std::string(spelling(op)) + "'", pos);
  }
  return value::own(json(r));
}

class evaluator {
 public:
  evaluator(const ast& tree, const json& scope) : nodes_(tree.nodes), scope_(scope) {}

  eval_result eval(std::int32_t id) {
    const ast_node& n = nodes_[static_cast<std::size_t>(id)];
    switch (n.kind) {
      case node_kind::literal:
        return value::ref(n.value);
      case node_kind::root: {
        if (!scope_.is_object()) return value::ref(null_value());
        const auto it = scope_.find(n.name);
        return value::ref(it == scope_.end() ? null_value() : *it);
      }
      case node_kind::member:
        return member(n);
      case node_kind::index:
        return index(n);
      case node_kind::negate:
        return negate(n);
      case node_kind::logical_not: {
        auto operand = eval(n.a);
        if (!operand) return operand;
        return value::own(json(!truthy(operand->get())));
      }
      case node_kind::logical_and:
      case node_kind::logical_or:
        return logical(n);
      case node_kind::binary: {
        auto left = eval(n.a);
        if (!left) return left;
        auto right = eval(n.b);
        if (!right) return right;
        return apply_binary(n.op, left->get(), right->get(), n.pos);
      }
      case node_kind::call:
        return call(n);
    }
    return eval_error("unknown expression node", n.pos);
  }

 private:
  // A child of `parent`: a reference when the parent is in the scope, moved out otherwise.
  static value child_of(value&& parent, const json* child) {
    if (child == nullptr) return value::ref(null_value());
    if (!parent.owned()) return value::ref(*child);
    return value::own(*child);
  }

  eval_result member(const ast_node& n) {
    auto object = eval(n.a);
    if (!object) return object;
    const json& j = object->get();
    const json* child = nullptr;
    if (j.is_object()) {
      const auto it = j.find(n.name);
      if (it != j.end()) child = &*it;
    }
    return child_of(std::move(*object), child);
  }

  eval_result index(const ast_node& n) {
    auto object = eval(n.a);
    if (!object) return object;
    auto key = eval(n.b);
    if (!key) return key;
    const json& j = object->get();
    const json& k = key->get();
    const json* child = nullptr;
    if (j.is_array() && k.is_number()) {
      const auto num = to_number(k);
      const double d = num->as_double();
      if (num->is_int || (std::trunc(d) == d && std::fabs(d) < 9.0e15)) {
        auto i = num->is_int ? num->i : static_cast<std::int64_t>(d);
        const auto size = static_cast<std::int64_t>(j.size());
        if (i < 0) i += size;
        if (i >= 0 && i < size) child = &j[static_cast<std::size_t>(i)];
      }
    } else if (j.is_object() && k.is_string()) {
      const auto it = j.find(k.get_ref<const std::string&>());
      if (it != j.end()) child = &*it;
    }
    return child_of(std::move(*object), child);
  }

  eval_result negate(const ast_node& n) {
    auto operand = eval(n.a);
    if (!operand) return operand;
    const auto num = to_number(operand->get());
    if (!num) {
      return eval_error("invalid operand: -" + std::string(type_name(operand->get())), n.pos);
    }
    if (!num->is_int) return value::own(json(-num->d));
    if (num->i == std::numeric_limits<std::int64_t>::min()) {
      return eval_error("integer overflow in '-'", n.pos);
    }
    return value::own(json(-num->i));
  }

  eval_result logical(const ast_node& n) {
    auto left = eval(n.a);
    if (!left) return left;
    const bool l = truthy(left->get());
    if (n.kind == node_kind::logical_and ? !l : l) return value::own(json(l));
    auto right = eval(n.b);
    if (!right) return right;
    return value::own(json(truthy(right->get())));
  }

  eval_result call(const ast_node& n) {
    const function_spec* fn = find_function(n.name);
    if (fn == nullptr) return eval_error("unknown function '" + n.name + "'", n.pos);
    if (n.args.size() != fn->arity) return eval_error(arity_message(n, *fn), n.pos);
    if (fn->call == nullptr) {  // default(value, fallback): the fallback only when needed
      auto first = eval(n.args[0]);
      if (!first || !first->get().is_null()) return first;
      return eval(n.args[1]);
    }
    value args[2];
    for (std::size_t i = 0; i < n.args.size(); ++i) {
      auto arg = eval(n.args[i]);
      if (!arg) return arg;
      args[i] = std::move(*arg);
    }
    auto out = fn->call(args, n.pos);
    if (!out) return tl::unexpected(std::move(out.error()));
    return value::own(std::move(*out));
  }

  const std::vector<ast_node>& nodes_;
  const json& scope_;
};

}  // namespace

eval_result apply_binary(binary_op op, const json& a, const json& b, std::size_t pos) {
  switch (op) {
    case binary_op::eq:
      return value::own(json(deep_equal(a, b)));
    case binary_op::ne:
      return value::own(json(!deep_equal(a, b)));
    case binary_op::lt:
    case binary_op::le:
    case binary_op::gt:
    case binary_op::ge: {
      const auto c = order(a, b);
      if (!c) return eval_error(operands(a, spelling(op), b), pos);
      const bool r = op == binary_op::lt   ? *c < 0
                     : op == binary_op::le ? *c <= 0
                     : op == binary_op::gt ? *c > 0
                                           : *c >= 0;
      return value::own(json(r));
    }
    default:
      break;
  }
  if (op == binary_op::add && (a.is_string() || b.is_string())) {
    std::string text;
    append_text(text, a);
    append_text(text, b);
    return value::own(json(std::move(text)));
  }
  const auto x = to_number(a);
  const auto y = to_number(b);
  if (!x || !y) return eval_error(operands(a, spelling(op), b), pos);
  if (x->is_int && y->is_int) return integer_arithmetic(op, x->i, y->i, pos);
  return float_arithmetic(op, x->as_double(), y->as_double(), pos);
}

tl::expected<json, failure> evaluate_ast(const ast& tree, const json& scope) {
  auto out = evaluator(tree, scope).eval(tree.root);
  if (!out) return tl::unexpected(std::move(out.error()));
  return std::move(*out).take();
}

std::optional<failure> check_calls(const ast& tree) {
  for (const ast_node& n : tree.nodes) {
    if (n.kind != node_kind::call) continue;
    const function_spec* fn = find_function(n.name);
    if (fn == nullptr) return failure{true, "unknown function '" + n.name + "'", n.pos};
    if (n.args.size() != fn->arity) return failure{true, arity_message(n, *fn), n.pos};
  }
  return std::nullopt;
}

}  // namespace runlog::workflow::expr
