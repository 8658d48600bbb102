#pragma once
/// Engine state of one partition: a pure fold of the partition's records (see evolve()).
/// Plain data, owned by the partition's single writer thread.

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "runlog/schemas/records.hpp"
#include "runlog/workflow/definition.hpp"

namespace runlog::engine {

// The engine runs definitions of the workflow language (runlog::workflow): its vocabulary
// (definition, node, node_type, parse_definition, templates) reads unqualified here.
using namespace runlog::workflow;

/// What deciding needs to know about one workflow. A deleted workflow stays as a tombstone:
/// its id is never reused and runs of it are refused.
struct workflow_info {
  std::string name;
  std::string status = "active";  ///< "active" | "archived"
  int definition_version = 1;     ///< numbered definition version, 1 at create
  /// std::hash of the definition's compact JSON (keys sorted, so equal JSON hashes equal): tells
  /// a changed definition from the same one without keeping every definition in memory.
  std::size_t definition_hash = 0;
  bool deleted = false;
};

/// A schedule of a workflow (decide_schedule.cpp): its workflow and current settings.
struct schedule_state {
  std::string workflow_id;
  schemas::schedule_settings settings;
};

/// Workflows of one tenant, as far as deciding commands needs them.
struct tenant_state {
  std::unordered_map<std::string, std::string> workflow_by_name;  ///< name -> id (not deleted)
  std::unordered_map<std::string, std::string> name_by_workflow;  ///< id -> name (not deleted)
  std::unordered_map<std::string, workflow_info> workflows;       ///< by id, deleted included
  /// Schedules by id; a deleted schedule, or one whose workflow was deleted, is erased.
  std::unordered_map<std::string, schedule_state> schedules;
};

enum class node_status { pending, running, completed, failed, skipped };
enum class run_status { running, paused, completed, failed, terminated };

/// Stable lower-case names ("pending", "running", ...), as used by the API.
std::string_view to_string(node_status s);
std::string_view to_string(run_status s);
/// completed, failed and terminated are terminal: no event changes such a run any more.
bool is_terminal(run_status s);

struct node_state {
  node_status status = node_status::pending;
  int attempt = 0;  ///< attempts started so far
  nlohmann::json output;  ///< recorded output (completed nodes)
  std::string error_code;
  std::string error_message;
};

struct run_state {
  std::string run_id;
  std::string tenant;
  std::string workflow_id;
  run_status status = run_status::running;
  /// The pinned definition: immutable and shared, so copying a run_state (decide() evolves a
  /// copy of the run it touches) stays cheap. Never null for a running run; terminal runs are
  /// compacted (def, inputs and nodes dropped): only their status is needed any more.
  std::shared_ptr<const definition> def;
  nlohmann::json inputs = nlohmann::json::object();
  std::vector<node_state> nodes;  ///< parallel to def->nodes
};

/// Everything one partition's writer knows.
struct partition_state {
  std::unordered_map<std::string, tenant_state> tenants;  ///< by tenant id
  std::unordered_map<std::string, run_state> runs;        ///< by run id
};

}  // namespace runlog::engine
