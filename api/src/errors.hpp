#pragma once
/// Error responses: the one place that maps an API error code to an HTTP status.

#include <string_view>

#include "http_types.hpp"
#include "runlog/projections/views.hpp"
#include "runlog/schemas/error.hpp"

namespace runlog::api::detail {

/// The HTTP status of an API error code. Codes not listed are engine rejections: 409.
unsigned status_for(std::string_view code);

/// `{success:false, error:{code, message}}` with the status of `code`.
http_response error_response(std::string_view code, std::string_view message);

/// The response to a command the engine rejected.
http_response rejection_response(const projections::outcome& rejected);

/// 500 INTERNAL_ERROR; `cause` is logged to stderr, never sent to the client.
http_response internal_error(std::string_view where, const runlog::error& cause);
http_response internal_error(std::string_view where, std::string_view cause);

}  // namespace runlog::api::detail
