#include "deciders.hpp"
#include "evolve.hpp"

namespace runlog::engine {

decision decide_create_workflow(const partition_state& state, const schemas::create_workflow& c,
                                const record_context& ctx) {
  const std::string name = trim_name(c.name);
  if (const auto tenant = state.tenants.find(ctx.tenant); tenant != state.tenants.end()) {
    if (tenant->second.workflow_by_name.contains(name)) {
      return reject(c, "WORKFLOW_NAME_CONFLICT", "a workflow named '" + name + "' already exists",
                    c.workflow_id);
    }
    if (tenant->second.workflows.contains(c.workflow_id)) {  // deleted ones too: ids stay used
      return reject(c, "WORKFLOW_ALREADY_EXISTS", "workflow '" + c.workflow_id + "' already exists",
                    c.workflow_id);
    }
  }
  if (auto def = parse_new_definition(c.definition); !def) {
    return reject(c, "INVALID_WORKFLOW_CONFIG", def.error().message, c.workflow_id);
  }
  decision d;
  d.events.push_back(schemas::workflow_created{c.workflow_id, name, c.description, c.definition,
                                               c.version, "active"});
  return d;
}

}  // namespace runlog::engine
