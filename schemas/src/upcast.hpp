#pragma once
// Upcasting: every older version of a record type is rewritten, on read, into the newest
// version's shape. All types are at v1 today, so upcast only checks the version is known.

#include "runlog/schemas/envelope.hpp"

namespace runlog::schemas {

/// Rewrites `e.data` (and `e.v`) of an older version into the current one, in place.
/// Errors: unknown_type, unsupported_version (a record written by a newer build).
[[nodiscard]] result<void> upcast(envelope& e);

}  // namespace runlog::schemas
