// workflow.created -> a workflow row and its entry in the tenant index (newest first).

#include "codec.hpp"
#include "keys.hpp"
#include "projection.hpp"

namespace runlog::projections {
namespace {

result<void> apply(const decoded_record& record, batch& rows) {
  const auto* event = std::get_if<schemas::event>(&record.typed);
  const auto* created = event ? std::get_if<schemas::workflow_created>(event) : nullptr;
  if (!created) return {};
  const schemas::envelope& env = record.env;
  std::string key = keys::workflow(env.tenant, created->workflow_id);
  auto existing = rows.get(key);
  if (!existing) return tl::unexpected(existing.error());
  if (*existing) return {};  // the first creation wins; a duplicate must not move the row

  workflow_view w;
  w.id = created->workflow_id;
  w.customer_id = env.tenant;
  w.name = created->name;
  w.description = created->description;
  w.definition = created->definition;
  w.version = created->version;
  w.status = created->status;
  w.created_by = env.actor;
  w.created_at = env.ts;
  w.updated_at = env.ts;
  rows.put(std::move(key), encode_workflow(w));
  rows.put(keys::workflow_index_entry(env.tenant, w.created_at, w.id), w.status);
  return {};
}

}  // namespace

const projection workflow_projection{"workflows", 1, &apply};

}  // namespace runlog::projections
