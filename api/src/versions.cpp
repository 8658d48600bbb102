// Version history of a workflow's definition: every numbered definition version (1 at create,
// +1 for each new definition), ascending by number.
#include "errors.hpp"
#include "resources.hpp"
#include "respond.hpp"
#include "runlog/schemas/time.hpp"

namespace runlog::api::detail {
namespace {

using nlohmann::json;

json render_version(const projections::workflow_version_view& v, bool with_definition) {
  json out = {{"version", v.version},
              {"label", v.label},
              {"created_at", schemas::format_iso8601(v.created_at)},
              {"created_by", v.created_by}};
  if (with_definition) out["definition"] = v.definition;
  return out;
}

}  // namespace

reply list_versions(const request_context& ctx) {
  auto workflow = load_workflow(ctx);
  if (!workflow) return workflow.error();
  const auto listed = ctx.env.views.list_workflow_versions(ctx.who.tenant, workflow->id);
  if (!listed) return internal_error("list versions", listed.error());
  json items = json::array();
  for (const auto& v : *listed) items.push_back(render_version(v, false));
  const std::size_t count = items.size();
  return json_response(200, {{"success", true}, {"versions", std::move(items)}, {"count", count}});
}

reply get_version(const request_context& ctx) {
  auto workflow = load_workflow(ctx);
  if (!workflow) return workflow.error();
  const auto found =
      ctx.env.views.get_workflow_version(ctx.who.tenant, workflow->id, ctx.params.version);
  if (!found) return internal_error("get version", found.error());
  if (!*found) return error_response("VERSION_NOT_FOUND", "Workflow version not found");
  return json_response(200, {{"success", true}, {"version", render_version(**found, true)}});
}

}  // namespace runlog::api::detail
