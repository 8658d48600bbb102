#pragma once
// The DAG executor of decide(): advances one run (a copy owned by the decider) as far as pure
// evaluation allows. Every event it produces is appended to the decision and applied to the
// copy with evolve_run(), so the next step sees it.

#include <cstddef>
#include <vector>

#include <nlohmann/json.hpp>

#include "runlog/engine/decide.hpp"

namespace runlog::engine {

class planner {
 public:
  // `run` must be running and outlive the planner; so must `out`.
  planner(run_state& run, decision& out);

  // Records `e` and applies it to the run.
  void emit(schemas::event e);

  // Runs every ready node in topological order (pure ones to completion, others up to their
  // execute_node effect), skips the ones whose inputs are all inactive, and finishes the run
  // when an end or fail node completes or nothing is left. Drops the run's effects when the run
  // ended in this decision.
  void advance();

  // Starts the next attempt of node `index` (used for retries too).
  void start(std::size_t index);

 private:
  enum class readiness { wait, run, skip_condition, skip_inputs };

  readiness check(std::size_t index) const;
  bool edge_active(std::size_t from, std::size_t to) const;
  nlohmann::json input_for(std::size_t index) const;
  void finish_pure(std::size_t index, int attempt, nlohmann::json output);
  void fail_step(std::size_t index, int attempt, const std::string& code,
                 const std::string& message);
  void complete_if_done();
  void pause_if_waiting();
  bool running() const;

  run_state& run_;
  decision& out_;
  std::vector<std::vector<std::size_t>> upstream_;
  nlohmann::json scope_;  // the template scope; "input" is set per node
};

// The template scope of node `index` of a running run:
// { inputs, steps: {id: {output, status}}, input, run: {id, workflow_id} }.
[[nodiscard]] nlohmann::json scope_for(const run_state& run, std::size_t index);

}  // namespace runlog::engine
