#pragma once
/// The events of runlog (appended by the engine), each described once: the rules are in
/// records.hpp, which includes this file and holds the catalog and the codec's entry points.

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <boost/describe/class.hpp>
#include <nlohmann/json.hpp>

#include "runlog/schemas/commands.hpp"  // workflow_changes, schedule_settings, ...

namespace runlog::schemas {

// ---- events (appended by the engine) ----

/// "workflow.created" v1, key = tenant.
struct workflow_created {
  static constexpr std::string_view record_type = "workflow.created";
  static constexpr int record_version = 1;
  static constexpr std::string_view required_fields[] = {"workflow_id", "name", "definition"};
  static constexpr std::string_view blank_means_default[] = {"status"};
  std::string workflow_id;
  std::string name;
  std::string description;
  nlohmann::json definition;
  std::string version;
  std::string status = "active";
  friend bool operator==(const workflow_created&, const workflow_created&) = default;
};
BOOST_DESCRIBE_STRUCT(workflow_created, (),
                      (workflow_id, name, description, definition, version, status))

/// "workflow.updated" v1, key = tenant: the changes applied. `definition_version` is the
/// workflow's numbered definition version after the update (incremented iff `definition` changed).
struct workflow_updated {
  static constexpr std::string_view record_type = "workflow.updated";
  static constexpr int record_version = 1;
  static constexpr std::string_view required_fields[] = {"workflow_id"};
  std::string workflow_id;
  workflow_changes changes;
  int definition_version = 1;
  friend bool operator==(const workflow_updated&, const workflow_updated&) = default;
};
BOOST_DESCRIBE_STRUCT(workflow_updated, (), (workflow_id, changes, definition_version))

/// "workflow.deleted" v1, key = tenant. Read models drop the workflow, its runs and schedules.
struct workflow_deleted {
  static constexpr std::string_view record_type = "workflow.deleted";
  static constexpr int record_version = 1;
  static constexpr std::string_view required_fields[] = {"workflow_id"};
  std::string workflow_id;
  std::string name;
  friend bool operator==(const workflow_deleted&, const workflow_deleted&) = default;
};
BOOST_DESCRIBE_STRUCT(workflow_deleted, (), (workflow_id, name))

/// "schedule.created" v1, key = tenant.
struct schedule_created {
  static constexpr std::string_view record_type = "schedule.created";
  static constexpr int record_version = 1;
  static constexpr std::string_view required_fields[] = {"schedule_id", "workflow_id"};
  std::string schedule_id;
  std::string workflow_id;
  schedule_settings settings;
  friend bool operator==(const schedule_created&, const schedule_created&) = default;
};
BOOST_DESCRIBE_STRUCT(schedule_created, (), (schedule_id, workflow_id, settings))

/// "schedule.updated" v1, key = tenant: the changes applied.
struct schedule_updated {
  static constexpr std::string_view record_type = "schedule.updated";
  static constexpr int record_version = 1;
  static constexpr std::string_view required_fields[] = {"schedule_id", "workflow_id"};
  std::string schedule_id;
  std::string workflow_id;
  schedule_changes changes;
  friend bool operator==(const schedule_updated&, const schedule_updated&) = default;
};
BOOST_DESCRIBE_STRUCT(schedule_updated, (), (schedule_id, workflow_id, changes))

/// "schedule.deleted" v1, key = tenant.
struct schedule_deleted {
  static constexpr std::string_view record_type = "schedule.deleted";
  static constexpr int record_version = 1;
  static constexpr std::string_view required_fields[] = {"schedule_id", "workflow_id"};
  std::string schedule_id;
  std::string workflow_id;
  friend bool operator==(const schedule_deleted&, const schedule_deleted&) = default;
};
BOOST_DESCRIBE_STRUCT(schedule_deleted, (), (schedule_id, workflow_id))

/// "command.rejected" v1, key = the rejected command's key. `code` is an API error code
/// (e.g. "WORKFLOW_NAME_CONFLICT", "INVALID_WORKFLOW_CONFIG", "EXECUTION_ALREADY_TERMINAL").
struct command_rejected {
  static constexpr std::string_view record_type = "command.rejected";
  static constexpr int record_version = 1;
  static constexpr std::string_view required_fields[] = {"command_type", "code"};
  std::string command_type;
  std::string code;
  std::string message;
  std::string subject_id;  ///< workflow or run id the command was about
  friend bool operator==(const command_rejected&, const command_rejected&) = default;
};
BOOST_DESCRIBE_STRUCT(command_rejected, (), (command_type, code, message, subject_id))

/// "run.started" v1, key = run id. Pins the definition the run executes.
struct run_started {
  static constexpr std::string_view record_type = "run.started";
  static constexpr int record_version = 1;
  static constexpr std::string_view required_fields[] = {"run_id", "workflow_id", "definition"};
  std::string run_id;
  std::string workflow_id;
  std::string workflow_version;
  nlohmann::json definition;
  nlohmann::json inputs = nlohmann::json::object();
  int definition_version = 1;
  friend bool operator==(const run_started&, const run_started&) = default;
};
BOOST_DESCRIBE_STRUCT(run_started, (),
                      (run_id, workflow_id, workflow_version, definition, inputs,
                       definition_version))

/// "run.step_started" v1: attempt `attempt` (1-based) of node `node_id` began.
struct step_started {
  static constexpr std::string_view record_type = "run.step_started";
  static constexpr int record_version = 1;
  static constexpr std::string_view required_fields[] = {"run_id", "node_id"};
  std::string run_id;
  std::string node_id;
  int attempt = 1;
  friend bool operator==(const step_started&, const step_started&) = default;
};
BOOST_DESCRIBE_STRUCT(step_started, (), (run_id, node_id, attempt))

/// "run.step_completed" v1: the recorded output of a node (replay never re-evaluates).
struct step_completed {
  static constexpr std::string_view record_type = "run.step_completed";
  static constexpr int record_version = 1;
  static constexpr std::string_view required_fields[] = {"run_id", "node_id"};
  static constexpr std::string_view any_json_fields[] = {"output"};
  std::string run_id;
  std::string node_id;
  int attempt = 1;
  nlohmann::json output;
  friend bool operator==(const step_completed&, const step_completed&) = default;
};
BOOST_DESCRIBE_STRUCT(step_completed, (), (run_id, node_id, attempt, output))

/// "run.step_failed" v1: an attempt failed; `will_retry` says whether another attempt follows.
struct step_failed {
  static constexpr std::string_view record_type = "run.step_failed";
  static constexpr int record_version = 1;
  static constexpr std::string_view required_fields[] = {"run_id", "node_id"};
  std::string run_id;
  std::string node_id;
  int attempt = 1;
  std::string code;
  std::string message;
  bool will_retry = false;
  friend bool operator==(const step_failed&, const step_failed&) = default;
};
BOOST_DESCRIBE_STRUCT(step_failed, (), (run_id, node_id, attempt, code, message, will_retry))

/// "run.step_skipped" v1: a node will not run (its gating condition is not met).
struct step_skipped {
  static constexpr std::string_view record_type = "run.step_skipped";
  static constexpr int record_version = 1;
  static constexpr std::string_view required_fields[] = {"run_id", "node_id"};
  std::string run_id;
  std::string node_id;
  std::string reason;
  friend bool operator==(const step_skipped&, const step_skipped&) = default;
};
BOOST_DESCRIBE_STRUCT(step_skipped, (), (run_id, node_id, reason))

/// "run.paused" v1: the run waits for a human (an approval node) — until resumed or terminated.
struct run_paused {
  static constexpr std::string_view record_type = "run.paused";
  static constexpr int record_version = 1;
  static constexpr std::string_view required_fields[] = {"run_id"};
  std::string run_id;
  std::string node_id;  ///< the approval node waiting
  friend bool operator==(const run_paused&, const run_paused&) = default;
};
BOOST_DESCRIBE_STRUCT(run_paused, (), (run_id, node_id))

/// "run.completed" v1: terminal success.
struct run_completed {
  static constexpr std::string_view record_type = "run.completed";
  static constexpr int record_version = 1;
  static constexpr std::string_view required_fields[] = {"run_id"};
  std::string run_id;
  nlohmann::json outputs = nlohmann::json::object();
  friend bool operator==(const run_completed&, const run_completed&) = default;
};
BOOST_DESCRIBE_STRUCT(run_completed, (), (run_id, outputs))

/// "run.failed" v1: terminal failure.
struct run_failed {
  static constexpr std::string_view record_type = "run.failed";
  static constexpr int record_version = 1;
  static constexpr std::string_view required_fields[] = {"run_id"};
  std::string run_id;
  std::string code;
  std::string message;
  std::string node_id;  ///< the node that failed the run, "" if none
  friend bool operator==(const run_failed&, const run_failed&) = default;
};
BOOST_DESCRIBE_STRUCT(run_failed, (), (run_id, code, message, node_id))

/// "run.terminated" v1: terminal, by request.
struct run_terminated {
  static constexpr std::string_view record_type = "run.terminated";
  static constexpr int record_version = 1;
  static constexpr std::string_view required_fields[] = {"run_id"};
  std::string run_id;
  std::string reason;
  friend bool operator==(const run_terminated&, const run_terminated&) = default;
};
BOOST_DESCRIBE_STRUCT(run_terminated, (), (run_id, reason))

using event = std::variant<workflow_created, command_rejected, run_started, step_started,
                           step_completed, step_failed, step_skipped, run_paused, run_completed,
                           run_failed, run_terminated, workflow_updated, workflow_deleted,
                           schedule_created, schedule_updated, schedule_deleted>;

}  // namespace runlog::schemas
