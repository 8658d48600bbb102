#pragma once
/// Read models served by the API: plain structs, no RocksDB types.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

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
};

/// The engine's answer to a command, keyed by the command record's id.
struct outcome {
  bool accepted = false;
  std::string code;        ///< rejection code ("" when accepted)
  std::string message;
  std::string subject_id;  ///< workflow or run id
};

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
