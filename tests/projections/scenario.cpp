#include "projections/scenario.hpp"

namespace runlog::testing {

using namespace runlog::schemas;

envelope record_factory::command(const schemas::command& c, const std::string& tenant,
                                 const std::string& key, const std::string& actor) {
  ts_ += 1000;
  return wrap(c, {"cmd-" + std::to_string(++seq_), key, tenant, ts_, actor, "", ""});
}

envelope record_factory::event(const schemas::event& e, const envelope& cause) {
  ts_ += 1000;
  return wrap(e, {"evt-" + std::to_string(++seq_), cause.key, cause.tenant, ts_, cause.actor,
                  cause.id, cause.correlation});
}

nlohmann::json two_node_definition() {
  return {
      {"nodes",
       {{{"id", "a"}, {"type", "transform"}, {"config", nlohmann::json::object()}},
        {{"id", "b"}, {"type", "integration"}, {"action", "http.request"}, {"input_from", "a"}}}},
      {"inputs", nlohmann::json::object()},
      {"outputs", nlohmann::json::object()}};
}

namespace {

struct builder {
  record_factory f;
  scenario s;

  envelope push(envelope e) {
    s.records.push_back(e);
    return e;
  }
  envelope create(const std::string& tenant, const std::string& id, const std::string& status) {
    const auto c = push(
        f.command(create_workflow{id, id + " name", "about " + id, two_node_definition(), "1.0.0"},
                  tenant, tenant));
    push(f.event(
        workflow_created{id, id + " name", "about " + id, two_node_definition(), "1.0.0", status},
        c));
    return c;
  }
  envelope execute(const std::string& tenant, const std::string& wf, const std::string& run,
                   bool start = true) {
    const auto c = push(
        f.command(execute_run{run, wf, "1.0.0", two_node_definition(), {{"x", run}}}, tenant, run));
    if (start) push(f.event(run_started{run, wf, "1.0.0", two_node_definition(), {{"x", run}}}, c));
    return c;
  }
};

}  // namespace

scenario make_scenario() {
  builder b;
  b.s.create_wf1 = b.create("acme", "wf-1", "active").id;
  b.create("acme", "wf-2", "active");
  b.create("acme", "wf-3", "archived");
  const auto dup = b.push(
      b.f.command(create_workflow{"wf-4", "wf-1 name", "", two_node_definition()}, "acme", "acme"));
  b.s.rejected_create = dup.id;
  b.push(b.f.event(
      command_rejected{"workflow.create", "WORKFLOW_NAME_CONFLICT", "name taken", "wf-4"}, dup));
  b.create("globex", "wf-9", "active");

  const auto r1 = b.execute("acme", "wf-1", "run-1");
  b.s.execute_run1 = r1.id;
  b.push(b.f.event(step_started{"run-1", "a", 1}, r1));
  b.push(b.f.event(step_failed{"run-1", "a", 1, "HTTP_500", "boom", true}, r1));
  b.push(b.f.event(step_started{"run-1", "a", 2}, r1));
  b.push(b.f.event(step_completed{"run-1", "a", 2, {{"y", 1}}}, r1));
  b.push(b.f.event(step_started{"run-1", "b", 1}, r1));
  b.push(b.f.event(step_completed{"run-1", "b", 1, {{"z", "ok"}}}, r1));
  b.push(b.f.event(run_completed{"run-1", {{"result", "ok"}}}, r1));

  const auto r2 = b.execute("acme", "wf-1", "run-2");
  b.push(b.f.event(step_started{"run-2", "a", 1}, r2));
  b.push(b.f.event(step_failed{"run-2", "a", 1, "BAD", "bad input", false}, r2));
  b.push(b.f.event(run_failed{"run-2", "STEP_FAILED", "a failed", "a"}, r2));

  const auto r3 = b.execute("acme", "wf-1", "run-3", false);
  b.s.execute_run3 = r3.id;
  b.push(b.f.event(command_rejected{"run.execute", "WORKFLOW_NOT_FOUND", "gone", "run-3"}, r3));

  const auto r4 = b.execute("acme", "wf-1", "run-4");
  b.push(b.f.event(step_started{"run-4", "a", 1}, r4));
  const auto t4 = b.push(b.f.command(terminate_run{"run-4", "user asked"}, "acme", "run-4"));
  b.s.terminate_run4 = t4.id;
  b.push(b.f.event(run_terminated{"run-4", "user asked"}, t4));

  const auto r9 = b.execute("globex", "wf-9", "run-9");
  b.push(b.f.event(step_started{"run-9", "a", 1}, r9));
  return b.s;
}

std::vector<eventlog::record_to_append> to_append(const std::vector<schemas::envelope>& records) {
  std::vector<eventlog::record_to_append> out;
  for (const auto& e : records) out.push_back({e.key, encode(e)});
  return out;
}

std::vector<eventlog::stored_record> to_stored(const std::vector<schemas::envelope>& records,
                                               std::uint32_t partitions,
                                               std::vector<eventlog::offset> start) {
  start.resize(partitions, 0);
  std::vector<eventlog::stored_record> out;
  for (const auto& e : records) {
    const auto p = eventlog::partition_for(e.key, partitions);
    out.push_back({p, start[p]++, e.key, encode(e)});
  }
  return out;
}

}  // namespace runlog::testing
