// Workflow appliers: what a tenant's writer remembers of its workflows (names for uniqueness,
// status and definition version for updates and executes, tombstones of deleted ones).

#include <functional>

#include "evolve.hpp"

namespace runlog::engine {
namespace {

workflow_info* live_workflow(partition_state& state, const std::string& tenant,
                             const std::string& workflow_id) {
  const auto t = state.tenants.find(tenant);
  if (t == state.tenants.end()) return nullptr;
  const auto w = t->second.workflows.find(workflow_id);
  return w == t->second.workflows.end() || w->second.deleted ? nullptr : &w->second;
}

// Frees the workflow's name, unless another workflow holds it (never for decided events).
void forget_name(tenant_state& tenant, const std::string& workflow_id, const std::string& name) {
  const auto it = tenant.workflow_by_name.find(name);
  if (it != tenant.workflow_by_name.end() && it->second == workflow_id) {
    tenant.workflow_by_name.erase(it);
  }
  tenant.name_by_workflow.erase(workflow_id);
}

}  // namespace

std::size_t definition_hash(const nlohmann::json& definition) {
  return std::hash<std::string>{}(definition.dump());
}

void apply_workflow_created(partition_state& state, const schemas::workflow_created& e,
                            const record_context& ctx) {
  auto& tenant = state.tenants[ctx.tenant];
  const std::string name = trim_name(e.name);
  tenant.workflow_by_name[name] = e.workflow_id;
  tenant.name_by_workflow[e.workflow_id] = name;
  workflow_info& info = tenant.workflows[e.workflow_id];
  info.name = name;
  info.status = e.status.empty() ? "active" : e.status;
  info.definition_version = 1;
  info.definition_hash = definition_hash(e.definition);
  info.deleted = false;
}

void apply_workflow_updated(partition_state& state, const schemas::workflow_updated& e,
                            const record_context& ctx) {
  workflow_info* info = live_workflow(state, ctx.tenant, e.workflow_id);
  if (!info) return;
  tenant_state& tenant = state.tenants.at(ctx.tenant);
  const schemas::workflow_changes& changes = e.changes;
  if (changes.name) {
    forget_name(tenant, e.workflow_id, info->name);
    info->name = trim_name(*changes.name);
    tenant.workflow_by_name[info->name] = e.workflow_id;
    tenant.name_by_workflow[e.workflow_id] = info->name;
  }
  if (changes.status) info->status = *changes.status;
  if (changes.definition) info->definition_hash = definition_hash(*changes.definition);
  info->definition_version = e.definition_version;
}

void apply_workflow_deleted(partition_state& state, const schemas::workflow_deleted& e,
                            const record_context& ctx) {
  workflow_info* info = live_workflow(state, ctx.tenant, e.workflow_id);
  if (!info) return;
  forget_name(state.tenants.at(ctx.tenant), e.workflow_id, info->name);
  info->deleted = true;
}

}  // namespace runlog::engine
