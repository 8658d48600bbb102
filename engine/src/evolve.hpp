#pragma once
// Run-level appliers, shared by evolve() (the partition state) and the planner (which evolves
// a copy of one run while deciding).

#include <memory>
#include <string>
#include <string_view>

#include "runlog/engine/decide.hpp"
#include "runlog/engine/state.hpp"
#include "runlog/schemas/records.hpp"

namespace runlog::engine {

// A workflow name as it is compared for uniqueness: exact, without surrounding whitespace.
[[nodiscard]] std::string trim_name(std::string_view name);

// The state of a run right after `run.started`, with its already parsed definition.
[[nodiscard]] run_state start_run(const schemas::run_started& e, std::string tenant,
                                  std::shared_ptr<const definition> def);

// Workflow appliers (evolve_workflow.cpp): names, status, definition version and tombstones
// of the tenant's workflows. Events for workflows the state does not know are ignored.
void apply_workflow_created(partition_state& state, const schemas::workflow_created& e,
                            const record_context& ctx);
void apply_workflow_updated(partition_state& state, const schemas::workflow_updated& e,
                            const record_context& ctx);
void apply_workflow_deleted(partition_state& state, const schemas::workflow_deleted& e,
                            const record_context& ctx);

// std::hash of the definition's compact JSON: what workflow_info::definition_hash holds.
[[nodiscard]] std::size_t definition_hash(const nlohmann::json& definition);

// Schedule appliers (evolve_schedule.cpp): the schedules of the tenant's workflows. Events
// about a schedule the state does not hold (or holds for another workflow) are ignored.
void apply_schedule_created(partition_state& state, const schemas::schedule_created& e,
                            const record_context& ctx);
void apply_schedule_updated(partition_state& state, const schemas::schedule_updated& e,
                            const record_context& ctx);
void apply_schedule_deleted(partition_state& state, const schemas::schedule_deleted& e,
                            const record_context& ctx);
// A deleted workflow takes its schedules with it.
void forget_workflow_schedules(partition_state& state, const schemas::workflow_deleted& e,
                               const record_context& ctx);

// Applies one event to one run. Events of other runs must not be passed; events that do not
// change a started run (workflow.created, command.rejected, run.started) are ignored.
void evolve_run(run_state& run, const schemas::event& e);

}  // namespace runlog::engine
