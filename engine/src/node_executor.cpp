#include "node_executor.hpp"

#include <cassert>

#include "runlog/workflow/node_support.hpp"

namespace runlog::engine {
namespace {

class unconfigured_executor final : public node_executor {
 public:
  void execute(const node_task& task, report_fn report) override {
    schemas::report_step r;
    r.run_id = task.effect.run_id;
    r.node_id = task.effect.node_id;
    r.attempt = task.effect.attempt;
    r.ok = false;
    // check_node_support is the one list of what this build runs (POST /parse reads it too).
    // Nodes it calls runnable are run by the engine itself and never reach an executor.
    if (const auto unsupported = check_node_support(task.effect.node_id, task.type, task.action)) {
      r.code = unsupported->code;
      // The engine prefixes a run failure with the node id: report the reason only.
      r.message = unsupported->reason;
    } else {
      assert(false && "an engine-evaluated node reached the node executor");
      r.code = "NODE_TYPE_NOT_SUPPORTED";
      r.message = std::string(to_string(task.type)) + " nodes are not run by an executor";
    }
    report(std::move(r));
  }
};

}  // namespace

std::unique_ptr<node_executor> make_unconfigured_executor() {
  return std::make_unique<unconfigured_executor>();
}

}  // namespace runlog::engine
