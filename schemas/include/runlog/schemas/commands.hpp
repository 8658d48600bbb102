#pragma once
/// The commands of runlog (appended by the API or the scheduler, decided by the engine), each
/// described once: the rules are in records.hpp, which includes this file and holds the
/// catalog and the codec's entry points.

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <boost/describe/class.hpp>
#include <nlohmann/json.hpp>

namespace runlog::schemas {

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

}  // namespace runlog::schemas
