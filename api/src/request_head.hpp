#pragma once
/// The one translation of a Beast request into the plain `http_request` handlers see, for the
/// two translation units that speak Beast (server.cpp for HTTP, ws_session.cpp for the feed's
/// upgrade). Keep Beast out of every other file.

#include <string>
#include <string_view>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "http_types.hpp"

namespace runlog::api::detail {

inline http_method to_method(boost::beast::http::verb method) {
  using boost::beast::http::verb;
  switch (method) {
    case verb::get: return http_method::get;
    case verb::post: return http_method::post;
    case verb::put: return http_method::put;
    case verb::patch: return http_method::patch;
    case verb::delete_: return http_method::del;
    case verb::head: return http_method::head;
    case verb::options: return http_method::options;
    default: return http_method::other;
  }
}

/// Method, path, query and the headers handlers read; the body is left to the caller.
inline http_request request_head(
    const boost::beast::http::request<boost::beast::http::string_body>& in) {
  namespace http = boost::beast::http;
  http_request out;
  out.method = to_method(in.method());
  const std::string_view target = in.target();
  const auto question = target.find('?');
  out.path = std::string(target.substr(0, question));
  if (question != std::string_view::npos) out.query = std::string(target.substr(question + 1));
  if (const auto it = in.find(http::field::authorization); it != in.end()) {
    out.has_authorization = true;
    out.authorization = std::string(it->value());
  }
  if (const auto it = in.find("Idempotency-Key"); it != in.end()) {
    out.idempotency_key = std::string(it->value());
  }
  if (const auto it = in.find(http::field::content_type); it != in.end()) {
    out.has_content_type = true;
    out.content_type = std::string(it->value());
  }
  return out;
}

}  // namespace runlog::api::detail
