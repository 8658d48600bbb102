#pragma once
/// decide/evolve: the pure heart of the engine (STYLE.md, "The engine").
///
/// decide(state, command, ctx) -> decision: what the command causes, as events (a rejection
/// is a `command_rejected` event, never an exception) plus effects to run after the events
/// are durable. evolve(state, event, ctx) applies one event. Neither does I/O, reads a clock
/// or draws randomness; live processing and recovery use the same evolve.
///
/// Pure node types (transform, condition, end, fail) are evaluated inside decide: their
/// outputs go into `run.step_completed` events, so a replay never evaluates them again.
/// Nodes that need I/O (integration, agent, ...) become `execute_node` effects whose result
/// comes back as a later command.

#include <string>
#include <variant>
#include <vector>

#include "runlog/engine/state.hpp"
#include "runlog/schemas/records.hpp"

namespace runlog::engine {

/// What decide() may read besides state and command: fields of the command's envelope.
struct record_context {
  std::string tenant;
  std::string actor;
  std::int64_t ts = 0;  ///< the command record's timestamp: the only clock
};

/// Run a non-pure node attempt (after the events are durable). Idempotency key:
/// run_id + ":" + node_id + ":" + attempt.
struct execute_node {
  std::string run_id;
  std::string node_id;
  int attempt = 1;
  nlohmann::json rendered_config;
};

/// Append a `run.terminate` command for a run (after the events are durable): the cascade of
/// a workflow deletion to its active runs. The command is keyed by the run id and caused by the
/// event that asked for it; deciding it is idempotent (a run terminal by then is rejected).
struct append_terminate {
  std::string run_id;
  std::string reason;
};

using effect = std::variant<execute_node, append_terminate>;

struct decision {
  std::vector<schemas::event> events;
  std::vector<effect> effects;
};

/// Decides one command against the state. Pure; never mutates `state`.
[[nodiscard]] decision decide(const partition_state& state, const schemas::command& command,
                              const record_context& ctx);

/// Applies one event to the state. Pure (no I/O, no clock). Unknown runs are ignored.
void evolve(partition_state& state, const schemas::event& event, const record_context& ctx);

}  // namespace runlog::engine
