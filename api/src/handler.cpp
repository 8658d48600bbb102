#include "handler.hpp"

#include "ids.hpp"

namespace runlog::api::detail {

schemas::envelope make_command(const request_context& ctx, const schemas::command& cmd,
                               std::string key) {
  std::string id = new_uuid_v4();
  schemas::record_meta meta;
  meta.key = std::move(key);
  meta.tenant = ctx.who.tenant;
  meta.ts = ctx.env.now_ms();
  meta.actor = ctx.who.user;
  meta.correlation = id;  // an API command starts its own flow
  meta.id = std::move(id);
  return schemas::wrap(cmd, std::move(meta));
}

}  // namespace runlog::api::detail
