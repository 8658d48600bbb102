#pragma once
// Run-level appliers, shared by evolve() (the partition state) and the planner (which evolves
// a copy of one run while deciding).

#include <memory>
#include <string>
#include <string_view>

#include "runlog/engine/state.hpp"
#include "runlog/schemas/records.hpp"

namespace runlog::engine {

// A workflow name as it is compared for uniqueness: exact, without surrounding whitespace.
[[nodiscard]] std::string trim_name(std::string_view name);

// The state of a run right after `run.started`, with its already parsed definition.
[[nodiscard]] run_state start_run(const schemas::run_started& e, std::string tenant,
                                  std::shared_ptr<const definition> def);

// Applies one event to one run. Events of other runs must not be passed; events that do not
// change a started run (workflow.created, command.rejected, run.started) are ignored.
void evolve_run(run_state& run, const schemas::event& e);

}  // namespace runlog::engine
