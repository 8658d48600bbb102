#pragma once
/// The JSON body of a request.

#include <nlohmann/json.hpp>

#include "query.hpp"

namespace runlog::api::detail {

/// Maximum nesting of arrays/objects accepted in a body.
inline constexpr int max_json_depth = 64;

/// The body as a JSON object; an empty body is `{}`, whatever the headers. Errors:
/// 415 UNSUPPORTED_MEDIA_TYPE (a body without Content-Type, with a non-JSON one, or with a
/// charset other than utf-8), 400 INVALID_JSON (malformed, or starting with a UTF-8 BOM),
/// 400 VALIDATION_ERROR (not an object, nested deeper than max_json_depth, or an integer
/// literal outside int64/uint64, named by its path: such a number would be stored inexactly).
checked<nlohmann::json> parse_body(const http_request& request);

}  // namespace runlog::api::detail
