#pragma once
/// Authentication of a request from its `Authorization: Bearer <JWT>` header.

#include <cstdint>

#include "query.hpp"
#include "runlog/api/jwt.hpp"

namespace runlog::api::detail {

/// The caller of `request`. Errors: 401 UNAUTHORIZED (no header), 401 INVALID_TOKEN
/// (anything else, the message says why); both carry `WWW-Authenticate: Bearer`.
checked<principal> authenticate(const http_request& request, const token_keys& keys,
                                std::int64_t now_seconds);

}  // namespace runlog::api::detail
