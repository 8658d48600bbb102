#pragma once
/// Route handlers, one file per resource: health.cpp, workflows.cpp, runs.cpp,
/// run_search.cpp.
/// Each runs on an io thread, reads the projections synchronously and never blocks on the log.

#include "handler.hpp"

namespace runlog::api::detail {

/// GET /api/v2/workflows/health (public).
reply get_health(const request_context& ctx);

/// GET /api/v2/workflows
reply list_workflows(const request_context& ctx);
/// POST /api/v2/workflows
reply create_workflow(const request_context& ctx);
/// GET /api/v2/workflows/:id
reply get_workflow(const request_context& ctx);

/// GET /api/v2/workflows/:id/schema
reply get_workflow_schema(const request_context& ctx);
/// GET /api/v2/workflows/runs: runs of every workflow of the tenant (run_search.cpp).
reply search_runs(const request_context& ctx);

/// POST /api/v2/workflows/:id/execute
reply execute_workflow(const request_context& ctx);
/// GET /api/v2/workflows/:id/runs
reply list_runs(const request_context& ctx);
/// GET /api/v2/workflows/:id/runs/:runId
reply get_run(const request_context& ctx);
/// DELETE /api/v2/workflows/:id/runs/:runId
reply terminate_run(const request_context& ctx);

/// The workflow `:id` of the caller's tenant; 404 WORKFLOW_NOT_FOUND when missing or foreign.
checked<projections::workflow_view> load_workflow(const request_context& ctx);

}  // namespace runlog::api::detail
