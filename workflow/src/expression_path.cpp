// json_path(): the JSONPath subset of condition nodes.
//
//   path    := '$' segment* | name segment*      (a path without '$' is read as '$.' + path)
//   segment := '.' name | '[' integer ']' | '[' quoted ']'
// A name runs to the next '.' or '['; on an array a name of digits is an index. Negative
// integers count from the end. Quoted keys use '...' or "..." with backslash escapes.

#include <charconv>
#include <cstdint>
#include <string>

#include "expression_value.hpp"
#include "runlog/workflow/expression.hpp"

namespace runlog::workflow {
namespace {

using json = nlohmann::json;

tl::unexpected<error> malformed(std::string_view path, std::string_view why, std::size_t pos) {
  return fail(errc::expression_syntax, "json path '" + expr::clip(path, 200) +
                                           "': " + std::string(why) + " at column " +
                                           std::to_string(pos + 1));
}

// `node[i]`, counting negative indexes from the end; nullptr when out of range.
const json* element(const json* node, std::string_view digits) {
  if (node == nullptr || !node->is_array()) return nullptr;
  std::int64_t i = 0;
  const auto r = std::from_chars(digits.data(), digits.data() + digits.size(), i);
  if (r.ec != std::errc() || r.ptr != digits.data() + digits.size()) return nullptr;
  const auto size = static_cast<std::int64_t>(node->size());
  if (i < 0) i += size;
  return i >= 0 && i < size ? &(*node)[static_cast<std::size_t>(i)] : nullptr;
}

const json* member(const json* node, const std::string& key) {
  if (node == nullptr || !node->is_object()) return nullptr;
  const auto it = node->find(key);
  return it == node->end() ? nullptr : &*it;
}

bool all_digits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

class path_walker {
 public:
  path_walker(std::string_view path, const json& root) : path_(path), node_(&root) {}

  result<std::optional<json>> run() {
    if (path_.empty()) return malformed(path_, "empty path", 0);
    if (path_[0] == '$') {
      pos_ = 1;
    } else if (auto first = dotted(); !first) {
      return tl::unexpected(std::move(first.error()));
    }
    while (pos_ < path_.size()) {
      result<void> step;
      if (path_[pos_] == '.') {
        ++pos_;
        step = dotted();
      } else if (path_[pos_] == '[') {
        step = bracket();
      } else {
        step = unexpected();
      }
      if (!step) return tl::unexpected(std::move(step.error()));
    }
    if (node_ == nullptr) return std::optional<json>();
    return std::optional<json>(*node_);
  }

 private:
  result<void> unexpected() {
    return malformed(path_, std::string("unexpected '") + path_[pos_] + "'", pos_);
  }

  result<void> dotted() {
    const std::size_t start = pos_;
    while (pos_ < path_.size() && path_[pos_] != '.' && path_[pos_] != '[') ++pos_;
    const std::string_view name = path_.substr(start, pos_ - start);
    if (name.empty()) return malformed(path_, "expected a name", start);
    if (node_ != nullptr && node_->is_array() && all_digits(name)) {
      node_ = element(node_, name);
    } else {
      node_ = member(node_, std::string(name));
    }
    return {};
  }

  result<void> bracket() {
    const std::size_t open = pos_++;
    if (pos_ < path_.size() && (path_[pos_] == '\'' || path_[pos_] == '"')) return quoted(open);
    const std::size_t start = pos_;
    if (pos_ < path_.size() && path_[pos_] == '-') ++pos_;
    while (pos_ < path_.size() && path_[pos_] >= '0' && path_[pos_] <= '9') ++pos_;
    const std::string_view digits = path_.substr(start, pos_ - start);
    if (digits.empty() || digits == "-" || pos_ == path_.size() || path_[pos_] != ']') {
      return malformed(path_, "expected an index or a quoted key after '['", open);
    }
    ++pos_;
    node_ = element(node_, digits);
    return {};
  }

  result<void> quoted(std::size_t open) {
    const char quote = path_[pos_++];
    std::string key;
    while (pos_ < path_.size() && path_[pos_] != quote) {
      if (path_[pos_] == '\\' && pos_ + 1 < path_.size()) ++pos_;
      key += path_[pos_++];
    }
    if (pos_ + 1 >= path_.size() || path_[pos_ + 1] != ']') {
      return malformed(path_, "unterminated '['", open);
    }
    pos_ += 2;
    node_ = member(node_, key);
    return {};
  }

  std::string_view path_;
  const json* node_;
  std::size_t pos_ = 0;
};

}  // namespace

result<std::optional<json>> json_path(std::string_view path, const json& root) {
  return path_walker(path, root).run();
}

}  // namespace runlog::workflow
