#pragma once
/// The route table: every path the API serves, its methods, handler and requirements.

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "handler.hpp"

namespace runlog::api::detail {

struct route {
  http_method method;
  std::string_view pattern;  ///< literal segments and `:param` segments
  handler_fn handler;
  bool is_public;   ///< no Authorization required
  bool takes_body;  ///< the JSON body is parsed and handed to the handler
};

/// All routes, literal patterns before parameterised ones that could shadow them.
std::span<const route> route_table();

struct route_match {
  const route* found = nullptr;  ///< nullptr: unknown path, or known path but wrong method
  std::string allow;             ///< methods of a known path ("GET, POST"), "" when unknown
  std::vector<std::pair<std::string_view, std::string_view>> params;  ///< name -> raw segment
};

/// Finds the route of `method` and `path` (a trailing '/' is ignored).
route_match match_route(http_method method, std::string_view path);

/// Checks path parameters (UUID-shaped, lower-cased). Error: 404 WORKFLOW_NOT_FOUND or
/// EXECUTION_NOT_FOUND, exactly as for a missing id.
checked<route_params> check_params(const route_match& match);

}  // namespace runlog::api::detail
