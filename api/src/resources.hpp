#pragma once
/// Route handlers, one file per resource: health.cpp, workflows.cpp, lifecycle.cpp,
/// versions.cpp, steps.cpp, runs.cpp, run_search.cpp, schedules.cpp.
/// Each runs on an io thread, reads the projections synchronously and never blocks on the log.

#include "handler.hpp"

namespace runlog::api::detail {

/// GET /api/v2/workflows/health (public).
reply get_health(const request_context& ctx);
/// GET /api/v2/openapi.json (public): the compiled-in api/openapi.json.
reply get_openapi(const request_context& ctx);
/// The OpenAPI 3.1 document of the whole API (generated from api/openapi.json).
std::string_view openapi_document();

/// GET /api/v2/workflows
reply list_workflows(const request_context& ctx);
/// POST /api/v2/workflows
reply create_workflow(const request_context& ctx);
/// GET /api/v2/workflows/:id
reply get_workflow(const request_context& ctx);

/// PATCH /api/v2/workflows/:id (lifecycle.cpp, like DELETE and clone)
reply update_workflow(const request_context& ctx);
/// DELETE /api/v2/workflows/:id: the workflow, its versions and runs go; active runs are
/// terminated by the engine.
reply delete_workflow(const request_context& ctx);
/// POST /api/v2/workflows/:id/clone
reply clone_workflow(const request_context& ctx);

/// GET /api/v2/workflows/:id/versions (versions.cpp)
reply list_versions(const request_context& ctx);
/// GET /api/v2/workflows/:id/versions/:version
reply get_version(const request_context& ctx);

/// GET /api/v2/workflows/:id/steps (steps.cpp)
reply list_steps(const request_context& ctx);
/// POST /api/v2/workflows/:id/steps
reply add_step(const request_context& ctx);
/// GET /api/v2/workflows/:id/steps/:stepId
reply get_step(const request_context& ctx);
/// DELETE /api/v2/workflows/:id/steps/:stepId
reply delete_step(const request_context& ctx);

/// GET /api/v2/workflows/:id/schema
reply get_workflow_schema(const request_context& ctx);
/// GET /api/v2/workflows/runs: runs of every workflow of the tenant (run_search.cpp).
reply search_runs(const request_context& ctx);
/// POST /api/v2/workflows/parse: an instruction -> a workflow definition (parse.cpp); a pure
/// query, nothing is appended to the log.
reply parse_workflow(const request_context& ctx);

/// POST /api/v2/workflows/:id/execute
reply execute_workflow(const request_context& ctx);
/// GET /api/v2/workflows/:id/runs
reply list_runs(const request_context& ctx);
/// GET /api/v2/workflows/:id/runs/:runId
reply get_run(const request_context& ctx);
/// DELETE /api/v2/workflows/:id/runs/:runId
reply terminate_run(const request_context& ctx);

/// POST /api/v2/workflows/:id/schedules (schedules.cpp)
reply create_schedule(const request_context& ctx);
/// GET /api/v2/workflows/:id/schedules: oldest created first
reply list_schedules(const request_context& ctx);
/// GET /api/v2/workflows/:id/schedules/:scheduleId
reply get_schedule(const request_context& ctx);
/// PATCH /api/v2/workflows/:id/schedules/:scheduleId
reply update_schedule(const request_context& ctx);
/// DELETE /api/v2/workflows/:id/schedules/:scheduleId
reply delete_schedule(const request_context& ctx);

/// The workflow `:id` of the caller's tenant; 404 WORKFLOW_NOT_FOUND when missing or foreign.
checked<projections::workflow_view> load_workflow(const request_context& ctx);

}  // namespace runlog::api::detail
