#pragma once
/// Value helpers shared by the expression evaluator, render() and compare(): JSON-sane
/// equality, ordering, truthiness and the "as rendered in a template" text of a value.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace runlog::workflow::expr {

using json = nlohmann::json;

/// A failure inside the expression machinery: code, message without position, byte offset
/// into the expression (or template) text it refers to.
struct failure {
  bool syntax = false;  ///< expression_syntax when true, expression_eval otherwise
  std::string message;
  std::size_t pos = 0;
};

/// A number split into the integer or floating representation used by arithmetic.
/// Unsigned values above INT64_MAX become doubles.
struct number {
  bool is_int = false;
  std::int64_t i = 0;
  double d = 0.0;

  double as_double() const { return is_int ? static_cast<double>(i) : d; }
};

/// The numeric view of `j`; nullopt when `j` is not a number.
std::optional<number> to_number(const json& j);

/// "null", "boolean", "number", "string", "array" or "object".
std::string_view type_name(const json& j);

/// Deep JSON equality where numbers compare by value (1 == 1.0).
bool deep_equal(const json& a, const json& b);

/// Three-way ordering of two numbers or two strings (-1, 0, 1); nullopt for other types.
std::optional<int> order(const json& a, const json& b);

/// null, false, 0, "", [] and {} are falsy; everything else is truthy.
bool truthy(const json& j);

/// The text of `j` inside a template: strings verbatim, null as "", others as compact JSON.
void append_text(std::string& out, const json& j);
std::string to_text(const json& j);

/// Compact JSON text; invalid UTF-8 is replaced rather than thrown on.
std::string compact_json(const json& j);

/// `text` cut to at most `max` bytes on a UTF-8 boundary, with "..." when cut.
std::string clip(std::string_view text, std::size_t max);

/// A null that outlives every evaluation (missing paths point at it).
const json& null_value();

}  // namespace runlog::workflow::expr
