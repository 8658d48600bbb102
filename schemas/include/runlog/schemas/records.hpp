#pragma once
/// Typed records: every command and event of runlog, with its stable name and version.
///
/// The catalog (`catalog()`) lists every record type this build knows. Names and versions are
/// never renamed or reused; a change of meaning is a new version whose old decoder stays
/// (see CONTRIBUTING.md, "add a record version"). Commands are imperative ("run.execute"),
/// events past tense ("run.started").
///
/// Keys: workflow records are keyed by tenant id (one writer decides name uniqueness per
/// tenant); run records are keyed by run id.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include <boost/describe/class.hpp>
#include <nlohmann/json.hpp>

#include "runlog/schemas/envelope.hpp"
#include "runlog/schemas/error.hpp"

namespace runlog::schemas {

// Each record is described once: its struct carries its stable name (`record_type`) and the
// version this build writes (`record_version`); BOOST_DESCRIBE_STRUCT lists its fields, from
// which the codec (records.cpp) derives encode, decode and the catalog. A field is written
// always and read with its member default when missing or null, unless the struct lists it in
//   required_fields      reading fails when it is missing or null;
//   omitted_when_empty   not written when it is an empty string;
//   blank_means_default  read as the member default when missing, null or "";
//   any_json_fields      a JSON field that may hold any value (otherwise it must be an object).
// std::optional fields are written only when present. The lists are checked against the
// described fields at compile time, and every field must be described.

// ---- commands (appended by the API or the scheduler, decided by the engine) ----

/// "workflow.create" v1, key = tenant. The API picks `workflow_id` so the decision is pure.
struct create_workflow {
  static constexpr std::string_view record_type = "workflow.create";
  static constexpr int record_version = 1;
  static constexpr std::string_view required_fields[] = {"workflow_id", "name", "definition"};
  static constexpr std::string_view omitted_when_empty[] = {"idempotency_key", "request_hash"};
  static constexpr std::string_view blank_means_default[] = {"version"};
  std::string workflow_id;
  std::string name;
  std::string description;
  nlohmann::json definition;  ///< { nodes: [...], inputs: {...}, outputs: {...} }
  std::string version = "1.0.0";
  /// Idempotency-Key of the request and a hash of its body ("" when the request had none):
  /// the projections index them so a repeated request finds the workflow it created.
  std::string idempotency_key{};
  std::string request_hash{};
  friend bool operator==(const create_workflow&, const create_workflow&) = default;
};
BOOST_DESCRIBE_STRUCT(create_workflow, (),
                      (workflow_id, name, description, definition, version, idempotency_key,
                       request_hash))

/// The fields a workflow update may change; an absent field stays as it is.
struct workflow_changes {
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<nlohmann::json> definition;  ///< a new definition = a new numbered version
  std::optional<std::string> version;        ///< the semver label
  std::optional<std::string> status;         ///< "active" | "archived"
  friend bool operator==(const workflow_changes&, const workflow_changes&) = default;
};
BOOST_DESCRIBE_STRUCT(workflow_changes, (), (name, description, definition, version, status))

/// "workflow.update" v1, key = tenant: PATCH, and the steps API (each a new definition).
struct update_workflow {
  static constexpr std::string_view record_type = "workflow.update";
  static constexpr int record_version = 1;
  static constexpr std::string_view required_fields[] = {"workflow_id"};
  std::string workflow_id;
  workflow_changes changes;
  /// Optimistic concurrency for read-modify-write edits (steps API): the definition version
  /// the edit was based on; 0 = unconditional.
  int expected_definition_version = 0;
  friend bool operator==(const update_workflow&, const update_workflow&) = default;
};
BOOST_DESCRIBE_STRUCT(update_workflow, (), (workflow_id, changes, expected_definition_version))

/// "workflow.delete" v1, key = tenant. Cascades: active runs are terminated, schedules go.
struct delete_workflow {
  static constexpr std::string_view record_type = "workflow.delete";
  static constexpr int record_version = 1;
  static constexpr std::string_view required_fields[] = {"workflow_id"};
  std::string workflow_id;
  friend bool operator==(const delete_workflow&, const delete_workflow&) = default;
};
BOOST_DESCRIBE_STRUCT(delete_workflow, (), (workflow_id))

/// The settings of a schedule (cron, timezone, inputs, policy, enabled).
struct schedule_settings {
  static constexpr std::string_view required_fields[] = {"cron_expression"};
  std::string cron_expression;
  std::string timezone = "UTC";
  nlohmann::json inputs = nlohmann::json::object();
  std::string missed_execution_policy = "run_immediately";  ///< run_immediately | skip | queue
  bool enabled = true;
  friend bool operator==(const schedule_settings&, const schedule_settings&) = default;
};
BOOST_DESCRIBE_STRUCT(schedule_settings, (),
                      (cron_expression, timezone, inputs, missed_execution_policy, enabled))

/// The fields a schedule update may change; an absent field stays as it is.
struct schedule_changes {
  std::optional<std::string> cron_expression;
  std::optional<std::string> timezone;
  std::optional<nlohmann::json> inputs;
  std::optional<std::string> missed_execution_policy;
  std::optional<bool> enabled;
  friend bool operator==(const schedule_changes&, const schedule_changes&) = default;
};
BOOST_DESCRIBE_STRUCT(schedule_changes, (),
                      (cron_expression, timezone, inputs, missed_execution_policy, enabled))

/// "schedule.create" v1, key = tenant. The API validated cron and timezone.
struct create_schedule {
  static constexpr std::string_view record_type = "schedule.create";
  static constexpr int record_version = 1;
  static constexpr std::string_view required_fields[] = {"schedule_id", "workflow_id"};
  std::string schedule_id;
  std::string workflow_id;
  schedule_settings settings;
  friend bool operator==(const create_schedule&, const create_schedule&) = default;
};
BOOST_DESCRIBE_STRUCT(create_schedule, (), (schedule_id, workflow_id, settings))

/// "schedule.update" v1, key = tenant.
struct update_schedule {
  static constexpr std::string_view record_type = "schedule.update";
  static constexpr int record_version = 1;
  static constexpr std::string_view required_fields[] = {"schedule_id", "workflow_id"};
  std::string schedule_id;
  std::string workflow_id;
  schedule_changes changes;
  friend bool operator==(const update_schedule&, const update_schedule&) = default;
};
BOOST_DESCRIBE_STRUCT(update_schedule, (), (schedule_id, workflow_id, changes))

/// "schedule.delete" v1, key = tenant.
struct delete_schedule {
  static constexpr std::string_view record_type = "schedule.delete";
  static constexpr int record_version = 1;
  static constexpr std::string_view required_fields[] = {"schedule_id", "workflow_id"};
  std::string schedule_id;
  std::string workflow_id;
  friend bool operator==(const delete_schedule&, const delete_schedule&) = default;
};
BOOST_DESCRIBE_STRUCT(delete_schedule, (), (schedule_id, workflow_id))

/// "run.execute" v1, key = run id. The API pins the definition it read from the workflow view.
struct execute_run {
  static constexpr std::string_view record_type = "run.execute";
  static constexpr int record_version = 1;
  static constexpr std::string_view required_fields[] = {"run_id", "workflow_id", "definition"};
  static constexpr std::string_view omitted_when_empty[] = {"idempotency_key", "request_hash"};
  std::string run_id;
  std::string workflow_id;
  std::string workflow_version;  ///< the workflow's semver string at execute time
  nlohmann::json definition;
  nlohmann::json inputs = nlohmann::json::object();
  int definition_version = 1;     ///< the numbered definition version the run executes
  std::string idempotency_key{};  ///< as in create_workflow
  std::string request_hash{};
  friend bool operator==(const execute_run&, const execute_run&) = default;
};
BOOST_DESCRIBE_STRUCT(execute_run, (),
                      (run_id, workflow_id, workflow_version, definition, inputs,
                       definition_version, idempotency_key, request_hash))

/// "run.terminate" v1, key = run id.
struct terminate_run {
  static constexpr std::string_view record_type = "run.terminate";
  static constexpr int record_version = 1;
  static constexpr std::string_view required_fields[] = {"run_id"};
  std::string run_id;
  std::string reason;
  friend bool operator==(const terminate_run&, const terminate_run&) = default;
};
BOOST_DESCRIBE_STRUCT(terminate_run, (), (run_id, reason))

/// "run.report_step" v1, key = run id: a worker reports the result of one node attempt
/// (effects of non-pure nodes). Stale reports (old attempt, finished run) are rejected.
struct report_step {
  static constexpr std::string_view record_type = "run.report_step";
  static constexpr int record_version = 1;
  static constexpr std::string_view required_fields[] = {"run_id", "node_id"};
  static constexpr std::string_view any_json_fields[] = {"output"};
  std::string run_id;
  std::string node_id;
  int attempt = 1;
  bool ok = false;
  nlohmann::json output;  ///< when ok
  std::string code;       ///< when !ok, e.g. "CONNECTOR_NOT_CONFIGURED"
  std::string message;    ///< when !ok
  friend bool operator==(const report_step&, const report_step&) = default;
};
BOOST_DESCRIBE_STRUCT(report_step, (), (run_id, node_id, attempt, ok, output, code, message))

using command =
    std::variant<create_workflow, execute_run, terminate_run, report_step, update_workflow,
                 delete_workflow, create_schedule, update_schedule, delete_schedule>;

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

// ---- the catalog ----

enum class record_kind { command, event };

/// One entry of the catalog: a record type and the newest version this build writes.
struct record_type_info {
  std::string_view name;
  int version;
  record_kind kind;
};

/// Every record type this build knows, in a stable order. Thread-safe (static data).
std::span<const record_type_info> catalog();

/// Looks a type up in the catalog; nullptr when unknown.
const record_type_info* find_type(std::string_view name);

/// The stable name of a typed record, e.g. type_name(execute_run{}) == "run.execute".
std::string_view type_name(const command& c);
std::string_view type_name(const event& e);

/// Metadata copied into the envelope when a typed record is wrapped.
struct record_meta {
  std::string id;
  std::string key;
  std::string tenant;
  std::int64_t ts = 0;
  std::string actor;
  std::string causation;
  std::string correlation;
};

/// Wraps a typed record into an envelope of its current version.
[[nodiscard]] envelope wrap(const command& c, record_meta meta);
[[nodiscard]] envelope wrap(const event& e, record_meta meta);

/// Reads the typed record out of an (already upcast) envelope.
/// Errors: unknown_type (also when the envelope holds the other kind), missing_field, wrong_type.
[[nodiscard]] result<command> to_command(const envelope& e);
[[nodiscard]] result<event> to_event(const envelope& e);

/// The kind of a record type name; nullopt when unknown.
std::optional<record_kind> kind_of(std::string_view type);

}  // namespace runlog::schemas
