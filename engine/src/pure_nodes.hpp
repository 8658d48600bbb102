#pragma once
// Evaluation of the pure node types (transform, condition, end, fail) against a template scope.

#include <nlohmann/json.hpp>

#include "runlog/workflow/definition.hpp"

namespace runlog::engine {

// The engine runs definitions of the workflow language: its vocabulary reads unqualified.
using namespace runlog::workflow;

// The output of a pure node, to be recorded in `run.step_completed`. For a fail node the
// output is {"code", "message"} of the run failure it causes. Errors: expression_syntax,
// expression_eval (the message says what went wrong, without the node id).
[[nodiscard]] result<nlohmann::json> evaluate_pure(const node& n, const nlohmann::json& scope);

// True for the node types decide() evaluates itself.
bool is_pure(node_type t);

// The outputs of a run finished by an end node whose output is `output`.
nlohmann::json end_outputs(const nlohmann::json& output);

}  // namespace runlog::engine
