#include "errors.hpp"

#include <array>
#include <cstdio>
#include <string>
#include <utility>

#include "respond.hpp"

namespace runlog::api::detail {
namespace {

constexpr std::array<std::pair<std::string_view, unsigned>, 30> statuses{{
    {"VALIDATION_ERROR", 400},
    {"INVALID_JSON", 400},
    {"INVALID_REQUEST", 400},
    {"INVALID_WORKFLOW_CONFIG", 400},
    {"WORKFLOW_ARCHIVED", 400},
    {"EXECUTION_ALREADY_TERMINAL", 400},
    {"PARAMETER_VALIDATION_ERROR", 422},
    {"INVALID_SCHEDULE", 400},
    {"UNAUTHORIZED", 401},
    {"INVALID_TOKEN", 401},
    {"NOT_FOUND", 404},
    {"WORKFLOW_NOT_FOUND", 404},
    {"EXECUTION_NOT_FOUND", 404},
    {"SCHEDULE_NOT_FOUND", 404},
    {"VERSION_NOT_FOUND", 404},
    {"STEP_NOT_FOUND", 404},
    {"METHOD_NOT_ALLOWED", 405},
    {"WORKFLOW_NAME_CONFLICT", 409},
    {"WORKFLOW_ALREADY_EXISTS", 409},
    {"EXECUTION_ALREADY_EXISTS", 409},
    {"VERSION_CONFLICT", 409},
    {"STEP_ALREADY_EXISTS", 409},
    {"IDEMPOTENCY_KEY_REUSED", 422},
    {"PAYLOAD_TOO_LARGE", 413},
    {"UNSUPPORTED_MEDIA_TYPE", 415},
    {"REQUEST_HEADER_TOO_LARGE", 431},
    {"RATE_LIMIT_EXCEEDED", 429},
    {"UPGRADE_REQUIRED", 426},
    {"INTERNAL_ERROR", 500},
    {"COMMAND_TIMEOUT", 504},
}};

}  // namespace

unsigned status_for(std::string_view code) {
  for (const auto& [name, status] : statuses) {
    if (name == code) return status;
  }
  return 409;
}

http_response error_response(std::string_view code, std::string_view message) {
  const nlohmann::json body = {{"success", false},
                               {"error", {{"code", code}, {"message", message}}}};
  return json_response(status_for(code), body);
}

http_response rejection_response(const projections::outcome& rejected) {
  const std::string code = rejected.code.empty() ? "COMMAND_REJECTED" : rejected.code;
  return error_response(code, rejected.message.empty() ? "command rejected" : rejected.message);
}

http_response internal_error(std::string_view where, const runlog::error& cause) {
  return internal_error(where, cause.message + " (" + cause.code.message() + ")");
}

http_response internal_error(std::string_view where, std::string_view cause) {
  std::fprintf(stderr, "runlog api: %.*s: %.*s\n", static_cast<int>(where.size()), where.data(),
               static_cast<int>(cause.size()), cause.data());
  return error_response("INTERNAL_ERROR", "internal server error");
}

}  // namespace runlog::api::detail
