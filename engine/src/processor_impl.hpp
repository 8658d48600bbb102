#pragma once
// Internals of the processor, shared by processor.cpp (live loop, deciding, effects) and
// recovery.cpp (folding the log at start).

#include <atomic>
#include <cstdint>
#include <deque>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "node_executor.hpp"
#include "runlog/engine/decide.hpp"
#include "runlog/engine/processor.hpp"
#include "runlog/engine/state.hpp"
#include "runlog/schemas/envelope.hpp"

namespace runlog::engine {

// A command read from the log, with the envelope fields deciding and wrapping need.
struct pending_command {
  schemas::command command;
  std::string id;
  std::string key;
  std::string tenant;
  std::int64_t ts = 0;
  std::string actor;
  std::string correlation;
};

// Where a running attempt came from, so a re-dispatch after recovery can name its cause.
struct attempt_origin {
  std::string tenant;
  std::string correlation;
  std::string started_event_id;
};

// An attempt ready to be handed to the node executor.
struct dispatch {
  node_task task;
  attempt_origin origin;
};

// A non-pure node attempt that was running when recovery reached the end of the log.
struct running_attempt {
  std::string run_id;
  std::size_t node_index = 0;
  int attempt = 0;
};

// What one batch of decisions asks to do once its events are durable.
struct effects_to_run {
  std::vector<dispatch> work;                         // node attempts
  std::vector<eventlog::record_to_append> commands;  // commands to append (terminations)
};

// What recovery found besides the state.
struct recovery {
  std::vector<running_attempt> running;
  std::vector<pending_command> undecided;                   // in log order per partition
  std::vector<eventlog::start_at> ends;                     // where the live subscription starts
  std::unordered_map<std::string, attempt_origin> origins;  // by run_id + '\n' + node_id
  // The workflow.deleted event of each deleted workflow, by tenant + '\n' + workflow_id.
  std::unordered_map<std::string, attempt_origin> deletions;
};

struct processor::impl {
  impl(eventlog::event_log& l, processor_options o);

  // recovery.cpp: folds every owned partition up to its current end.
  [[nodiscard]] result<recovery> recover();
  [[nodiscard]] result<void> fold_partition(eventlog::partition_id p, recovery& found);
  void fold_record(const eventlog::stored_record& r, std::deque<pending_command>& pending,
                   recovery& found);
  // Attempts that were running when the log ended and are still running at the same attempt
  // after the undecided commands were decided: their effect may never have run.
  [[nodiscard]] std::vector<dispatch> orphaned_attempts(const recovery& r) const;
  // Appends the terminations `owed` (found right after the fold) for the runs still active now:
  // a crash may have come between a workflow.deleted and its run.terminate commands.
  [[nodiscard]] result<void> reissue_terminations(const std::vector<append_terminate>& owed,
                                                  const recovery& r);

  // processor.cpp
  [[nodiscard]] result<void> process(const std::vector<pending_command>& commands);
  void run_effects(const std::vector<dispatch>& work);
  void collect_effects(const decision& d, const std::vector<std::string>& ids,
                       const attempt_origin& cause, effects_to_run& out);
  [[nodiscard]] eventlog::record_to_append terminate_command(const append_terminate& t,
                                                             const attempt_origin& origin);
  [[nodiscard]] result<void> append_commands(std::vector<eventlog::record_to_append> commands);
  void loop();
  // Decodes a record; nullopt for events and (counted, logged) undecodable records.
  std::optional<pending_command> read_command(const eventlog::stored_record& r);
  // The command inside a decoded command envelope; nullopt (counted, logged) when malformed.
  std::optional<pending_command> to_pending(const schemas::envelope& env,
                                            const eventlog::stored_record& r);
  void skip(const eventlog::stored_record& r, const std::string& why);

  eventlog::event_log& log_;
  processor_options options_;
  std::vector<eventlog::partition_id> partitions_;
  partition_state state_;
  std::unique_ptr<node_executor> executor_;
  std::unique_ptr<eventlog::subscription> subscription_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::uint64_t> skipped_{0};
  bool started_ = false;
};

// The state's record context of an envelope.
inline record_context context_of(const schemas::envelope& e) {
  return record_context{e.tenant, e.actor, e.ts};
}

}  // namespace runlog::engine
