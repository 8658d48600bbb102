#include "body.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "errors.hpp"

namespace runlog::api::detail {
namespace {

std::string lower_trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  const auto last = text.find_last_not_of(" \t");
  if (first == std::string_view::npos) return {};
  std::string out(text.substr(first, last - first + 1));
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
  return out;
}

bool is_json_media_type(std::string_view content_type) {
  const std::string media = lower_trimmed(content_type.substr(0, content_type.find(';')));
  return media == "application/json" ||
         (media.starts_with("application/") && media.ends_with("+json"));
}

// JSON text is UTF-8 (RFC 8259 §8.1): a `charset` parameter may only say so.
bool names_other_charset(std::string_view content_type) {
  auto semi = content_type.find(';');
  while (semi != std::string_view::npos) {
    const std::string_view rest = content_type.substr(semi + 1);
    const auto next = rest.find(';');
    const std::string param = lower_trimmed(rest.substr(0, next));
    if (param.starts_with("charset=")) {
      std::string value = param.substr(8);
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      if (value != "utf-8" && value != "utf8") return true;
    }
    semi = next == std::string_view::npos ? next : semi + 1 + next;
  }
  return false;
}

// The parser itself copes with depth, but dumping and destroying deep values recurse:
// refuse them before they exist.
bool nested_too_deeply(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_json_depth) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

// Finds the first integer literal (no fraction, no exponent) that fits neither int64 nor
// uint64: the DOM parser would silently turn it into an inexact double (99999999999999999999
// becomes 1e+20). Only the SAX interface still sees the literal's text.
class big_integer_finder final : public nlohmann::json_sax<nlohmann::json> {
 public:
  /// The path of the offending value ("definition.nodes[0].config.duration_ms"), if any.
  const std::optional<std::string>& found() const { return found_; }

  bool null() override { return value(); }
  bool boolean(bool) override { return value(); }
  bool number_integer(number_integer_t) override { return value(); }
  bool number_unsigned(number_unsigned_t) override { return value(); }
  bool number_float(number_float_t, const string_t& text) override {
    value();
    if (text.find_first_of(".eE") != string_t::npos) return true;
    found_ = path();
    return false;
  }
  bool string(string_t&) override { return value(); }
  bool binary(binary_t&) override { return value(); }
  bool start_object(std::size_t) override { return open(false); }
  bool key(string_t& name) override {
    frames_.back().key = name;
    return true;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(true); }
  bool end_array() override { return close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::json::exception&) override {
    return false;
  }

 private:
  struct frame {
    bool is_array = false;
    std::size_t next = 0;  ///< arrays: index of the next element
    std::string key;       ///< objects: the current member
  };

  bool value() {
    if (!frames_.empty() && frames_.back().is_array) ++frames_.back().next;
    return true;
  }
  bool open(bool is_array) {
    value();
    frames_.push_back({is_array, 0, {}});
    return true;
  }
  bool close() {
    frames_.pop_back();
    return true;
  }
  std::string path() const {
    std::string out;
    for (const frame& f : frames_) {
      if (f.is_array) {
        out.append(1, '[').append(std::to_string(f.next - 1)).append(1, ']');
      } else {
        if (!out.empty()) out.append(1, '.');
        out.append(f.key);
      }
    }
    return out;
  }

  std::vector<frame> frames_;
  std::optional<std::string> found_;
};

}  // namespace

checked<nlohmann::json> parse_body(const http_request& request) {
  if (request.body.empty()) return nlohmann::json::object();
  if (!request.has_content_type) {
    return tl::unexpected(error_response(
        "UNSUPPORTED_MEDIA_TYPE", "Content-Type is required with a body: send application/json"));
  }
  if (!is_json_media_type(request.content_type)) {
    return tl::unexpected(
        error_response("UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json"));
  }
  if (names_other_charset(request.content_type)) {
    return tl::unexpected(error_response("UNSUPPORTED_MEDIA_TYPE",
                                         "Content-Type charset must be utf-8 (JSON is UTF-8)"));
  }
  if (request.body.starts_with("\xEF\xBB\xBF")) {
    return tl::unexpected(error_response(
        "INVALID_JSON", "Request body must not start with a byte order mark (U+FEFF)"));
  }
  if (nested_too_deeply(request.body)) {
    return tl::unexpected(error_response("VALIDATION_ERROR", "JSON body is nested too deeply"));
  }
  nlohmann::json value = nlohmann::json::parse(request.body, nullptr, false);
  if (value.is_discarded()) {
    return tl::unexpected(error_response("INVALID_JSON", "Request body is not valid JSON"));
  }
  if (!value.is_object()) {
    return tl::unexpected(error_response("VALIDATION_ERROR", "Request body must be a JSON object"));
  }
  big_integer_finder finder;
  if (!nlohmann::json::sax_parse(request.body, &finder) && finder.found()) {
    return tl::unexpected(error_response(
        "VALIDATION_ERROR", *finder.found() + " is an integer out of range (integers must lie "
                                              "between -2^63 and 2^64-1)"));
  }
  return value;
}

}  // namespace runlog::api::detail
