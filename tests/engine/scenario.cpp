#include "engine/scenario.hpp"

#include <map>

namespace runlog::engine::testing {
namespace {

using json = nlohmann::json;

json dump_run(const run_state& run) {
  json nodes = json::array();
  for (const auto& n : run.nodes) {
    nodes.push_back({{"status", to_string(n.status)},
                     {"attempt", n.attempt},
                     {"output", n.output},
                     {"error_code", n.error_code},
                     {"error_message", n.error_message}});
  }
  json node_ids = json::array();
  if (run.def) {
    for (const auto& n : run.def->nodes) node_ids.push_back(n.id);
  }
  return {{"tenant", run.tenant},
          {"workflow_id", run.workflow_id},
          {"status", to_string(run.status)},
          {"has_definition", run.def != nullptr},
          {"node_ids", node_ids},
          {"inputs", run.inputs},
          {"nodes", nodes}};
}

}  // namespace

json dump(const partition_state& state) {
  json tenants = json::object();
  for (const auto& [id, t] : state.tenants) {
    json workflows = json::object();
    for (const auto& [wf, w] : t.workflows) {
      workflows[wf] = {{"name", w.name},
                       {"status", w.status},
                       {"definition_version", w.definition_version},
                       {"definition_hash", w.definition_hash},
                       {"deleted", w.deleted}};
    }
    tenants[id] = {{"by_name", std::map(t.workflow_by_name.begin(), t.workflow_by_name.end())},
                   {"by_id", std::map(t.name_by_workflow.begin(), t.name_by_workflow.end())},
                   {"workflows", std::move(workflows)}};
    for (const auto& [sid, sched] : t.schedules) {
      const auto& set = sched.settings;
      tenants[id]["schedules"][sid] = {{"workflow_id", sched.workflow_id},
                                       {"cron_expression", set.cron_expression},
                                       {"timezone", set.timezone},
                                       {"inputs", set.inputs},
                                       {"missed_execution_policy", set.missed_execution_policy},
                                       {"enabled", set.enabled}};
    }
  }
  json runs = json::object();
  for (const auto& [id, run] : state.runs) runs[id] = dump_run(run);
  return {{"tenants", tenants}, {"runs", runs}};
}

std::vector<std::string> names(const decision& d) {
  std::vector<std::string> out;
  for (const auto& e : d.events) out.emplace_back(schemas::type_name(e));
  return out;
}

scenario& scenario::given(const schemas::event& e, const record_context& ctx) {
  evolve(state_, e, ctx);
  recorded_.emplace_back(e, ctx);
  return *this;
}

decision scenario::when(const schemas::command& c, const record_context& ctx) {
  const json before = dump(state_);
  decision d = decide(state_, c, ctx);
  EXPECT_EQ(dump(state_), before) << "decide() changed the state";
  EXPECT_FALSE(d.events.empty()) << "every decision records at least one event";
  for (const auto& e : d.events) given(e, ctx);
  partition_state refolded;
  for (const auto& [e, event_ctx] : recorded_) evolve(refolded, e, event_ctx);
  EXPECT_EQ(dump(refolded), dump(state_)) << "re-folding the records gives another state";
  return d;
}

}  // namespace runlog::engine::testing
