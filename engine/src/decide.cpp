#include "runlog/engine/decide.hpp"

#include "deciders.hpp"
#include "overloaded.hpp"

namespace runlog::engine {

decision decide(const partition_state& state, const schemas::command& command,
                const record_context& ctx) {
  return std::visit(
      overloaded{
          [&](const schemas::create_workflow& c) { return decide_create_workflow(state, c, ctx); },
          [&](const schemas::execute_run& c) { return decide_execute_run(state, c, ctx); },
          [&](const schemas::terminate_run& c) { return decide_terminate_run(state, c, ctx); },
          [&](const schemas::report_step& c) { return decide_report_step(state, c, ctx); },
          [&](const schemas::update_workflow& c) { return decide_update_workflow(state, c, ctx); },
          [&](const schemas::delete_workflow& c) { return decide_delete_workflow(state, c, ctx); },
          [&](const schemas::create_schedule& c) { return decide_create_schedule(state, c, ctx); },
          [&](const schemas::update_schedule& c) { return decide_update_schedule(state, c, ctx); },
          [&](const schemas::delete_schedule& c) { return decide_delete_schedule(state, c, ctx); },
      },
      command);
}

decision reject(const schemas::command& c, std::string code, std::string message,
                std::string subject_id) {
  decision d;
  d.events.push_back(schemas::command_rejected{std::string(schemas::type_name(c)), std::move(code),
                                               std::move(message), std::move(subject_id)});
  return d;
}

const run_state* find_run(const partition_state& state, const std::string& run_id,
                          std::string_view tenant) {
  const auto it = state.runs.find(run_id);
  if (it == state.runs.end() || it->second.tenant != tenant) return nullptr;
  return &it->second;
}

}  // namespace runlog::engine
