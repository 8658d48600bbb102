#include <algorithm>
#include <deque>

#include "planner.hpp"
#include "processor_impl.hpp"
#include "pure_nodes.hpp"
#include "runlog/engine/errc.hpp"
#include "runlog/workflow/expression.hpp"

// Recovery folds each owned partition from offset 0 with the same evolve() as live processing.
// Commands are decided in log order and every decision writes at least one event caused by its
// command, so the undecided commands are exactly those after the last command some event names
// as its causation.

namespace runlog::engine {
namespace {

constexpr std::size_t kReadChunk = 1024;

std::string origin_key(const std::string& run_id, const std::string& node_id) {
  return run_id + '\n' + node_id;
}

}  // namespace

void processor::impl::fold_record(const eventlog::stored_record& r,
                                  std::deque<pending_command>& pending, recovery& found) {
  auto env = schemas::decode(r.value);
  if (!env) return skip(r, env.error().message);
  if (schemas::kind_of(env->type) == schemas::record_kind::command) {
    if (auto c = to_pending(*env, r)) pending.push_back(std::move(*c));
    return;
  }
  auto event = schemas::to_event(*env);
  if (!event) return skip(r, event.error().message);
  evolve(state_, *event, context_of(*env));
  if (const auto* s = std::get_if<schemas::step_started>(&*event)) {
    found.origins[origin_key(s->run_id, s->node_id)] = {env->tenant, env->correlation, env->id};
  }
  if (const auto* d = std::get_if<schemas::workflow_deleted>(&*event)) {
    found.deletions[origin_key(env->tenant, d->workflow_id)] = {env->tenant, env->correlation,
                                                                env->id};
  }
  if (env->causation.empty()) return;
  const auto decided = std::find_if(pending.begin(), pending.end(),
                                    [&](const auto& c) { return c.id == env->causation; });
  if (decided != pending.end()) pending.erase(pending.begin(), decided + 1);
}

result<void> processor::impl::fold_partition(eventlog::partition_id p, recovery& found) {
  auto end = log_.end_offset(p);
  if (!end) return fail(errc::log_failure, "reading the log end failed: " + end.error().message);
  std::deque<pending_command> pending;
  eventlog::offset next = 0;
  while (next < *end) {
    auto records = log_.read(p, next, std::min<std::uint64_t>(kReadChunk, *end - next));
    if (!records)
      return fail(errc::log_failure, "reading the log failed: " + records.error().message);
    if (records->empty()) break;
    for (const auto& r : *records) {
      if (r.off >= *end) break;
      next = r.off + 1;
      fold_record(r, pending, found);
    }
  }
  found.undecided.insert(found.undecided.end(), pending.begin(), pending.end());
  found.ends.push_back({p, *end});
  return {};
}

result<recovery> processor::impl::recover() {
  recovery found;
  for (const auto p : partitions_) {
    if (auto ok = fold_partition(p, found); !ok) return tl::unexpected(ok.error());
  }
  for (const auto& [id, run] : state_.runs) {
    if (is_terminal(run.status)) continue;
    for (std::size_t i = 0; i < run.nodes.size(); ++i) {
      const auto type = run.def->nodes[i].type;
      // An approval has no side effect to repeat: it waits for a human.
      if (run.nodes[i].status == node_status::running && !is_pure(type) &&
          type != node_type::approval) {
        found.running.push_back({id, i, run.nodes[i].attempt});
      }
    }
  }
  return found;
}

// At least once: an attempt whose step_started is durable but whose report never made it into
// the log is executed again (its idempotency key run:node:attempt is unchanged). A report that
// does arrive twice is rejected as stale.
std::vector<dispatch> processor::impl::orphaned_attempts(const recovery& r) const {
  std::vector<dispatch> work;
  for (const auto& a : r.running) {
    const auto it = state_.runs.find(a.run_id);
    if (it == state_.runs.end() || is_terminal(it->second.status)) continue;
    const run_state& run = it->second;
    if (run.nodes[a.node_index].status != node_status::running ||
        run.nodes[a.node_index].attempt != a.attempt) {
      continue;
    }
    const node& n = run.def->nodes[a.node_index];
    auto config = render(n.config, scope_for(run, a.node_index));
    if (!config) continue;  // rendered fine when the attempt started; the scope has not changed
    const auto origin = r.origins.find(origin_key(a.run_id, n.id));
    work.push_back(
        {node_task{execute_node{a.run_id, n.id, a.attempt, std::move(*config)}, n.type, n.action},
         origin == r.origins.end() ? attempt_origin{run.tenant, "", ""} : origin->second});
  }
  return work;
}

// Terminating a run that is terminal by then is rejected, so a termination issued twice (its
// first command was appended but not yet decided) is harmless.
result<void> processor::impl::reissue_terminations(const std::vector<append_terminate>& owed,
                                                   const recovery& r) {
  std::vector<eventlog::record_to_append> commands;
  for (const auto& t : owed) {
    const auto run = state_.runs.find(t.run_id);
    if (run == state_.runs.end() || is_terminal(run->second.status)) continue;
    const auto deleted = r.deletions.find(origin_key(run->second.tenant, run->second.workflow_id));
    commands.push_back(terminate_command(t, deleted == r.deletions.end()
                                                ? attempt_origin{run->second.tenant, "", ""}
                                                : deleted->second));
  }
  return append_commands(std::move(commands));
}

}  // namespace runlog::engine
