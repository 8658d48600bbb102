#pragma once
/// Test helpers for the projections: typed records wrapped like the API and the engine wrap
/// them, a stock scenario over two tenants, and log-shaped batches built without a log.

#include <cstdint>
#include <string>
#include <vector>

#include "runlog/eventlog/event_log.hpp"
#include "runlog/schemas/records.hpp"

namespace runlog::testing {

/// Wraps records with increasing ts (1 s apart) and ids "<prefix>-<n>".
class record_factory {
 public:
  /// A command appended by the API: key given, no causation.
  schemas::envelope command(const schemas::command& c, const std::string& tenant,
                            const std::string& key, const std::string& actor = "user-1");
  /// An engine event caused by `cause`: same key, tenant and actor, causation = cause.id.
  schemas::envelope event(const schemas::event& e, const schemas::envelope& cause);

 private:
  std::int64_t ts_ = 1'700'000'000'000;
  int seq_ = 0;
};

/// The definition every scenario workflow uses: nodes a (transform) -> b (integration).
nlohmann::json two_node_definition();

/// The stock scenario, in log order. Tenant "acme": workflows wf-1 (active), wf-2 (active),
/// wf-3 (archived), a rejected create (command id in `rejected_create`); runs of wf-1:
/// run-1 completed (a retried once), run-2 failed at a, run-3 rejected (removed), run-4
/// terminated while a runs. Tenant "globex": workflow wf-9 and its run run-9 (running).
struct scenario {
  std::vector<schemas::envelope> records;
  std::string create_wf1;       ///< command id of wf-1's create
  std::string rejected_create;  ///< command id of the rejected create
  std::string execute_run1;     ///< command id of run-1's execute
  std::string execute_run3;     ///< command id of run-3's (rejected) execute
  std::string terminate_run4;   ///< command id of run-4's terminate
};
scenario make_scenario();

/// Encodes envelopes into records to append (key = envelope key).
std::vector<eventlog::record_to_append> to_append(const std::vector<schemas::envelope>& records);

/// Assigns partitions and offsets exactly as a log with `partitions` partitions would, given
/// that each partition already holds `start[p]` records (start empty = all zero).
std::vector<eventlog::stored_record> to_stored(const std::vector<schemas::envelope>& records,
                                               std::uint32_t partitions,
                                               std::vector<eventlog::offset> start = {});

}  // namespace runlog::testing
