#include "deciders.hpp"

namespace runlog::engine {

decision decide_create_schedule(const partition_state&, const schemas::create_schedule& c, const record_context&) {
  return reject(c, "NOT_IMPLEMENTED", "not implemented yet", "");
}

decision decide_update_schedule(const partition_state&, const schemas::update_schedule& c, const record_context&) {
  return reject(c, "NOT_IMPLEMENTED", "not implemented yet", "");
}

decision decide_delete_schedule(const partition_state&, const schemas::delete_schedule& c, const record_context&) {
  return reject(c, "NOT_IMPLEMENTED", "not implemented yet", "");
}

}  // namespace runlog::engine
