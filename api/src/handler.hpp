#pragma once
/// What a route handler sees and returns. Handlers are synchronous and free of Asio: a
/// mutation returns a `submit` (the command plus how to answer once the engine accepted it)
/// and dispatch.cpp appends it, waits for the outcome and maps rejections and timeouts.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <variant>

#include <nlohmann/json.hpp>

#include "http_types.hpp"
#include "query.hpp"
#include "runlog/api/jwt.hpp"
#include "runlog/projections/store.hpp"
#include "runlog/schemas/envelope.hpp"
#include "runlog/schemas/records.hpp"

namespace runlog::api::detail {

/// Path parameters, already checked: ids UUID-shaped and lower-cased, `:version` a positive
/// integer, `:stepId` a non-empty node id.
struct route_params {
  std::string workflow_id;  ///< `:id`
  std::string run_id;       ///< `:runId`
  std::string schedule_id;  ///< `:scheduleId`
  std::string step_id;      ///< `:stepId` (a node id of the definition)
  int version = 0;          ///< `:version` (a numbered definition version)
};

/// A command to make durable and have decided before answering.
struct submit {
  schemas::envelope command;
  /// Builds the 2xx once the engine accepted the command (its effects are projected by then).
  std::function<http_response(const projections::outcome&)> on_accepted;
  /// Kept alive until the request is answered (e.g. an Idempotency-Key hold).
  std::shared_ptr<void> hold = nullptr;
};

class idempotency_gate;

using reply = std::variant<http_response, submit>;

/// A new, empty gate (defined in idempotency.cpp, where the type is complete).
std::shared_ptr<idempotency_gate> make_idempotency_gate();

/// Services handlers use. Outlives every request.
struct handler_env {
  projections::store& views;
  std::function<std::int64_t()> now_ms;  ///< Unix ms; the clock stamped on commands
  /// Idempotency-Keys with a request in flight on this node (idempotency.hpp).
  std::shared_ptr<idempotency_gate> idempotency = make_idempotency_gate();
};

struct request_context {
  const http_request& request;
  const principal& who;       ///< empty on public routes
  const route_params& params;
  const query_params& query;
  const nlohmann::json& body;  ///< a JSON object ({} when the route takes no body or it is empty)
  const handler_env& env;
};

using handler_fn = reply (*)(const request_context&);

/// Wraps `cmd` into a command envelope: new UUIDv4 id (also the correlation), `key`, tenant
/// and actor from the caller, ts = now.
schemas::envelope make_command(const request_context& ctx, const schemas::command& cmd,
                               std::string key);

}  // namespace runlog::api::detail
