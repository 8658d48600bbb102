// The lifecycle of a workflow after its creation: updates (PATCH and the steps API, each a
// whole new definition) and deletion with its cascade to the workflow's active runs.

#include <algorithm>

#include "deciders.hpp"
#include "evolve.hpp"

namespace runlog::engine {
namespace {

constexpr const char* kDeletedReason = "workflow deleted";

std::string in_quotes(const std::string& s) { return "'" + s + "'"; }

const workflow_info* live_workflow(const partition_state& state, std::string_view tenant,
                                   const std::string& workflow_id) {
  const auto t = state.tenants.find(std::string(tenant));
  if (t == state.tenants.end()) return nullptr;
  const auto w = t->second.workflows.find(workflow_id);
  return w == t->second.workflows.end() || w->second.deleted ? nullptr : &w->second;
}

std::optional<refusal> check_name(const tenant_state& tenant, const std::string& workflow_id,
                                  std::optional<std::string>& name) {
  if (!name) return std::nullopt;
  *name = trim_name(*name);
  if (name->empty()) return refusal{"VALIDATION_ERROR", "name must not be empty"};
  const auto holder = tenant.workflow_by_name.find(*name);
  if (holder != tenant.workflow_by_name.end() && holder->second != workflow_id) {
    return refusal{"WORKFLOW_NAME_CONFLICT",
                   "a workflow named " + in_quotes(*name) + " already exists"};
  }
  return std::nullopt;
}

// Normalises (trims the name) and validates the changes of an update.
std::optional<refusal> check_changes(const tenant_state& tenant, const std::string& workflow_id,
                                     schemas::workflow_changes& changes) {
  if (changes == schemas::workflow_changes{}) {
    return refusal{"VALIDATION_ERROR", "No valid fields to update"};
  }
  if (auto refused = check_name(tenant, workflow_id, changes.name)) return refused;
  if (changes.status && *changes.status != "active" && *changes.status != "archived") {
    return refusal{"VALIDATION_ERROR", "status must be 'active' or 'archived'"};
  }
  if (changes.definition) {
    if (auto def = parse_new_definition(*changes.definition); !def) {
      return refusal{"INVALID_WORKFLOW_CONFIG", def.error().message};
    }
  }
  return std::nullopt;
}

// Active runs of a workflow, by run id (sorted: the effects of a decision are deterministic).
std::vector<std::string> active_runs_of(const partition_state& state, std::string_view tenant,
                                        const std::string& workflow_id) {
  std::vector<std::string> ids;
  for (const auto& [id, run] : state.runs) {
    if (run.tenant == tenant && run.workflow_id == workflow_id && !is_terminal(run.status)) {
      ids.push_back(id);
    }
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace

std::optional<refusal> refuse_runs_of(const partition_state& state, std::string_view tenant,
                                      const std::string& workflow_id) {
  const auto t = state.tenants.find(std::string(tenant));
  if (t == state.tenants.end()) return std::nullopt;
  const auto w = t->second.workflows.find(workflow_id);
  if (w == t->second.workflows.end()) return std::nullopt;
  if (w->second.deleted) {
    return refusal{"WORKFLOW_NOT_FOUND", "workflow " + in_quotes(workflow_id) + " not found"};
  }
  if (w->second.status == "archived") {
    return refusal{"WORKFLOW_ARCHIVED", "Archived workflows cannot be executed"};
  }
  return std::nullopt;
}

std::vector<append_terminate> owed_terminations(const partition_state& state) {
  std::vector<append_terminate> owed;
  for (const auto& [id, run] : state.runs) {
    if (is_terminal(run.status)) continue;
    const auto t = state.tenants.find(run.tenant);
    if (t == state.tenants.end()) continue;
    const auto w = t->second.workflows.find(run.workflow_id);
    if (w != t->second.workflows.end() && w->second.deleted) {
      owed.push_back({id, kDeletedReason});
    }
  }
  std::sort(owed.begin(), owed.end(),
            [](const auto& a, const auto& b) { return a.run_id < b.run_id; });
  return owed;
}

decision decide_update_workflow(const partition_state& state, const schemas::update_workflow& c,
                                const record_context& ctx) {
  const workflow_info* workflow = live_workflow(state, ctx.tenant, c.workflow_id);
  if (!workflow) {
    return reject(c, "WORKFLOW_NOT_FOUND", "workflow " + in_quotes(c.workflow_id) + " not found",
                  c.workflow_id);
  }
  if (c.expected_definition_version != 0 &&
      c.expected_definition_version != workflow->definition_version) {
    return reject(c, "VERSION_CONFLICT",
                  "workflow " + in_quotes(c.workflow_id) + " is at definition version " +
                      std::to_string(workflow->definition_version) + ", not " +
                      std::to_string(c.expected_definition_version),
                  c.workflow_id);
  }
  schemas::workflow_changes changes = c.changes;
  if (auto refused = check_changes(state.tenants.at(ctx.tenant), c.workflow_id, changes)) {
    return reject(c, std::move(refused->code), std::move(refused->message), c.workflow_id);
  }
  int version = workflow->definition_version;
  if (changes.definition && definition_hash(*changes.definition) != workflow->definition_hash) {
    ++version;
  }
  decision d;
  d.events.push_back(schemas::workflow_updated{c.workflow_id, std::move(changes), version});
  return d;
}

decision decide_delete_workflow(const partition_state& state, const schemas::delete_workflow& c,
                                const record_context& ctx) {
  const workflow_info* workflow = live_workflow(state, ctx.tenant, c.workflow_id);
  if (!workflow) {
    return reject(c, "WORKFLOW_NOT_FOUND", "workflow " + in_quotes(c.workflow_id) + " not found",
                  c.workflow_id);
  }
  decision d;
  d.events.push_back(schemas::workflow_deleted{c.workflow_id, workflow->name});
  for (auto& run_id : active_runs_of(state, ctx.tenant, c.workflow_id)) {
    d.effects.push_back(append_terminate{std::move(run_id), kDeletedReason});
  }
  return d;
}

}  // namespace runlog::engine
