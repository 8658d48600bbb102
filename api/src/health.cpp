#include "respond.hpp"
#include "resources.hpp"
#include "runlog/schemas/time.hpp"

namespace runlog::api::detail {

reply get_health(const request_context& ctx) {
  return json_response(200, {{"status", "ok"},
                             {"service", "workflows-api-v2"},
                             {"version", "2.0.0"},
                             {"timestamp", schemas::format_iso8601(ctx.env.now_ms())}});
}

reply get_openapi(const request_context&) {
  http_response out;
  out.status = 200;
  out.body = std::string(openapi_document());
  return out;
}

}  // namespace runlog::api::detail
