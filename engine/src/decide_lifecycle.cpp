#include "deciders.hpp"

namespace runlog::engine {

decision decide_update_workflow(const partition_state&, const schemas::update_workflow& c, const record_context&) {
  return reject(c, "NOT_IMPLEMENTED", "not implemented yet", "");
}

decision decide_delete_workflow(const partition_state&, const schemas::delete_workflow& c, const record_context&) {
  return reject(c, "NOT_IMPLEMENTED", "not implemented yet", "");
}

}  // namespace runlog::engine
