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

#include <nlohmann/json.hpp>

#include "runlog/schemas/envelope.hpp"
#include "runlog/schemas/error.hpp"

namespace runlog::schemas {

// ---- commands (appended by the API or the scheduler, decided by the engine) ----

/// "workflow.create" v1, key = tenant. The API picks `workflow_id` so the decision is pure.
struct create_workflow {
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

/// The fields a workflow update may change; an absent field stays as it is.
struct workflow_changes {
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<nlohmann::json> definition;  ///< a new definition = a new numbered version
  std::optional<std::string> version;        ///< the semver label
  std::optional<std::string> status;         ///< "active" | "archived"
  friend bool operator==(const workflow_changes&, const workflow_changes&) = default;
};

/// "workflow.update" v1, key = tenant: PATCH, and the steps API (each a new definition).
struct update_workflow {
  std::string workflow_id;
  workflow_changes changes;
  /// Optimistic concurrency for read-modify-write edits (steps API): the definition version
  /// the edit was based on; 0 = unconditional.
  int expected_definition_version = 0;
  friend bool operator==(const update_workflow&, const update_workflow&) = default;
};

/// "workflow.delete" v1, key = tenant. Cascades: active runs are terminated, schedules go.
struct delete_workflow {
  std::string workflow_id;
  friend bool operator==(const delete_workflow&, const delete_workflow&) = default;
};

/// The settings of a schedule (cron, timezone, inputs, policy, enabled).
struct schedule_settings {
  std::string cron_expression;
  std::string timezone = "UTC";
  nlohmann::json inputs = nlohmann::json::object();
  std::string missed_execution_policy = "run_immediately";  ///< run_immediately | skip | queue
  bool enabled = true;
  friend bool operator==(const schedule_settings&, const schedule_settings&) = default;
};

/// The fields a schedule update may change; an absent field stays as it is.
struct schedule_changes {
  std::optional<std::string> cron_expression;
  std::optional<std::string> timezone;
  std::optional<nlohmann::json> inputs;
  std::optional<std::string> missed_execution_policy;
  std::optional<bool> enabled;
  friend bool operator==(const schedule_changes&, const schedule_changes&) = default;
};

/// "schedule.create" v1, key = tenant. The API validated cron and timezone.
struct create_schedule {
  std::string schedule_id;
  std::string workflow_id;
  schedule_settings settings;
  friend bool operator==(const create_schedule&, const create_schedule&) = default;
};

/// "schedule.update" v1, key = tenant.
struct update_schedule {
  std::string schedule_id;
  std::string workflow_id;
  schedule_changes changes;
  friend bool operator==(const update_schedule&, const update_schedule&) = default;
};

/// "schedule.delete" v1, key = tenant.
struct delete_schedule {
  std::string schedule_id;
  std::string workflow_id;
  friend bool operator==(const delete_schedule&, const delete_schedule&) = default;
};

/// "run.execute" v1, key = run id. The API pins the definition it read from the workflow view.
struct execute_run {
  std::string run_id;
  std::string workflow_id;
  std::string workflow_version;  ///< the workflow's semver string at execute time
  nlohmann::json definition;
  nlohmann::json inputs = nlohmann::json::object();
  int definition_version = 1;  ///< the numbered definition version the run executes
  std::string idempotency_key{};  ///< as in create_workflow
  std::string request_hash{};
  friend bool operator==(const execute_run&, const execute_run&) = default;
};

/// "run.terminate" v1, key = run id.
struct terminate_run {
  std::string run_id;
  std::string reason;
  friend bool operator==(const terminate_run&, const terminate_run&) = default;
};

/// "run.report_step" v1, key = run id: a worker reports the result of one node attempt
/// (effects of non-pure nodes). Stale reports (old attempt, finished run) are rejected.
struct report_step {
  std::string run_id;
  std::string node_id;
  int attempt = 1;
  bool ok = false;
  nlohmann::json output;  ///< when ok
  std::string code;       ///< when !ok, e.g. "CONNECTOR_NOT_CONFIGURED"
  std::string message;    ///< when !ok
  friend bool operator==(const report_step&, const report_step&) = default;
};

using command = std::variant<create_workflow, execute_run, terminate_run, report_step,
                             update_workflow, delete_workflow, create_schedule, update_schedule,
                             delete_schedule>;

// ---- events (appended by the engine) ----

/// "workflow.created" v1, key = tenant.
struct workflow_created {
  std::string workflow_id;
  std::string name;
  std::string description;
  nlohmann::json definition;
  std::string version;
  std::string status = "active";
  friend bool operator==(const workflow_created&, const workflow_created&) = default;
};

/// "workflow.updated" v1, key = tenant: the changes applied. `definition_version` is the
/// workflow's numbered definition version after the update (incremented iff `definition` changed).
struct workflow_updated {
  std::string workflow_id;
  workflow_changes changes;
  int definition_version = 1;
  friend bool operator==(const workflow_updated&, const workflow_updated&) = default;
};

/// "workflow.deleted" v1, key = tenant. Read models drop the workflow, its runs and schedules.
struct workflow_deleted {
  std::string workflow_id;
  std::string name;
  friend bool operator==(const workflow_deleted&, const workflow_deleted&) = default;
};

/// "schedule.created" v1, key = tenant.
struct schedule_created {
  std::string schedule_id;
  std::string workflow_id;
  schedule_settings settings;
  friend bool operator==(const schedule_created&, const schedule_created&) = default;
};

/// "schedule.updated" v1, key = tenant: the changes applied.
struct schedule_updated {
  std::string schedule_id;
  std::string workflow_id;
  schedule_changes changes;
  friend bool operator==(const schedule_updated&, const schedule_updated&) = default;
};

/// "schedule.deleted" v1, key = tenant.
struct schedule_deleted {
  std::string schedule_id;
  std::string workflow_id;
  friend bool operator==(const schedule_deleted&, const schedule_deleted&) = default;
};

/// "command.rejected" v1, key = the rejected command's key. `code` is an API error code
/// (e.g. "WORKFLOW_NAME_CONFLICT", "INVALID_WORKFLOW_CONFIG", "EXECUTION_ALREADY_TERMINAL").
struct command_rejected {
  std::string command_type;
  std::string code;
  std::string message;
  std::string subject_id;  ///< workflow or run id the command was about
  friend bool operator==(const command_rejected&, const command_rejected&) = default;
};

/// "run.started" v1, key = run id. Pins the definition the run executes.
struct run_started {
  std::string run_id;
  std::string workflow_id;
  std::string workflow_version;
  nlohmann::json definition;
  nlohmann::json inputs = nlohmann::json::object();
  int definition_version = 1;
  friend bool operator==(const run_started&, const run_started&) = default;
};

/// "run.step_started" v1: attempt `attempt` (1-based) of node `node_id` began.
struct step_started {
  std::string run_id;
  std::string node_id;
  int attempt = 1;
  friend bool operator==(const step_started&, const step_started&) = default;
};

/// "run.step_completed" v1: the recorded output of a node (replay never re-evaluates).
struct step_completed {
  std::string run_id;
  std::string node_id;
  int attempt = 1;
  nlohmann::json output;
  friend bool operator==(const step_completed&, const step_completed&) = default;
};

/// "run.step_failed" v1: an attempt failed; `will_retry` says whether another attempt follows.
struct step_failed {
  std::string run_id;
  std::string node_id;
  int attempt = 1;
  std::string code;
  std::string message;
  bool will_retry = false;
  friend bool operator==(const step_failed&, const step_failed&) = default;
};

/// "run.step_skipped" v1: a node will not run (its gating condition is not met).
struct step_skipped {
  std::string run_id;
  std::string node_id;
  std::string reason;
  friend bool operator==(const step_skipped&, const step_skipped&) = default;
};

/// "run.paused" v1: the run waits for a human (an approval node) — until resumed or terminated.
struct run_paused {
  std::string run_id;
  std::string node_id;  ///< the approval node waiting
  friend bool operator==(const run_paused&, const run_paused&) = default;
};

/// "run.completed" v1: terminal success.
struct run_completed {
  std::string run_id;
  nlohmann::json outputs = nlohmann::json::object();
  friend bool operator==(const run_completed&, const run_completed&) = default;
};

/// "run.failed" v1: terminal failure.
struct run_failed {
  std::string run_id;
  std::string code;
  std::string message;
  std::string node_id;  ///< the node that failed the run, "" if none
  friend bool operator==(const run_failed&, const run_failed&) = default;
};

/// "run.terminated" v1: terminal, by request.
struct run_terminated {
  std::string run_id;
  std::string reason;
  friend bool operator==(const run_terminated&, const run_terminated&) = default;
};

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
