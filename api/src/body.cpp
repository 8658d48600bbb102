#include "body.hpp"

#include <string_view>

#include "errors.hpp"

namespace runlog::api::detail {
namespace {

bool is_json_media_type(std::string_view content_type) {
  const auto semi = content_type.find(';');
  std::string_view media = content_type.substr(0, semi);
  const auto first = media.find_first_not_of(" \t");
  const auto last = media.find_last_not_of(" \t");
  if (first == std::string_view::npos) return false;
  media = media.substr(first, last - first + 1);
  std::string lower(media);
  for (char& c : lower) c = (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
  return lower == "application/json" ||
         (lower.starts_with("application/") && lower.ends_with("+json"));
}

// The parser itself copes with depth, but dumping and destroying deep values recurse:
// refuse them before they exist.
bool nested_too_deeply(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_json_depth) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

}  // namespace

checked<nlohmann::json> parse_body(const http_request& request) {
  if (request.body.empty()) return nlohmann::json::object();
  if (request.has_content_type && !is_json_media_type(request.content_type)) {
    return tl::unexpected(
        error_response("UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json"));
  }
  if (nested_too_deeply(request.body)) {
    return tl::unexpected(error_response("VALIDATION_ERROR", "JSON body is nested too deeply"));
  }
  nlohmann::json value = nlohmann::json::parse(request.body, nullptr, false);
  if (value.is_discarded()) {
    return tl::unexpected(error_response("INVALID_JSON", "Request body is not valid JSON"));
  }
  if (!value.is_object()) {
    return tl::unexpected(error_response("VALIDATION_ERROR", "Request body must be a JSON object"));
  }
  return value;
}

}  // namespace runlog::api::detail
