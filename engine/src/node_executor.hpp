#pragma once
// The seam between the processor and whatever performs non-pure nodes (connectors, agents,
// timers, approvals). The processor calls execute() after the step_started event is durable;
// the executor may finish on any thread, later, and reports the attempt's result through
// `report`, which appends a run.report_step command to the log (the engine decides it like any
// other command, so a late or duplicate report is rejected as stale).

#include <functional>
#include <memory>
#include <string>

#include "runlog/engine/decide.hpp"
#include "runlog/workflow/definition.hpp"

namespace runlog::engine {

// The engine runs definitions of the workflow language: its vocabulary reads unqualified.
using namespace runlog::workflow;

// One attempt of one node, with what an executor needs to know about the node.
struct node_task {
  execute_node effect;
  node_type type = node_type::integration;
  std::string action;
};

// Appends the result of an attempt. Thread-safe; blocks until the report is durable.
using report_fn = std::function<void(schemas::report_step)>;

class node_executor {
 public:
  virtual ~node_executor() = default;
  // Starts `task`; must not block the caller for long (run slow work on own threads). Must call
  // `report` at most once per task, and not after the executor is destroyed.
  virtual void execute(const node_task& task, report_fn report) = 0;
};

// The executor used until connectors are configured: every node it receives fails with the
// code and reason of check_node_support (runlog/workflow/node_support.hpp): integration and
// agent nodes with CONNECTOR_NOT_CONFIGURED, delay nodes with NODE_TYPE_NOT_SUPPORTED.
[[nodiscard]] std::unique_ptr<node_executor> make_unconfigured_executor();

}  // namespace runlog::engine
