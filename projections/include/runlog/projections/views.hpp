#pragma once
/// Read models served by the API: plain structs, no RocksDB types.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/describe/class.hpp>
#include <nlohmann/json.hpp>

namespace runlog::projections {

struct workflow_view {
  std::string id;
  std::string customer_id;  ///< tenant
  std::string name;
  std::string description;
  nlohmann::json definition;
  std::string version;
  std::string status;  ///< "active" | "archived"
  std::string created_by;
  std::int64_t created_at = 0;  ///< Unix ms (record ts)
  std::int64_t updated_at = 0;
  int definition_version = 1;  ///< numbered definition version: 1 at create, +1 per new definition
};

/// One numbered definition version of a workflow (its history; written when it was created).
struct workflow_version_view {
  int version = 1;          ///< the numbered definition version
  std::string label;        ///< the workflow's semver `version` string when it was written
  nlohmann::json definition;
  std::int64_t created_at = 0;  ///< Unix ms (record ts)
  std::string created_by;       ///< actor of the record
};

struct node_view {
  std::string id;
  std::string type;
  std::string action;
  std::string status;  ///< pending | running | completed | failed | skipped
  int attempts = 0;
  std::optional<std::int64_t> started_at;
  std::optional<std::int64_t> finished_at;
  nlohmann::json output;  ///< null unless completed
  nlohmann::json error;   ///< null or { code, message }
};

struct run_view {
  std::string id;
  std::string workflow_id;
  std::string customer_id;
  std::string workflow_version;
  std::string status;  ///< queued | running | paused | completed | failed | terminated
  nlohmann::json inputs = nlohmann::json::object();
  nlohmann::json outputs;  ///< null until completed
  nlohmann::json error;    ///< null or { code, message, node_id }
  std::string created_by;
  std::int64_t started_at = 0;
  std::optional<std::int64_t> finished_at;
  std::vector<node_view> nodes;  ///< in definition order
  int definition_version = 1;    ///< the workflow's numbered definition version the run executes
};

/// A cron schedule of a workflow. next_run_at is not stored: it depends on the clock, so the
/// API computes it when it answers.
struct schedule_view {
  std::string id;
  std::string workflow_id;
  std::string customer_id;  ///< tenant
  std::string cron_expression;
  std::string timezone;  ///< IANA zone name
  nlohmann::json inputs = nlohmann::json::object();
  std::string missed_execution_policy;  ///< run_immediately | skip | queue
  bool enabled = true;
  std::optional<std::int64_t> last_run_at;  ///< Unix ms of the last firing; none yet
  std::string created_by;
  std::int64_t created_at = 0;  ///< Unix ms (record ts)
  std::int64_t updated_at = 0;
};
BOOST_DESCRIBE_STRUCT(schedule_view, (),
                      (id, workflow_id, customer_id, cron_expression, timezone, inputs,
                       missed_execution_policy, enabled, last_run_at, created_by, created_at,
                       updated_at))

/// The engine's answer to a command, keyed by the command record's id.
struct outcome {
  bool accepted = false;
  std::string code;        ///< rejection code ("" when accepted)
  std::string message;
  std::string subject_id;  ///< workflow or run id
};

/// The first request made with an Idempotency-Key (per tenant and scope), from its command.
struct idempotency_record {
  std::string request_hash;
  std::string command_id;  ///< its outcome (get_outcome) is the answer to repeat
  std::int64_t ts = 0;     ///< Unix ms of the command record
};

/// Idempotency scopes: a key is remembered per tenant and per operation.
inline std::string idempotency_scope_create() { return "workflow.create"; }
inline std::string idempotency_scope_execute(std::string_view workflow_id) {
  return "run.execute:" + std::string(workflow_id);
}

/// How long an Idempotency-Key is remembered.
inline constexpr std::int64_t kIdempotencyWindowMs = 24LL * 60 * 60 * 1000;

/// Per-workflow run statistics, maintained by the runs projection.
struct workflow_stats {
  std::int64_t runs_total = 0;    ///< runs ever queued (a rejected execute is not counted)
  std::int64_t runs_success = 0;  ///< runs that completed
  std::int64_t runs_failed = 0;   ///< runs that failed (terminated runs count in neither)
  std::int64_t duration_sum_ms = 0;  ///< sum of finished_at - started_at over completed+failed
};

/// Filters of the tenant-wide run listing; every member narrows when set.
struct run_filter {
  std::optional<std::string> status;
  std::optional<std::string> workflow_id;
  std::optional<std::int64_t> started_from;  ///< Unix ms, inclusive
  std::optional<std::int64_t> started_to;    ///< Unix ms, inclusive
};

struct page {
  std::size_t limit = 50;
  std::size_t offset = 0;
};

template <typename T>
struct listing {
  std::vector<T> items;
  std::size_t total = 0;  ///< all matching items, ignoring limit/offset
};

}  // namespace runlog::projections
