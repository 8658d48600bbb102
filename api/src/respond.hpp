#pragma once
/// JSON responses and the rendering of read models into API bodies.

#include <nlohmann/json.hpp>

#include "http_types.hpp"
#include "runlog/projections/views.hpp"

namespace runlog::api::detail {

/// A response with `body` serialised as compact JSON (invalid UTF-8 replaced, never throws).
http_response json_response(unsigned status, const nlohmann::json& body);

/// A workflow as the API shows it; `with_definition` for single-workflow bodies.
nlohmann::json render_workflow(const projections::workflow_view& w, bool with_definition);

/// A workflow's run statistics; average_duration_ms (integer division) over completed and
/// failed runs, null when there are none.
nlohmann::json render_stats(const projections::workflow_stats& s);

/// A run as the API shows it; `with_nodes` for the single-run GET and the execute response
/// (then also `current_step`, the first running node in definition order or null, and
/// `total_steps`).
nlohmann::json render_run(const projections::run_view& r, bool with_nodes);
/// 200 {success, runs (without nodes), count, total}: the body of every run listing.
http_response runs_page(const projections::listing<projections::run_view>& listed);

}  // namespace runlog::api::detail
