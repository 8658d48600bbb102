// Schedule appliers: the schedules a tenant's writer knows, with their current settings (what
// deciding schedule commands, and later the scheduler's ticks, needs).

#include <iterator>

#include "evolve.hpp"
#include "runlog/schemas/changes.hpp"

namespace runlog::engine {
namespace {

schedule_state* find_schedule(partition_state& state, const std::string& tenant,
                              const std::string& schedule_id, const std::string& workflow_id) {
  const auto t = state.tenants.find(tenant);
  if (t == state.tenants.end()) return nullptr;
  const auto s = t->second.schedules.find(schedule_id);
  if (s == t->second.schedules.end() || s->second.workflow_id != workflow_id) return nullptr;
  return &s->second;
}

}  // namespace

void apply_schedule_created(partition_state& state, const schemas::schedule_created& e,
                            const record_context& ctx) {
  // try_emplace: decide() never creates an existing id; should a log hold one, the first wins.
  state.tenants[ctx.tenant].schedules.try_emplace(e.schedule_id,
                                                  schedule_state{e.workflow_id, e.settings});
}

void apply_schedule_updated(partition_state& state, const schemas::schedule_updated& e,
                            const record_context& ctx) {
  if (auto* s = find_schedule(state, ctx.tenant, e.schedule_id, e.workflow_id)) {
    s->settings = schemas::with_changes(std::move(s->settings), e.changes);
  }
}

void apply_schedule_deleted(partition_state& state, const schemas::schedule_deleted& e,
                            const record_context& ctx) {
  if (find_schedule(state, ctx.tenant, e.schedule_id, e.workflow_id)) {
    state.tenants.at(ctx.tenant).schedules.erase(e.schedule_id);
  }
}

void forget_workflow_schedules(partition_state& state, const schemas::workflow_deleted& e,
                               const record_context& ctx) {
  const auto t = state.tenants.find(ctx.tenant);
  if (t == state.tenants.end()) return;
  std::erase_if(t->second.schedules,
                [&](const auto& entry) { return entry.second.workflow_id == e.workflow_id; });
}

}  // namespace runlog::engine
