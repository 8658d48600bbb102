#include "query.hpp"

#include <charconv>

#include "errors.hpp"

namespace runlog::api::detail {
namespace {

constexpr std::size_t max_offset = 1'000'000'000;

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] != '%') {
      out += text[i];
    } else {
      if (i + 2 >= text.size()) return std::nullopt;
      const int hi = hex_value(text[i + 1]);
      const int lo = hex_value(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    }
  }
  return out;
}

http_response bad_parameter(std::string_view message) {
  return error_response("VALIDATION_ERROR", message);
}

/// Decimal digits only (no sign, no spaces), at most `max`.
std::optional<std::size_t> parse_count(std::string_view text, std::size_t max) {
  if (text.empty() || text.size() > 10) return std::nullopt;
  std::size_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value > max) return std::nullopt;
  return value;
}

}  // namespace

checked<query_params> parse_query(std::string_view query) {
  query_params out;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    auto name = percent_decode(pair.substr(0, eq));
    auto value = percent_decode(eq == std::string_view::npos ? std::string_view{}
                                                             : pair.substr(eq + 1));
    if (!name || !value) return tl::unexpected(bad_parameter("malformed query string"));
    out[std::move(*name)] = std::move(*value);
  }
  return out;
}

checked<projections::page> parse_page(const query_params& query) {
  projections::page p;
  p.limit = default_limit;
  p.offset = 0;
  if (const auto it = query.find("limit"); it != query.end()) {
    const auto limit = parse_count(it->second, max_limit);
    if (!limit || *limit == 0) {
      return tl::unexpected(bad_parameter("limit must be an integer between 1 and 200"));
    }
    p.limit = *limit;
  }
  if (const auto it = query.find("offset"); it != query.end()) {
    const auto offset = parse_count(it->second, max_offset);
    if (!offset) return tl::unexpected(bad_parameter("offset must be a non-negative integer"));
    p.offset = *offset;
  }
  return p;
}

checked<std::optional<std::string>> parse_status(const query_params& query,
                                                 std::span<const std::string_view> allowed) {
  const auto it = query.find("status");
  if (it == query.end()) return std::optional<std::string>{};
  for (const auto name : allowed) {
    if (it->second == name) return std::optional<std::string>{it->second};
  }
  std::string message = "status must be one of:";
  for (std::size_t i = 0; i < allowed.size(); ++i) {
    message += i == 0 ? " " : ", ";
    message += allowed[i];
  }
  return tl::unexpected(bad_parameter(message));
}

}  // namespace runlog::api::detail
