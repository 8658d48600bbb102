// Runs: run.execute creates a queued run with pending nodes; run and step events advance it;
// a rejected run.execute removes the queued run again. Each run also has an entry in the
// index of its (tenant, workflow), newest started_at first, whose value is the run status, and
// one in the tenant-wide index (value: status and workflow id). The stats row of the run's
// workflow counts every queued run and, on the first terminal transition, completed or failed
// runs with their duration (finished_at - started_at, both record ts).
//
// workflow.deleted removes every run of the workflow (rows, both index entries) and its stats
// row, and leaves a tombstone: a run.execute or run.started of that workflow projected later
// (another partition may lag behind) creates nothing, and later events of its runs find no row.

#include <algorithm>

#include "codec.hpp"
#include "keys.hpp"
#include "projection.hpp"
#include "runlog/projections/store.hpp"

namespace runlog::projections {
namespace {

using json = nlohmann::json;

std::string string_member(const json& object, const char* name) {
  const auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

std::vector<node_view> nodes_of(const json& definition) {
  std::vector<node_view> nodes;
  const auto it = definition.find("nodes");
  if (it == definition.end() || !it->is_array()) return nodes;
  for (const json& n : *it) {
    if (!n.is_object()) continue;
    node_view v;
    v.id = string_member(n, "id");
    v.type = string_member(n, "type");
    v.action = string_member(n, "action");
    v.status = "pending";
    nodes.push_back(std::move(v));
  }
  return nodes;
}

// The fields run.execute and run.started share.
template <typename Record>
run_row new_run(const schemas::envelope& env, const Record& r, std::string status) {
  run_row row;
  run_view& v = row.view;
  v.id = r.run_id;
  v.workflow_id = r.workflow_id;
  v.customer_id = env.tenant;
  v.workflow_version = r.workflow_version;
  v.status = std::move(status);
  v.inputs = r.inputs;
  v.created_by = env.actor;
  v.started_at = env.ts;
  v.nodes = nodes_of(r.definition);
  v.definition_version = r.definition_version;
  return row;
}

result<std::optional<run_row>> load(batch& rows, const std::string& tenant,
                                    const std::string& run_id) {
  auto bytes = rows.get(keys::run(tenant, run_id));
  if (!bytes) return tl::unexpected(bytes.error());
  if (!*bytes) return std::optional<run_row>{};
  auto row = decode_run(**bytes);
  if (!row) return tl::unexpected(row.error());
  return std::optional<run_row>{std::move(*row)};
}

result<bool> is_deleted(batch& rows, const std::string& tenant, const std::string& workflow_id) {
  auto tombstone = rows.get(keys::deleted_workflow(tenant, workflow_id));
  if (!tombstone) return tl::unexpected(tombstone.error());
  return tombstone->has_value();
}

void save(batch& rows, const run_row& row) {
  const run_view& v = row.view;
  rows.put(keys::run(v.customer_id, v.id), encode_run(row));
  rows.put(keys::run_index_entry(v.customer_id, v.workflow_id, v.started_at, v.id), v.status);
  rows.put(keys::tenant_run_index_entry(v.customer_id, v.started_at, v.id),
           keys::tenant_run_value(v.status, v.workflow_id));
}

// Loads the stats row of the run's workflow, lets `change` edit it, saves it.
template <typename Change>
result<void> change_stats(batch& rows, const run_view& run, Change change) {
  const std::string key = keys::workflow_stats(run.customer_id, run.workflow_id);
  auto bytes = rows.get(key);
  if (!bytes) return tl::unexpected(bytes.error());
  workflow_stats stats;
  if (*bytes) {
    auto decoded = decode_stats(**bytes);
    if (!decoded) return tl::unexpected(decoded.error());
    stats = *decoded;
  }
  change(stats);
  rows.put(key, encode_stats(stats));
  return {};
}

bool is_terminal(std::string_view status) {
  return status == "completed" || status == "failed" || status == "terminated";
}

// Counts a run that just became completed or failed (terminated runs count in neither).
result<void> count_finish(batch& rows, std::string_view before, const run_view& after) {
  if (is_terminal(before) || (after.status != "completed" && after.status != "failed")) return {};
  const std::int64_t finished = after.finished_at.value_or(after.started_at);
  const std::int64_t duration = std::max<std::int64_t>(0, finished - after.started_at);
  return change_stats(rows, after, [&](workflow_stats& s) {
    ++(after.status == "completed" ? s.runs_success : s.runs_failed);
    s.duration_sum_ms += duration;
  });
}

// Loads the run, lets `change` edit it, saves it. A run this tenant does not have is ignored.
template <typename Change>
result<void> update(batch& rows, const schemas::envelope& env, const std::string& run_id,
                    Change change) {
  auto row = load(rows, env.tenant, run_id);
  if (!row) return tl::unexpected(row.error());
  if (!*row) return {};
  const std::string before = (*row)->view.status;
  change((*row)->view);
  save(rows, **row);
  return count_finish(rows, before, (*row)->view);
}

template <typename Change>
result<void> update_node(batch& rows, const schemas::envelope& env, const std::string& run_id,
                         const std::string& node_id, Change change) {
  return update(rows, env, run_id, [&](run_view& run) {
    for (node_view& n : run.nodes) {
      if (n.id == node_id) return change(n);
    }
  });
}

// Marks the run terminal (the first terminal event wins) and closes its unfinished nodes.
bool finish(run_view& run, const char* status, std::int64_t ts) {
  if (is_terminal(run.status)) return false;
  run.status = status;
  run.finished_at = ts;
  for (node_view& n : run.nodes) {
    if (n.status == "pending")
      n.status = "skipped";
    else if (n.status == "running")
      n.status = "cancelled";
    else
      continue;
    n.finished_at = ts;
  }
  return true;
}

// One overload per record type the runs projection reads; events it ignores fall to the last.
result<void> on(batch& rows, const schemas::envelope& env, const schemas::execute_run& c) {
  auto existing = load(rows, env.tenant, c.run_id);
  if (!existing) return tl::unexpected(existing.error());
  if (*existing) return {};  // a duplicate execute must not reset the run
  auto gone = is_deleted(rows, env.tenant, c.workflow_id);
  if (!gone) return tl::unexpected(gone.error());
  if (*gone) return {};
  run_row row = new_run(env, c, "queued");
  row.command_id = env.id;
  save(rows, row);
  return change_stats(rows, row.view, [](workflow_stats& s) { ++s.runs_total; });
}

result<void> on(batch& rows, const schemas::envelope& env, const schemas::run_started& e) {
  auto existing = load(rows, env.tenant, e.run_id);
  if (!existing) return tl::unexpected(existing.error());
  if (!*existing) {
    auto gone = is_deleted(rows, env.tenant, e.workflow_id);
    if (!gone) return tl::unexpected(gone.error());
    if (*gone) return {};
  }
  run_row row = *existing ? std::move(**existing) : new_run(env, e, "queued");
  if (!*existing) row.command_id = env.causation;
  if (row.view.status == "queued") row.view.status = "running";
  save(rows, row);
  if (*existing) return {};
  return change_stats(rows, row.view, [](workflow_stats& s) { ++s.runs_total; });
}

// Only the rejection of the very command that queued the run removes it: a rejected
// duplicate execute of an existing run id leaves the run alone.
result<void> on(batch& rows, const schemas::envelope& env, const schemas::command_rejected& e) {
  if (e.command_type != "run.execute") return {};
  const std::string& run_id = e.subject_id.empty() ? env.key : e.subject_id;
  auto row = load(rows, env.tenant, run_id);
  if (!row) return tl::unexpected(row.error());
  if (!*row) return {};
  const run_view& v = (*row)->view;
  if (v.status != "queued" || (*row)->command_id != env.causation) return {};
  rows.del(keys::run(v.customer_id, v.id));
  rows.del(keys::run_index_entry(v.customer_id, v.workflow_id, v.started_at, v.id));
  rows.del(keys::tenant_run_index_entry(v.customer_id, v.started_at, v.id));
  return change_stats(rows, v, [](workflow_stats& s) { --s.runs_total; });
}

result<void> on(batch& rows, const schemas::envelope& env, const schemas::step_started& e) {
  return update_node(rows, env, e.run_id, e.node_id, [&](node_view& n) {
    n.status = "running";
    n.attempts = e.attempt;
    if (!n.started_at) n.started_at = env.ts;  // the first attempt's start
    n.finished_at.reset();
  });
}

result<void> on(batch& rows, const schemas::envelope& env, const schemas::step_completed& e) {
  return update_node(rows, env, e.run_id, e.node_id, [&](node_view& n) {
    n.status = "completed";
    n.output = e.output;
    n.error = nullptr;
    n.finished_at = env.ts;
  });
}

result<void> on(batch& rows, const schemas::envelope& env, const schemas::step_failed& e) {
  return update_node(rows, env, e.run_id, e.node_id, [&](node_view& n) {
    n.status = e.will_retry ? "pending" : "failed";
    n.error = {{"code", e.code}, {"message", e.message}};
    if (!e.will_retry) n.finished_at = env.ts;
  });
}

result<void> on(batch& rows, const schemas::envelope& env, const schemas::step_skipped& e) {
  return update_node(rows, env, e.run_id, e.node_id, [&](node_view& n) {
    n.status = "skipped";
    n.finished_at = env.ts;
  });
}

result<void> on(batch& rows, const schemas::envelope& env, const schemas::run_paused& e) {
  return update(rows, env, e.run_id, [&](run_view& r) {
    if (r.status == "running" || r.status == "queued") r.status = "paused";
  });
}

result<void> on(batch& rows, const schemas::envelope& env, const schemas::run_completed& e) {
  return update(rows, env, e.run_id, [&](run_view& r) {
    if (finish(r, "completed", env.ts)) r.outputs = e.outputs;
  });
}

result<void> on(batch& rows, const schemas::envelope& env, const schemas::run_failed& e) {
  return update(rows, env, e.run_id, [&](run_view& r) {
    if (finish(r, "failed", env.ts)) {
      r.error = {{"code", e.code}, {"message", e.message}, {"node_id", e.node_id}};
    }
  });
}

result<void> on(batch& rows, const schemas::envelope& env, const schemas::run_terminated& e) {
  return update(rows, env, e.run_id, [&](run_view& r) {
    if (finish(r, "terminated", env.ts)) r.error = {{"code", "TERMINATED"}, {"message", e.reason}};
  });
}

// The run rows, index entries and stats of the workflow go; the tombstone stays.
result<void> on(batch& rows, const schemas::envelope& env, const schemas::workflow_deleted& e) {
  const std::string prefix = keys::run_index_prefix(env.tenant, e.workflow_id);
  auto entries = rows.scan(prefix);
  if (!entries) return tl::unexpected(entries.error());
  for (auto& [key, status] : *entries) {
    const auto started_at = keys::index_entry_ts(key, prefix.size());
    if (!started_at) return fail(errc::corrupt, "malformed run index entry");
    const std::string run_id(keys::index_entry_id(key, prefix.size()));
    rows.del(keys::run(env.tenant, run_id));
    rows.del(keys::tenant_run_index_entry(env.tenant, *started_at, run_id));
    rows.del(std::move(key));
  }
  rows.del(keys::workflow_stats(env.tenant, e.workflow_id));
  rows.put(keys::deleted_workflow(env.tenant, e.workflow_id), "");
  return {};
}

// Records that do not change runs, each named: a record type with neither a handler above nor
// a place here does not compile (projection.hpp, `ignores`).
template <typename T>
  requires one_of<T, schemas::create_workflow, schemas::terminate_run, schemas::report_step,
                  schemas::update_workflow, schemas::delete_workflow, schemas::create_schedule,
                  schemas::update_schedule, schemas::delete_schedule, schemas::workflow_created,
                  schemas::workflow_updated, schemas::schedule_created, schemas::schedule_updated,
                  schemas::schedule_deleted>
result<void> on(batch&, const schemas::envelope&, const T&) {
  return {};
}

result<void> apply(const decoded_record& record, batch& rows) {
  return visit_record(record, [&](const auto& r) { return on(rows, record.env, r); });
}

}  // namespace

const projection run_projection{"runs", 3, &apply};

}  // namespace runlog::projections
