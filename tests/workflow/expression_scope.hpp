#pragma once
/// Helpers of the expression and template tests: one realistic scope (inputs, step outputs,
/// run) and evaluate/render calls that report failures as test failures.

#include <string_view>

#include <nlohmann/json.hpp>

#include "runlog/workflow/expression.hpp"

namespace runlog::workflow::support {

/// The scope every expression test evaluates in.
const nlohmann::json& test_scope();
/// evaluate(expression) in test_scope(), expected to succeed ("<error>" otherwise).
nlohmann::json eval_ok(std::string_view expression);
/// evaluate(expression) in test_scope(), expected to fail with `code`.
error eval_err(std::string_view expression, errc code);
/// render(value) in test_scope(), expected to succeed ("<error>" otherwise).
nlohmann::json render_ok(const nlohmann::json& value);

}  // namespace runlog::workflow::support
