#pragma once
/// Base64url without padding (RFC 7515 §2): JSON Web Tokens (api) and feed cursors
/// (projections). Pure functions, any thread.

#include <optional>
#include <string>
#include <string_view>

namespace runlog::schemas {

/// Encodes bytes; never fails.
std::string base64url_encode(std::string_view bytes);

/// Decodes strictly: only the url-safe alphabet, no padding, no whitespace, a length that is
/// not 1 mod 4, and zero unused trailing bits (one encoding per byte string). nullopt otherwise.
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace runlog::schemas
