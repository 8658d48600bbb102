#pragma once
/// Query strings and the list parameters shared by every listing route.

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "http_types.hpp"
#include "runlog/projections/views.hpp"

namespace runlog::api::detail {

/// A value or the error response to send instead.
template <typename T>
using checked = tl::expected<T, http_response>;

/// Decoded query parameters; when a name repeats, the last value wins.
using query_params = std::map<std::string, std::string, std::less<>>;

/// Parses "a=1&b=x%20y" (percent-decoding, '+' as space). Error: 400 VALIDATION_ERROR on
/// malformed percent-encoding.
checked<query_params> parse_query(std::string_view query);

inline constexpr std::size_t default_limit = 50;
inline constexpr std::size_t max_limit = 200;

/// `limit` (1..200, default 50) and `offset` (>= 0, default 0), decimal digits only.
/// Error: 400 VALIDATION_ERROR naming the parameter.
checked<projections::page> parse_page(const query_params& query);

/// The `status` filter: absent, or one of `allowed`. Error: 400 VALIDATION_ERROR.
checked<std::optional<std::string>> parse_status(const query_params& query,
                                                 std::span<const std::string_view> allowed);

}  // namespace runlog::api::detail
