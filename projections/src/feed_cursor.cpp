// Feed cursors: base64url (no padding) of [format 1][varint partitions][varint next]...
// Varints are LEB128 (7 bits per byte, low group first), so small offsets stay short.

#include "runlog/projections/feed.hpp"
#include "runlog/schemas/base64url.hpp"

namespace runlog::projections {
namespace {

constexpr unsigned char kFormat = 1;
constexpr std::size_t kMaxText = 16 * 1024;

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

std::optional<std::uint64_t> get_varint(std::string_view& in) {
  std::uint64_t v = 0;
  for (int shift = 0; shift < 64 && !in.empty(); shift += 7) {
    const auto byte = static_cast<unsigned char>(in.front());
    in.remove_prefix(1);
    const std::uint64_t group = byte & 0x7f;
    if (shift == 63 && group > 1) return std::nullopt;  // would overflow 64 bits
    v |= group << shift;
    if ((byte & 0x80) == 0) return v;
  }
  return std::nullopt;
}

}  // namespace

std::string encode_cursor(const feed_cursor& cursor) {
  std::string bytes(1, static_cast<char>(kFormat));
  put_varint(bytes, cursor.size());
  for (const eventlog::offset next : cursor) put_varint(bytes, next);
  return schemas::base64url_encode(bytes);
}

std::optional<feed_cursor> decode_cursor(std::string_view text, std::uint32_t partitions) {
  if (text == "0") return feed_cursor(partitions, 0);
  if (text.empty() || text.size() > kMaxText) return std::nullopt;
  const auto bytes = schemas::base64url_decode(text);
  if (!bytes || bytes->empty() || static_cast<unsigned char>((*bytes)[0]) != kFormat) {
    return std::nullopt;
  }
  std::string_view in(*bytes);
  in.remove_prefix(1);
  const auto count = get_varint(in);
  if (!count || *count != partitions) return std::nullopt;
  feed_cursor out;
  out.reserve(partitions);
  for (std::uint32_t p = 0; p < partitions; ++p) {
    const auto next = get_varint(in);
    if (!next) return std::nullopt;
    out.push_back(*next);
  }
  if (!in.empty()) return std::nullopt;
  return out;
}

}  // namespace runlog::projections
