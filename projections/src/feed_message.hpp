#pragma once
// One feed message as the feed projection renders it, stores it and the store publishes it.

#include <string>

#include "runlog/eventlog/event_log.hpp"

namespace runlog::projections {

/// Plain data; copied into every inbox that wants it (shared, immutable once published).
struct feed_message {
  std::string tenant;
  std::string workflow_id;
  std::string run_id;
  eventlog::partition_id partition = 0;  ///< where the record that made it lives
  eventlog::offset off = 0;
  std::string body;  ///< the JSON object, without its cursor (that depends on the subscriber)
};

}  // namespace runlog::projections
