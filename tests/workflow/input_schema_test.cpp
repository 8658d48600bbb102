// The JSON Schema subset for run inputs: schema checks and value validation.
#include <gtest/gtest.h>

#include "runlog/workflow/definition.hpp"
#include "runlog/workflow/input_schema.hpp"

namespace runlog::workflow {
namespace {

using json = nlohmann::json;

const json kSchema = json::parse(R"({
  "type": "object",
  "required": ["name"],
  "properties": {
    "name": {"type": "string", "minLength": 2, "maxLength": 5},
    "count": {"type": "integer", "minimum": 1, "maximum": 10, "default": 3},
    "ratio": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
    "mode": {"enum": ["fast", "slow"]},
    "tags": {"type": "array", "items": {"type": "string", "pattern": "^[a-z]+$"}, "maxItems": 2},
    "nested": {"type": "object", "properties": {"on": {"type": "boolean"}}, "additionalProperties": false},
    "maybe": {"type": ["string", "null"]}
  }
})");

std::string violation_of(const json& value) {
  const auto r = apply_input_schema(kSchema, value);
  return r ? std::string("<valid>") : r.error().message;
}

TEST(input_schema, accepts_valid_inputs_and_fills_defaults) {
  const auto r = apply_input_schema(kSchema, {{"name", "abc"}, {"tags", {"x", "y"}}, {"maybe", nullptr}});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ((*r)["count"], 3);
  EXPECT_EQ((*r)["name"], "abc");
}

TEST(input_schema, names_the_offending_field) {
  EXPECT_EQ(violation_of(json::object()), "name is required");
  EXPECT_EQ(violation_of({{"name", 7}}), "name must be a string");
  EXPECT_EQ(violation_of({{"name", "a"}}), "name must be at least 2 characters long");
  EXPECT_EQ(violation_of({{"name", "abcdef"}}), "name must be at most 5 characters long");
  EXPECT_EQ(violation_of({{"name", "ab"}, {"count", 1.5}}), "count must be an integer");
  EXPECT_EQ(violation_of({{"name", "ab"}, {"count", 11}}), "count must be <= 10");
  EXPECT_EQ(violation_of({{"name", "ab"}, {"ratio", 1}}), "ratio must be < 1");
  EXPECT_EQ(violation_of({{"name", "ab"}, {"mode", "medium"}}), R"(mode must be one of ["fast","slow"])");
  EXPECT_EQ(violation_of({{"name", "ab"}, {"tags", {"ok", "NO"}}}),
            R"(tags[1] must match the pattern "^[a-z]+$")");
  EXPECT_EQ(violation_of({{"name", "ab"}, {"tags", {"a", "b", "c"}}}), "tags must have at most 2 items");
  EXPECT_EQ(violation_of({{"name", "ab"}, {"nested", {{"on", "yes"}}}}), "nested.on must be a boolean");
  EXPECT_EQ(violation_of({{"name", "ab"}, {"nested", {{"off", true}}}}), "nested.off is not allowed");
  EXPECT_EQ(violation_of({{"name", "ab"}, {"maybe", 3}}), R"(maybe must be one of the types ["string","null"])");
}

TEST(input_schema, counts_code_points_and_accepts_whole_floats_as_integers) {
  EXPECT_EQ(violation_of({{"name", "\xC3\xA9\xC3\xA9"}}), "<valid>");  // two code points
  EXPECT_EQ(violation_of({{"name", "ab"}, {"count", 2.0}}), "<valid>");
}

TEST(input_schema, an_empty_schema_accepts_anything) {
  EXPECT_TRUE(apply_input_schema(json::object(), {{"x", {1, 2}}}));
  EXPECT_TRUE(check_input_schema(json::object()));
}

TEST(input_schema, rejects_schemas_it_cannot_enforce) {
  EXPECT_FALSE(check_input_schema({{"type", "strin"}}));
  EXPECT_FALSE(check_input_schema({{"type", json::array()}}));
  EXPECT_FALSE(check_input_schema({{"properties", {{"x", {{"minimum", "1"}}}}}}));
  EXPECT_FALSE(check_input_schema({{"required", "x"}}));
  EXPECT_FALSE(check_input_schema({{"pattern", "("}}));
  EXPECT_FALSE(check_input_schema({{"items", 5}}));
  const auto e = check_input_schema({{"properties", {{"x", {{"type", 5}}}}}});
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message.find("inputs.properties.x.type"), std::string::npos) << e.error().message;
  EXPECT_TRUE(check_input_schema(kSchema));
}

TEST(input_schema, bounds_nesting) {
  json deep = {{"type", "object"}};
  for (int i = 0; i < kMaxSchemaDepth + 2; ++i) deep = {{"properties", {{"x", deep}}}};
  EXPECT_FALSE(check_input_schema(deep));
}

TEST(input_schema, definitions_with_a_bad_inputs_schema_are_invalid) {
  const json def = {{"nodes", {{{"id", "a"}, {"type", "end"}}}},
                    {"inputs", {{"type", "object"}, {"properties", {{"x", {{"type", "text"}}}}}}}};
  const auto parsed = parse_definition(def);
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().message.find("inputs.properties.x.type"), std::string::npos);
}

}  // namespace
}  // namespace runlog::workflow
