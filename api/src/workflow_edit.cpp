#include "workflow_edit.hpp"

#include "errors.hpp"
#include "respond.hpp"
#include "runlog/workflow/definition.hpp"

namespace runlog::api::detail {
namespace {

std::size_t utf8_length(std::string_view text) {
  std::size_t n = 0;
  for (const char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

bool is_blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// Unicode category Cc: C0 (U+0000..U+001F), DEL and C1 (U+0080..U+009F, UTF-8 C2 80..C2 9F).
// `allowed` lists the C0 characters that may appear anyway.
bool has_control_character(std::string_view text, std::string_view allowed) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && allowed.find(text[i]) == std::string_view::npos) || c == 0x7F) return true;
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
      return true;
    }
  }
  return false;
}

tl::unexpected<http_response> invalid(std::string_view message) {
  return tl::unexpected(error_response("VALIDATION_ERROR", message));
}

}  // namespace

bool is_semver(std::string_view text) {
  int parts = 0;
  while (parts < 3) {
    const auto digits = text.find_first_not_of("0123456789");
    const std::size_t len = digits == std::string_view::npos ? text.size() : digits;
    if (len == 0 || len > 9) return false;
    text.remove_prefix(len);
    ++parts;
    if (parts < 3) {
      if (text.empty() || text.front() != '.') return false;
      text.remove_prefix(1);
    }
  }
  return text.empty();
}

checked<std::string> check_name(const nlohmann::json& value) {
  if (!value.is_string()) return invalid("name must be a string");
  const auto& name = value.get_ref<const std::string&>();
  if (is_blank(name)) return invalid("name must not be empty");
  if (has_control_character(name, "")) {
    return invalid("name must not contain control characters (U+0000..U+001F, U+007F..U+009F)");
  }
  if (utf8_length(name) > max_name_chars) return invalid("name must be at most 200 characters");
  return name;
}

checked<std::string> check_description(const nlohmann::json& value) {
  if (!value.is_string()) return invalid("description must be a string");
  const auto& text = value.get_ref<const std::string&>();
  if (has_control_character(text, "\t\n\r")) {
    return invalid(
        "description must not contain control characters other than tab, line feed and "
        "carriage return");
  }
  return text;
}

checked<void> check_definition(const nlohmann::json& definition) {
  const auto nodes = definition.is_object() ? definition.find("nodes") : definition.end();
  if (!definition.is_object() || nodes == definition.end() || !nodes->is_array()) {
    return tl::unexpected(error_response("INVALID_WORKFLOW_CONFIG",
                                         "definition must be an object with a nodes array"));
  }
  if (const auto parsed = workflow::parse_new_definition(definition); !parsed) {
    return tl::unexpected(error_response("INVALID_WORKFLOW_CONFIG", parsed.error().message));
  }
  return {};
}

http_response workflow_response(const handler_env& env, const std::string& tenant,
                                const std::string& workflow_id, unsigned status) {
  const auto found = env.views.get_workflow(tenant, workflow_id);
  if (!found) return internal_error("answer workflow", found.error());
  if (!*found) return internal_error("answer workflow", "accepted workflow is not projected");
  return json_response(status, {{"success", true}, {"workflow", render_workflow(**found, true)}});
}

reply submit_update(const request_context& ctx, const schemas::update_workflow& cmd,
                    updated_answer answer) {
  return submit{make_command(ctx, cmd, ctx.who.tenant),
                [env = &ctx.env, tenant = ctx.who.tenant, id = cmd.workflow_id,
                 answer = std::move(answer)](const projections::outcome&) {
                  const auto found = env->views.get_workflow(tenant, id);
                  if (!found) return internal_error("update workflow", found.error());
                  // Deleted by a later command before this answer: as for any missing id.
                  if (!*found) return error_response("WORKFLOW_NOT_FOUND", "Workflow not found");
                  return answer(**found);
                }};
}

}  // namespace runlog::api::detail
