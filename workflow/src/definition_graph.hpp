#pragma once
// The DAG of a definition: edge resolution, topological order, cycle reporting.

#include "runlog/workflow/definition.hpp"

namespace runlog::workflow {

// Fills def.order and def.downstream from the nodes' input_from. Errors (invalid_definition):
// an edge to a missing node or to the node itself, a repeated edge, `when` without an upstream
// condition, a cycle ("cycle: a -> b -> a", starting at its earliest-defined node).
[[nodiscard]] result<void> build_graph(definition& def);

}  // namespace runlog::workflow
