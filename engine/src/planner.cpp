#include "planner.hpp"

#include "evolve.hpp"
#include "pure_nodes.hpp"
#include "runlog/workflow/expression.hpp"

namespace runlog::engine {
namespace {

using json = nlohmann::json;

std::vector<std::vector<std::size_t>> upstream_lists(const definition& def) {
  std::vector<std::vector<std::size_t>> up(def.nodes.size());
  for (std::size_t from = 0; from < def.downstream.size(); ++from) {
    for (const auto to : def.downstream[from]) up[to].push_back(from);
  }
  return up;
}

json step_entry(const node_state& n) {
  return json{{"output", n.output}, {"status", to_string(node_status::completed)}};
}

json base_scope(const run_state& run) {
  json steps = json::object();
  for (std::size_t i = 0; i < run.nodes.size(); ++i) {
    if (run.nodes[i].status == node_status::completed) {
      steps[run.def->nodes[i].id] = step_entry(run.nodes[i]);
    }
  }
  return json{{"inputs", run.inputs},
              {"steps", std::move(steps)},
              {"input", nullptr},
              {"run", {{"id", run.run_id}, {"workflow_id", run.workflow_id}}}};
}

// A root node reads the run inputs; a node with one upstream reads its output; a node with
// several reads an object of the completed upstreams' outputs keyed by their ids.
json input_of(const run_state& run, const std::vector<std::size_t>& upstream) {
  if (upstream.empty()) return run.inputs;
  if (upstream.size() == 1) return run.nodes[upstream.front()].output;
  json input = json::object();
  for (const auto from : upstream) {
    if (run.nodes[from].status == node_status::completed) {
      input[run.def->nodes[from].id] = run.nodes[from].output;
    }
  }
  return input;
}

std::string failure_code(const error& e) {
  if (e.code == make_error_code(workflow::errc::expression_syntax) ||
      e.code == make_error_code(workflow::errc::expression_eval)) {
    return "EXPRESSION_ERROR";
  }
  return "STEP_FAILED";
}

}  // namespace

planner::planner(run_state& run, decision& out)
    : run_(run), out_(out), upstream_(upstream_lists(*run.def)), scope_(base_scope(run)) {}

// A paused run still advances its other branches; only its approval node waits.
bool planner::running() const {
  return run_.status == run_status::running || run_.status == run_status::paused;
}

void planner::emit(schemas::event e) {
  if (const auto* done = std::get_if<schemas::step_completed>(&e)) {
    scope_["steps"][done->node_id] =
        json{{"output", done->output}, {"status", to_string(node_status::completed)}};
  }
  evolve_run(run_, e);
  out_.events.push_back(std::move(e));
}

bool planner::edge_active(std::size_t from, std::size_t to) const {
  if (run_.nodes[from].status != node_status::completed) return false;
  const node& upstream = run_.def->nodes[from];
  if (upstream.type != node_type::condition) return true;
  const json& output = run_.nodes[from].output;
  const bool wanted = run_.def->nodes[to].when.value_or(true);
  return output.is_object() && output.value("result", json()) == json(wanted);
}

planner::readiness planner::check(std::size_t index) const {
  const auto& up = upstream_[index];
  bool any_active = false;
  bool gated = false;
  for (const auto from : up) {
    const auto status = run_.nodes[from].status;
    if (status != node_status::completed && status != node_status::skipped) {
      return readiness::wait;
    }
    const bool active = edge_active(from, index);
    any_active |= active;
    gated |= !active && status == node_status::completed;
  }
  if (up.empty() || any_active) return readiness::run;
  return gated ? readiness::skip_condition : readiness::skip_inputs;
}

json planner::input_for(std::size_t index) const { return input_of(run_, upstream_[index]); }

void planner::advance() {
  const auto def = run_.def;  // keeps the order alive if the run is compacted on finishing
  for (const auto index : def->order) {
    if (!running()) break;
    if (run_.nodes[index].status != node_status::pending) continue;
    const auto ready = check(index);
    if (ready == readiness::wait) continue;
    if (ready == readiness::run) {
      start(index);
      continue;
    }
    emit(schemas::step_skipped{
        run_.run_id, def->nodes[index].id,
        ready == readiness::skip_condition ? "condition not met" : "all inputs skipped"});
  }
  complete_if_done();
  pause_if_waiting();
  if (!running()) out_.effects.clear();
}

void planner::pause_if_waiting() {
  if (run_.status != run_status::running) return;
  for (const auto index : run_.def->order) {
    if (run_.def->nodes[index].type == node_type::approval &&
        run_.nodes[index].status == node_status::running) {
      return emit(schemas::run_paused{run_.run_id, run_.def->nodes[index].id});
    }
  }
}

void planner::start(std::size_t index) {
  const auto def = run_.def;
  const node& n = def->nodes[index];
  const int attempt = run_.nodes[index].attempt + 1;
  emit(schemas::step_started{run_.run_id, n.id, attempt});
  scope_["input"] = input_for(index);
  if (is_pure(n.type)) {
    auto output = evaluate_pure(n, scope_);
    if (!output)
      return fail_step(index, attempt, failure_code(output.error()), output.error().message);
    return finish_pure(index, attempt, std::move(*output));
  }
  auto rendered = render(n.config, scope_);
  if (!rendered) {
    return fail_step(index, attempt, failure_code(rendered.error()), rendered.error().message);
  }
  // An approval waits for a human: no effect, the run pauses at the end of advance().
  if (n.type == node_type::approval) return;
  out_.effects.push_back(execute_node{run_.run_id, n.id, attempt, std::move(*rendered)});
}

void planner::finish_pure(std::size_t index, int attempt, json output) {
  const node& n = run_.def->nodes[index];
  const auto type = n.type;
  const std::string id = n.id;
  if (type == node_type::fail) {
    // A fail node's step fails with the error it names, then fails the run with it: the run
    // detail then shows this node as the failed one, like any other failing node.
    const auto code = output.value("code", std::string("WORKFLOW_FAILED"));
    const auto message = output.value("message", std::string());
    emit(schemas::step_failed{run_.run_id, id, attempt, code, message, false});
    emit(schemas::run_failed{run_.run_id, code, message, id});
    return;
  }
  emit(schemas::step_completed{run_.run_id, id, attempt, output});
  if (type == node_type::end) emit(schemas::run_completed{run_.run_id, end_outputs(output)});
}

void planner::fail_step(std::size_t index, int attempt, const std::string& code,
                        const std::string& message) {
  const std::string id = run_.def->nodes[index].id;
  emit(schemas::step_failed{run_.run_id, id, attempt, code, message, false});
  emit(schemas::run_failed{run_.run_id, "STEP_FAILED", "node '" + id + "': " + message, id});
}

void planner::complete_if_done() {
  if (!running()) return;
  json outputs = json::object();
  for (std::size_t i = 0; i < run_.nodes.size(); ++i) {
    const auto status = run_.nodes[i].status;
    if (status != node_status::completed && status != node_status::skipped) return;
    if (status == node_status::completed && run_.def->downstream[i].empty()) {
      outputs[run_.def->nodes[i].id] = run_.nodes[i].output;
    }
  }
  emit(schemas::run_completed{run_.run_id, std::move(outputs)});
}

json scope_for(const run_state& run, std::size_t index) {
  json scope = base_scope(run);
  scope["input"] = input_of(run, upstream_lists(*run.def)[index]);
  return scope;
}

}  // namespace runlog::engine
