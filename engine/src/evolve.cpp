#include "evolve.hpp"

#include <string_view>

#include "overloaded.hpp"
#include "runlog/engine/decide.hpp"

// One applier per event type. Records of older versions are upcast by schemas::decode, so an
// applier only ever sees the current version of its event.

namespace runlog::engine {
namespace {

std::string trimmed(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(first, last - first + 1));
}

node_state* find_node(run_state& run, const std::string& id) {
  if (!run.def) return nullptr;
  const auto i = run.def->index_of(id);
  return i ? &run.nodes[*i] : nullptr;
}

// A finished run only needs its status (and tenant, for isolation checks) from now on.
void finish(run_state& run, run_status status) {
  run.status = status;
  run.def.reset();
  run.nodes.clear();
  run.nodes.shrink_to_fit();
  run.inputs = nlohmann::json::object();
}

void apply_run_started(partition_state& state, const schemas::run_started& e,
                       const record_context& ctx) {
  if (state.runs.contains(e.run_id)) return;
  // decide() validated this definition before writing the event. Should a log from another
  // build still hold one this build rejects, the run keeps an empty definition: it can then
  // only be terminated (reports are stale, nothing is scheduled).
  auto def = parse_definition(e.definition);
  auto shared = def ? std::make_shared<const definition>(std::move(*def))
                    : std::make_shared<const definition>();
  state.runs.emplace(e.run_id, start_run(e, ctx.tenant, std::move(shared)));
}

const std::string& run_id_of(const schemas::event& e) {
  return std::visit(
      overloaded{
          [](const schemas::workflow_created& x) -> const std::string& { return x.workflow_id; },
          [](const schemas::command_rejected& x) -> const std::string& { return x.subject_id; },
          [](const schemas::workflow_updated& x) -> const std::string& { return x.workflow_id; },
          [](const schemas::workflow_deleted& x) -> const std::string& { return x.workflow_id; },
          [](const schemas::schedule_created& x) -> const std::string& { return x.schedule_id; },
          [](const schemas::schedule_updated& x) -> const std::string& { return x.schedule_id; },
          [](const schemas::schedule_deleted& x) -> const std::string& { return x.schedule_id; },
          [](const auto& x) -> const std::string& { return x.run_id; },
      },
      e);
}

}  // namespace

std::string trim_name(std::string_view name) { return trimmed(name); }

run_state start_run(const schemas::run_started& e, std::string tenant,
                    std::shared_ptr<const definition> def) {
  run_state run;
  run.run_id = e.run_id;
  run.tenant = std::move(tenant);
  run.workflow_id = e.workflow_id;
  run.status = run_status::running;
  run.inputs = e.inputs.is_null() ? nlohmann::json::object() : e.inputs;
  run.nodes.assign(def->nodes.size(), node_state{});
  run.def = std::move(def);
  return run;
}

void evolve_run(run_state& run, const schemas::event& e) {
  std::visit(overloaded{
                 [](const schemas::workflow_created&) {},
                 [](const schemas::command_rejected&) {},
                 [](const schemas::run_started&) {},
                 [](const schemas::workflow_updated&) {},
                 [](const schemas::workflow_deleted&) {},
                 [](const schemas::schedule_created&) {},
                 [](const schemas::schedule_updated&) {},
                 [](const schemas::schedule_deleted&) {},
                 [&](const schemas::step_started& x) {
                   if (auto* n = find_node(run, x.node_id)) {
                     n->status = node_status::running;
                     n->attempt = x.attempt;
                   }
                 },
                 [&](const schemas::step_completed& x) {
                   if (auto* n = find_node(run, x.node_id)) {
                     n->status = node_status::completed;
                     n->output = x.output;
                   }
                 },
                 [&](const schemas::step_failed& x) {
                   if (auto* n = find_node(run, x.node_id)) {
                     n->status = node_status::failed;
                     n->error_code = x.code;
                     n->error_message = x.message;
                   }
                 },
                 [&](const schemas::step_skipped& x) {
                   if (auto* n = find_node(run, x.node_id)) n->status = node_status::skipped;
                 },
                 [&](const schemas::run_paused&) { run.status = run_status::paused; },
                 [&](const schemas::run_completed&) { finish(run, run_status::completed); },
                 [&](const schemas::run_failed&) { finish(run, run_status::failed); },
                 [&](const schemas::run_terminated&) { finish(run, run_status::terminated); },
             },
             e);
}

void evolve(partition_state& state, const schemas::event& event, const record_context& ctx) {
  std::visit(overloaded{
                 [&](const schemas::workflow_created& x) { apply_workflow_created(state, x, ctx); },
                 [&](const schemas::workflow_updated& x) { apply_workflow_updated(state, x, ctx); },
                 [&](const schemas::workflow_deleted& x) { apply_workflow_deleted(state, x, ctx); },
                 [](const schemas::command_rejected&) {},
                 [&](const schemas::run_started& x) { apply_run_started(state, x, ctx); },
                 [&](const schemas::schedule_created& x) { apply_schedule_created(state, x, ctx); },
                 [&](const schemas::schedule_updated& x) { apply_schedule_updated(state, x, ctx); },
                 [&](const schemas::schedule_deleted& x) { apply_schedule_deleted(state, x, ctx); },
                 [&](const auto&) {
                   const auto it = state.runs.find(run_id_of(event));
                   if (it != state.runs.end() && !is_terminal(it->second.status)) {
                     evolve_run(it->second, event);
                   }
                 },
             },
             event);
  if (const auto* deleted = std::get_if<schemas::workflow_deleted>(&event)) {
    forget_workflow_schedules(state, *deleted, ctx);
  }
}

}  // namespace runlog::engine
