#include "node_executor.hpp"

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
    if (task.type == node_type::integration || task.type == node_type::agent) {
      r.code = "CONNECTOR_NOT_CONFIGURED";
      r.message = "no connector configured for action '" + task.action + "'";
    } else {
      // Approvals never reach an executor (they pause the run); delay needs durable timers.
      r.code = "NODE_TYPE_NOT_SUPPORTED";
      r.message = "delay nodes arrive with durable timers";
    }
    report(std::move(r));
  }
};

}  // namespace

std::unique_ptr<node_executor> make_unconfigured_executor() {
  return std::make_unique<unconfigured_executor>();
}

}  // namespace runlog::engine
