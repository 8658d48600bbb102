#pragma once
/// The request/response shapes the handlers see. Deliberately free of Beast: only server.cpp
/// converts between these and Beast messages.

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace runlog::api::detail {

enum class http_method { get, post, put, patch, del, head, options, other };

struct http_request {
  http_method method = http_method::other;
  std::string path;   ///< target before '?', not decoded
  std::string query;  ///< target after '?', not decoded ("" when absent)
  bool has_authorization = false;
  std::string authorization;
  bool has_content_type = false;
  std::string content_type;
  std::optional<std::string> idempotency_key;  ///< the Idempotency-Key header
  std::string body;
};

struct http_response {
  unsigned status = 200;
  std::string body;  ///< always JSON
  std::vector<std::pair<std::string, std::string>> headers;  ///< besides Content-Type
};

}  // namespace runlog::api::detail
