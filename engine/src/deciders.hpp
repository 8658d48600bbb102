#pragma once
// One decider per command (dispatched by decide() in decide.cpp).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runlog/engine/decide.hpp"

namespace runlog::engine {

[[nodiscard]] decision decide_create_workflow(const partition_state& state,
                                              const schemas::create_workflow& c,
                                              const record_context& ctx);
[[nodiscard]] decision decide_execute_run(const partition_state& state,
                                          const schemas::execute_run& c, const record_context& ctx);
[[nodiscard]] decision decide_terminate_run(const partition_state& state,
                                            const schemas::terminate_run& c,
                                            const record_context& ctx);
[[nodiscard]] decision decide_report_step(const partition_state& state,
                                          const schemas::report_step& c, const record_context& ctx);
// decide_lifecycle.cpp: PATCH / steps edits and DELETE of a workflow.
[[nodiscard]] decision decide_update_workflow(const partition_state& state,
                                              const schemas::update_workflow& c,
                                              const record_context& ctx);
[[nodiscard]] decision decide_delete_workflow(const partition_state& state,
                                              const schemas::delete_workflow& c,
                                              const record_context& ctx);
// Why a command is refused: an API error code and a message.
struct refusal {
  std::string code;
  std::string message;
};
// Why runs of workflow `workflow_id` may not start: WORKFLOW_NOT_FOUND when it was deleted,
// WORKFLOW_ARCHIVED when it is archived; nullopt when they may, or when the state does not know
// the workflow (its records are another writer's). In decide_lifecycle.cpp.
[[nodiscard]] std::optional<refusal> refuse_runs_of(const partition_state& state,
                                                        std::string_view tenant,
                                                        const std::string& workflow_id);
// The terminations a deleted workflow still owes: every active (running or paused) run whose
// workflow the state knows as deleted, by run id. Recovery re-issues them.
[[nodiscard]] std::vector<append_terminate> owed_terminations(const partition_state& state);

// decide_schedule.cpp: schedules of a workflow.
[[nodiscard]] decision decide_create_schedule(const partition_state& state,
                                              const schemas::create_schedule& c,
                                              const record_context& ctx);
[[nodiscard]] decision decide_update_schedule(const partition_state& state,
                                              const schemas::update_schedule& c,
                                              const record_context& ctx);
[[nodiscard]] decision decide_delete_schedule(const partition_state& state,
                                              const schemas::delete_schedule& c,
                                              const record_context& ctx);

// A decision that only rejects the command.
[[nodiscard]] decision reject(const schemas::command& c, std::string code, std::string message,
                              std::string subject_id);

// The run `run_id` as tenant `tenant` may see it: nullptr when absent or another tenant's.
const run_state* find_run(const partition_state& state, const std::string& run_id,
                          std::string_view tenant);

}  // namespace runlog::engine
