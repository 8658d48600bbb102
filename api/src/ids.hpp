#pragma once
/// UUIDs: minting (v4) and the shape check applied to ids taken from request paths.

#include <optional>
#include <string>
#include <string_view>

namespace runlog::api::detail {

/// A random RFC 4122 version-4 UUID, lower-case. Thread-safe (OpenSSL RAND_bytes).
std::string new_uuid_v4();

/// `text` lower-cased when it is UUID-shaped (8-4-4-4-12 hex digits), nullopt otherwise.
std::optional<std::string> canonical_uuid(std::string_view text);

}  // namespace runlog::api::detail
