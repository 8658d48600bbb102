#pragma once
/// The JSON body of a request.

#include <nlohmann/json.hpp>

#include "query.hpp"

namespace runlog::api::detail {

/// Maximum nesting of arrays/objects accepted in a body.
inline constexpr int max_json_depth = 64;

/// The body as a JSON object; an empty body is `{}`. Errors: 415 UNSUPPORTED_MEDIA_TYPE
/// (a body with a non-JSON Content-Type), 400 INVALID_JSON (malformed), 400 VALIDATION_ERROR
/// (not an object, or nested deeper than max_json_depth).
checked<nlohmann::json> parse_body(const http_request& request);

}  // namespace runlog::api::detail
