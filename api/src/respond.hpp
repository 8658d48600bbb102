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

/// A run as the API shows it; `with_nodes` for the single-run GET and the execute response.
nlohmann::json render_run(const projections::run_view& r, bool with_nodes);

}  // namespace runlog::api::detail
