#include "runlog/engine/processor.hpp"

#include <chrono>

#include "deciders.hpp"
#include "overloaded.hpp"
#include "processor_impl.hpp"
#include "runlog/engine/errc.hpp"
#include "uuid.hpp"

namespace runlog::engine {
namespace {

std::int64_t system_clock_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The id of the step_started event that began this attempt, among a decision's events.
std::string started_event_id(const decision& d, const std::vector<std::string>& ids,
                             const execute_node& effect) {
  for (std::size_t i = 0; i < d.events.size(); ++i) {
    const auto* s = std::get_if<schemas::step_started>(&d.events[i]);
    if (s && s->node_id == effect.node_id && s->attempt == effect.attempt) return ids[i];
  }
  return {};
}

}  // namespace

processor::impl::impl(eventlog::event_log& l, processor_options o)
    : log_(l), options_(std::move(o)), executor_(make_unconfigured_executor()) {
  if (!options_.clock) options_.clock = system_clock_ms;
  if (!options_.new_id) options_.new_id = random_uuid_v4;
  if (options_.max_batch == 0) options_.max_batch = 1;
  partitions_ = options_.partitions;
  if (partitions_.empty()) {
    for (eventlog::partition_id p = 0; p < log_.partitions(); ++p) partitions_.push_back(p);
  }
}

void processor::impl::skip(const eventlog::stored_record& r, const std::string& why) {
  skipped_.fetch_add(1);
  std::cerr << "runlog engine: skipping record " << r.partition << "/" << r.off << ": " << why
            << "\n";
}

std::optional<pending_command> processor::impl::read_command(const eventlog::stored_record& r) {
  auto env = schemas::decode(r.value);
  if (!env) return skip(r, env.error().message), std::nullopt;
  if (schemas::kind_of(env->type) != schemas::record_kind::command) return std::nullopt;
  return to_pending(*env, r);
}

std::optional<pending_command> processor::impl::to_pending(const schemas::envelope& env,
                                                           const eventlog::stored_record& r) {
  auto command = schemas::to_command(env);
  if (!command) return skip(r, command.error().message), std::nullopt;
  return pending_command{std::move(*command), env.id,         env.key, env.tenant, env.ts,
                         env.actor,           env.correlation};
}

eventlog::record_to_append processor::impl::terminate_command(const append_terminate& t,
                                                              const attempt_origin& origin) {
  const auto env = schemas::wrap(schemas::command(schemas::terminate_run{t.run_id, t.reason}),
                                 {options_.new_id(), t.run_id, origin.tenant, options_.clock(),
                                  "engine", origin.started_event_id, origin.correlation});
  return {t.run_id, schemas::encode(env)};
}

// Effects of one decision: node attempts go to `out.work`, terminations become commands caused
// by the decision's first event (a workflow deletion's workflow.deleted).
void processor::impl::collect_effects(const decision& d, const std::vector<std::string>& ids,
                                      const attempt_origin& cause, effects_to_run& out) {
  for (const auto& eff : d.effects) {
    std::visit(overloaded{[&](const execute_node& x) {
                            const run_state& run = state_.runs.at(x.run_id);
                            const node& n = run.def->nodes[*run.def->index_of(x.node_id)];
                            out.work.push_back(
                                {node_task{x, n.type, n.action},
                                 {cause.tenant, cause.correlation, started_event_id(d, ids, x)}});
                          },
                          [&](const append_terminate& x) {
                            const std::string caused_by = ids.empty() ? "" : ids.front();
                            out.commands.push_back(
                                terminate_command(x, {cause.tenant, cause.correlation, caused_by}));
                          }},
               eff);
  }
}

// Decides the commands in order (each sees the state the previous ones left), appends all
// resulting events in one durable batch, and only then runs the effects.
result<void> processor::impl::process(const std::vector<pending_command>& commands) {
  std::vector<eventlog::record_to_append> batch;
  effects_to_run effects;
  const std::int64_t now = options_.clock();
  for (const auto& c : commands) {
    const decision d = decide(state_, c.command, record_context{c.tenant, c.actor, c.ts});
    const std::string correlation = c.correlation.empty() ? c.id : c.correlation;
    std::vector<std::string> ids;
    for (const auto& e : d.events) {
      ids.push_back(options_.new_id());
      batch.push_back({c.key, schemas::encode(schemas::wrap(e, {ids.back(), c.key, c.tenant, now,
                                                                c.actor, c.id, correlation}))});
      evolve(state_, e, record_context{c.tenant, c.actor, now});
    }
    collect_effects(d, ids, {c.tenant, correlation, ""}, effects);
  }
  if (batch.empty()) return {};
  if (auto appended = log_.append(std::move(batch)); !appended) {
    return fail(errc::log_failure, "appending events failed: " + appended.error().message);
  }
  if (auto ok = append_commands(std::move(effects.commands)); !ok) return ok;
  run_effects(effects.work);
  return {};
}

// A crash between the events and these commands is repaired by recovery (owed_terminations).
result<void> processor::impl::append_commands(std::vector<eventlog::record_to_append> commands) {
  if (commands.empty()) return {};
  if (auto appended = log_.append(std::move(commands)); !appended) {
    return fail(errc::log_failure, "appending commands failed: " + appended.error().message);
  }
  return {};
}

void processor::impl::run_effects(const std::vector<dispatch>& work) {
  for (const auto& w : work) {
    // The report callback may outlive this processor on an executor thread: it holds only the
    // log (which outlives the processor by contract) and copies of the id and clock sources.
    auto report = [&log = log_, origin = w.origin, new_id = options_.new_id,
                   clock = options_.clock](schemas::report_step r) {
      const std::string key = r.run_id;
      auto env = schemas::wrap(schemas::command(std::move(r)),
                               {new_id(), key, origin.tenant, clock(), "engine",
                                origin.started_event_id, origin.correlation});
      if (auto ok = log.append({{key, schemas::encode(env)}}); !ok) {
        std::cerr << "runlog engine: reporting a step of run " << key
                  << " failed: " << ok.error().message << "\n";
      }
    };
    executor_->execute(w.task, std::move(report));
  }
}

void processor::impl::loop() {
  while (!stopping_.load()) {
    auto polled = subscription_->poll(options_.poll_timeout, options_.max_batch);
    if (!polled) {
      std::cerr << "runlog engine: polling the log failed, stopping: " << polled.error().message
                << "\n";
      return;
    }
    std::vector<pending_command> commands;
    for (const auto& r : *polled) {
      if (auto c = read_command(r)) commands.push_back(std::move(*c));
    }
    // State may now be ahead of the log; a restart recovers from the log alone.
    if (auto ok = process(commands); !ok) {
      std::cerr << "runlog engine: " << ok.error().message << ", stopping\n";
      return;
    }
  }
}

processor::processor(eventlog::event_log& log, processor_options options)
    : impl_(std::make_unique<impl>(log, std::move(options))) {}

processor::~processor() { stop(); }

result<void> processor::start() {
  if (impl_->started_) return {};
  auto found = impl_->recover();
  if (!found) return tl::unexpected(found.error());
  // Owed before the undecided commands are decided: those may hold the terminations already.
  const auto owed = owed_terminations(impl_->state_);
  for (std::size_t i = 0; i < found->undecided.size(); i += impl_->options_.max_batch) {
    const auto end = std::min(found->undecided.size(), i + impl_->options_.max_batch);
    const std::vector<pending_command> chunk(found->undecided.begin() + i,
                                             found->undecided.begin() + end);
    if (auto ok = impl_->process(chunk); !ok) return ok;
  }
  if (auto ok = impl_->reissue_terminations(owed, *found); !ok) return ok;
  impl_->run_effects(impl_->orphaned_attempts(*found));
  auto sub = impl_->log_.subscribe(found->ends);
  if (!sub) return fail(errc::log_failure, "subscribing to the log failed: " + sub.error().message);
  impl_->subscription_ = std::move(*sub);
  impl_->started_ = true;
  impl_->thread_ = std::thread([this] { impl_->loop(); });
  return {};
}

void processor::stop() {
  if (!impl_) return;
  impl_->stopping_.store(true);
  if (impl_->thread_.joinable()) impl_->thread_.join();
  impl_->subscription_.reset();
}

std::uint64_t processor::skipped_records() const { return impl_->skipped_.load(); }

}  // namespace runlog::engine
