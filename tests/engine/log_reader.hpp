#pragma once
// Reading a real log back in engine tests: every record decoded, records by key and type, and
// a bounded wait for one to appear (the processor writes asynchronously).

#include <string>
#include <vector>

#include "runlog/eventlog/event_log.hpp"
#include "runlog/schemas/envelope.hpp"

namespace runlog::testing {

/// Every record of the log, decoded, in partition then offset order.
std::vector<schemas::envelope> read_all(eventlog::event_log& log);
/// Records of `key` whose type is `type`, in log order.
std::vector<schemas::envelope> find_records(eventlog::event_log& log, const std::string& key,
                                            const std::string& type);
/// Waits (at most 30 s, polling every 20 ms) until a record of `type` for `key` is in the log.
bool wait_for_record(eventlog::event_log& log, const std::string& key, const std::string& type);

}  // namespace runlog::testing
