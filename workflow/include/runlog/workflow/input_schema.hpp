#pragma once
/// The JSON Schema subset runlog enforces on a run's `inputs` (definition field `inputs`).
///
/// Keywords: type (one name or a list: object, array, string, number, integer, boolean, null),
/// properties, required, additionalProperties (boolean or schema), enum, const, items,
/// minItems, maxItems, minLength, maxLength (code points), pattern (ECMAScript, searched),
/// minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf, default. Other keywords
/// (title, description, format, examples, $comment, ...) are annotations and accepted.
/// An empty schema accepts everything.
///
/// Pure functions, no I/O; nesting is bounded (kMaxSchemaDepth).

#include <string>

#include <nlohmann/json.hpp>

#include "runlog/schemas/error.hpp"

namespace runlog::workflow {

inline constexpr int kMaxSchemaDepth = 32;

/// Checks that `schema` is a schema this subset can enforce: keywords of the right JSON types,
/// known type names, compilable patterns. Errors: workflow::errc::invalid_definition with a
/// message naming the schema path (e.g. "inputs.properties.x.type: unknown type 'strin'").
[[nodiscard]] result<void> check_input_schema(const nlohmann::json& schema);

/// The first violation of `schema` by `value`, named by the path of the offending field.
struct input_violation {
  std::string field;    ///< e.g. "recipients[1]" ("" for the whole inputs object)
  std::string message;  ///< e.g. "recipients[1] must be a string"
};

/// Validates `inputs` against a checked schema. On success returns `inputs` with the
/// `default` of every absent top-level property filled in; otherwise the first violation.
[[nodiscard]] tl::expected<nlohmann::json, input_violation> apply_input_schema(
    const nlohmann::json& schema, const nlohmann::json& inputs);

}  // namespace runlog::workflow
