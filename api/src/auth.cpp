#include "auth.hpp"

#include <string_view>

#include "errors.hpp"

namespace runlog::api::detail {
namespace {

http_response unauthorized(std::string_view code, std::string_view message) {
  http_response out = error_response(code, message);
  out.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"runlog\"");
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace

checked<principal> authenticate(const http_request& request, const token_keys& keys,
                                std::int64_t now_seconds) {
  if (!request.has_authorization) {
    return tl::unexpected(unauthorized("UNAUTHORIZED", "Authorization header required"));
  }
  std::string_view value = request.authorization;
  constexpr std::string_view scheme = "bearer ";
  if (value.size() <= scheme.size() || !iequals(value.substr(0, scheme.size()), scheme)) {
    return tl::unexpected(unauthorized("INVALID_TOKEN", "Authorization must be a Bearer token"));
  }
  value.remove_prefix(scheme.size());
  const auto first = value.find_first_not_of(' ');
  const auto last = value.find_last_not_of(" \t");
  if (first == std::string_view::npos) {
    return tl::unexpected(unauthorized("INVALID_TOKEN", "empty token"));
  }
  value = value.substr(first, last - first + 1);
  auto who = verify_token(value, keys, now_seconds);
  if (!who) return tl::unexpected(unauthorized("INVALID_TOKEN", who.error().message));
  return std::move(*who);
}

}  // namespace runlog::api::detail
