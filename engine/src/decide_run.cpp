#include "deciders.hpp"
#include "evolve.hpp"
#include "planner.hpp"

namespace runlog::engine {
namespace {

constexpr const char* kStale = "STALE_STEP_RESULT";

std::string quoted(const std::string& s) { return "'" + s + "'"; }

// Why a report cannot be applied to the run, "" when it can.
std::string stale_reason(const run_state* run, const schemas::report_step& c) {
  if (!run) return "run " + quoted(c.run_id) + " not found";
  if (is_terminal(run->status)) {
    return "run " + quoted(c.run_id) + " is " + std::string(to_string(run->status));
  }
  const auto index = run->def->index_of(c.node_id);
  if (!index) return "run " + quoted(c.run_id) + " has no node " + quoted(c.node_id);
  if (run->def->nodes[*index].type == node_type::approval) {
    return "node " + quoted(c.node_id) + " is an approval: it waits for a resume, not a report";
  }
  const node_state& n = run->nodes[*index];
  if (n.status != node_status::running) {
    return "node " + quoted(c.node_id) + " is " + std::string(to_string(n.status));
  }
  if (n.attempt != c.attempt) {
    return "attempt " + std::to_string(c.attempt) + " of node " + quoted(c.node_id) +
           " is not the current attempt " + std::to_string(n.attempt);
  }
  return {};
}

}  // namespace

decision decide_execute_run(const partition_state& state, const schemas::execute_run& c,
                            const record_context& ctx) {
  if (state.runs.contains(c.run_id)) {
    return reject(c, "EXECUTION_ALREADY_EXISTS", "run " + quoted(c.run_id) + " already exists",
                  c.run_id);
  }
  if (auto refused = refuse_runs_of(state, ctx.tenant, c.workflow_id)) {
    return reject(c, std::move(refused->code), std::move(refused->message), c.run_id);
  }
  auto def = parse_definition(c.definition);
  if (!def) return reject(c, "INVALID_WORKFLOW_CONFIG", def.error().message, c.run_id);
  schemas::run_started started{c.run_id, c.workflow_id, c.workflow_version, c.definition,
                               c.inputs.is_null() ? nlohmann::json::object() : c.inputs,
                               c.definition_version};
  run_state run =
      start_run(started, ctx.tenant, std::make_shared<const definition>(std::move(*def)));
  decision d;
  d.events.push_back(std::move(started));
  planner p(run, d);
  p.advance();
  return d;
}

decision decide_terminate_run(const partition_state& state, const schemas::terminate_run& c,
                              const record_context& ctx) {
  const run_state* run = find_run(state, c.run_id, ctx.tenant);
  if (!run)
    return reject(c, "EXECUTION_NOT_FOUND", "run " + quoted(c.run_id) + " not found", c.run_id);
  if (is_terminal(run->status)) {
    return reject(c, "EXECUTION_ALREADY_TERMINAL",
                  "run " + quoted(c.run_id) + " is already " + std::string(to_string(run->status)),
                  c.run_id);
  }
  decision d;
  d.events.push_back(schemas::run_terminated{c.run_id, c.reason});
  return d;
}

// A failed attempt is retried at once while attempts remain. Backoff (retry.initial_ms,
// multiplier, max_ms) needs durable timers, which arrive in a later issue.
decision decide_report_step(const partition_state& state, const schemas::report_step& c,
                            const record_context& ctx) {
  const run_state* found = find_run(state, c.run_id, ctx.tenant);
  if (const auto reason = stale_reason(found, c); !reason.empty()) {
    return reject(c, kStale, reason, c.run_id);
  }
  run_state run = *found;
  const std::size_t index = *run.def->index_of(c.node_id);
  const int max_attempts = run.def->nodes[index].retry.max_attempts;
  decision d;
  planner p(run, d);
  if (c.ok) {
    p.emit(schemas::step_completed{c.run_id, c.node_id, c.attempt, c.output});
    p.advance();
  } else if (c.attempt < max_attempts) {
    p.emit(schemas::step_failed{c.run_id, c.node_id, c.attempt, c.code, c.message, true});
    p.start(index);
  } else {
    const std::string code = c.code.empty() ? "STEP_FAILED" : c.code;
    p.emit(schemas::step_failed{c.run_id, c.node_id, c.attempt, code, c.message, false});
    p.emit(schemas::run_failed{c.run_id, code, "node " + quoted(c.node_id) + ": " + c.message,
                               c.node_id});
  }
  return d;
}

}  // namespace runlog::engine
