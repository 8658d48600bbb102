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

}  // namespace runlog::api::detail
