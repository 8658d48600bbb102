// Tests of templates ({{ }} rendering and syntax checks), the JSONPath subset and the
// condition operators (workflow/include/runlog/workflow/expression.hpp).

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "workflow/expression_scope.hpp"

namespace runlog::workflow {
namespace {

using json = nlohmann::json;
using support::render_ok;
using support::test_scope;

TEST(render, single_template_keeps_type) {
  EXPECT_EQ(render_ok("{{ inputs.count }}"), json(3));
  EXPECT_EQ(render_ok("  {{inputs.flag}}  "), json(true));
  EXPECT_EQ(render_ok("{{ inputs.tags }}"), test_scope()["inputs"]["tags"]);
  EXPECT_EQ(render_ok("{{ steps.fetch.output }}"), test_scope()["steps"]["fetch"]["output"]);
  EXPECT_TRUE(render_ok("{{ inputs.nope }}").is_null());
  EXPECT_EQ(render_ok("{{ inputs.count * 2 }}"), json(6));
}

TEST(render, interpolation) {
  EXPECT_EQ(render_ok("Hello {{ inputs.name }}!"), json("Hello Ada!"));
  EXPECT_EQ(render_ok("{{inputs.count}} of {{ length(inputs.tags) }}"), json("3 of 3"));
  EXPECT_EQ(render_ok("[{{ inputs.nope }}]"), json("[]"));
  EXPECT_EQ(render_ok("t={{ inputs.tags }} n={{ inputs.nested }}"),
            json(R"(t=["a","b","c"] n={"k":{"v":42}})"));
  EXPECT_EQ(render_ok("{{ inputs.ratio }}{{ inputs.flag }}"), json("0.5true"));
  EXPECT_EQ(render_ok("braces {{ '}}' }} done"), json("braces }} done"));
  EXPECT_EQ(render_ok("no template } { here }}"), json("no template } { here }}"));
  EXPECT_EQ(render_ok("{{ 'a' }}{{ 'b' }}"), json("ab"));
}

TEST(render, walks_objects_and_arrays_but_not_keys) {
  const json config = {{"{{ inputs.name }}", "{{ inputs.name }}"},
                       {"list", {"{{ inputs.count }}", 1, nullptr, "plain"}},
                       {"deep", {{"x", {{"y", "{{ input.y }}"}}}}},
                       {"n", 5}};
  const json out = render_ok(config);
  EXPECT_EQ(out["{{ inputs.name }}"], json("Ada"));
  EXPECT_EQ(out["list"], json::parse(R"([3, 1, null, "plain"])"));
  EXPECT_EQ(out["deep"]["x"]["y"], json("upstream"));
  EXPECT_EQ(out["n"], json(5));
}

TEST(render, errors_name_the_template) {
  auto r = render(json{{"a", {"{{ inputs.a + }}"}}}, test_scope());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, make_error_code(errc::expression_syntax));
  EXPECT_EQ(r.error().message,
            "template '{{ inputs.a + }}': unexpected end of expression at column 15");
  auto unterminated = render("x {{ inputs.a", test_scope());
  ASSERT_FALSE(unterminated.has_value());
  EXPECT_EQ(unterminated.error().code, make_error_code(errc::expression_syntax));
  EXPECT_NE(unterminated.error().message.find("unterminated '{{' at column 3"), std::string::npos)
      << unterminated.error().message;
  auto div = render("total: {{ inputs.count / 0 }}", test_scope());
  ASSERT_FALSE(div.has_value());
  EXPECT_EQ(div.error().code, make_error_code(errc::expression_eval));
  EXPECT_EQ(div.error().message,
            "template 'total: {{ inputs.count / 0 }}': division by zero at column 24");
  auto string_literal = render("{{ 'open }}", test_scope());
  ASSERT_FALSE(string_literal.has_value());
  EXPECT_NE(string_literal.error().message.find("unterminated string"), std::string::npos);
}

TEST(render, long_templates_are_clipped_in_messages) {
  const std::string text = std::string(500, 'x') + "{{ 1 / 0 }}";
  auto r = render(text, test_scope());
  ASSERT_FALSE(r.has_value());
  EXPECT_LT(r.error().message.size(), 300u);
  EXPECT_NE(r.error().message.find("column 506"), std::string::npos) << r.error().message;
}

TEST(check_templates, syntax_only) {
  EXPECT_TRUE(check_templates(json{{"a", "{{ inputs.x + steps.y.output }}"},
                                   {"b", {"{{ 1 / 0 }}", 3, "plain"}}})
                  .has_value());
  auto bad = check_templates(json{{"a", {{"b", "x {{ (1 }}"}}}});
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, make_error_code(errc::expression_syntax));
  EXPECT_NE(bad.error().message.find("template 'x {{ (1 }}'"), std::string::npos);
  auto fn = check_templates("{{ lenght(inputs.x) }}");
  ASSERT_FALSE(fn.has_value());
  EXPECT_EQ(fn.error().code, make_error_code(errc::expression_syntax));
  EXPECT_NE(fn.error().message.find("unknown function 'lenght'"), std::string::npos);
  EXPECT_FALSE(check_templates("{{ upper() }}").has_value());
  EXPECT_FALSE(check_templates("{{ x").has_value());
  json deep = "leaf";
  for (int i = 0; i < 300; ++i) deep = json::array({deep});
  EXPECT_FALSE(check_templates(deep).has_value());
}

TEST(render, realistic_workflow_configs) {
  const json http = json::parse(R"({
    "method": "POST",
    "url": "https://api.example.com/users/{{ run.workflow_id }}/items?limit={{ inputs.count }}",
    "headers": {"Content-Type": "application/json", "X-Run": "{{ run.id }}"},
    "body": {"names": "{{ join(inputs.tags, ',') }}", "first": "{{ steps.fetch.output.items[0] }}",
             "count": "{{ steps.fetch.output.total }}", "retry": "{{ default(inputs.retry, 3) }}"}
  })");
  const json out = render_ok(http);
  EXPECT_EQ(out["url"], json("https://api.example.com/users/wf-1/items?limit=3"));
  EXPECT_EQ(out["headers"]["X-Run"], json("run-1"));
  EXPECT_EQ(out["body"]["names"], json("a,b,c"));
  EXPECT_EQ(out["body"]["first"], json::parse(R"({"name": "first", "price": 10})"));
  EXPECT_EQ(out["body"]["count"], json(2));
  EXPECT_EQ(out["body"]["retry"], json(3));

  const json slack = json::parse(R"({
    "channel": "#deployments",
    "message": "{{ upper(inputs.name) }}: {{ length(steps.fetch.output.items) }} items ({{ steps.fetch.output.items[1].name }}), urgent={{ inputs.flag && inputs.count > 2 }}"
  })");
  EXPECT_EQ(render_ok(slack)["message"], json("ADA: 2 items (second), urgent=true"));
  auto ternary = render(json{{"m", "{{ inputs.flag ? 1 : 2 }}"}}, test_scope());
  ASSERT_FALSE(ternary.has_value());
  EXPECT_EQ(ternary.error().code, make_error_code(errc::expression_syntax));

  const json transform = json::parse(R"({
    "summary": "{{ inputs.name + ' has ' + length(inputs.tags) + ' tags' }}",
    "is_big": "{{ inputs.count >= 3 && !inputs.empty }}",
    "price_total": "{{ steps.fetch.output.items[0].price + steps.fetch.output.items[1].price }}",
    "subject": "Run {{ run.id }} for {{ default(inputs.customer, 'unknown customer') }}"
  })");
  const json t = render_ok(transform);
  EXPECT_EQ(t["summary"], json("Ada has 3 tags"));
  EXPECT_EQ(t["is_big"], json(true));
  EXPECT_EQ(t["price_total"], json(12.5));
  EXPECT_EQ(t["subject"], json("Run run-1 for unknown customer"));
}

// --- json_path ----------------------------------------------------------------------------

TEST(json_path, subset) {
  const json root = json::parse(
      R"({"deployment": {"status": "success", "tags": ["x", "y"]}, "a b": 1, "n": null})");
  auto at = [&](std::string_view path) {
    auto r = json_path(path, root);
    EXPECT_TRUE(r.has_value()) << path << ": " << (r ? "" : r.error().message);
    return r ? *r : std::nullopt;
  };
  EXPECT_EQ(at("$"), root);
  EXPECT_EQ(at("$.deployment.status"), json("success"));
  EXPECT_EQ(at("$.deployment.tags[0]"), json("x"));
  EXPECT_EQ(at("$.deployment.tags[-1]"), json("y"));
  EXPECT_EQ(at("$.deployment.tags.1"), json("y"));
  EXPECT_EQ(at("$['a b']"), json(1));
  EXPECT_EQ(at("$[\"deployment\"]['status']"), json("success"));
  EXPECT_EQ(at("deployment.status"), json("success"));
  EXPECT_EQ(at("$.n"), json(nullptr));  // present null is not missing
  EXPECT_EQ(at("$.nope"), std::nullopt);
  EXPECT_EQ(at("$.deployment.tags[2]"), std::nullopt);
  EXPECT_EQ(at("$.deployment.tags[-3]"), std::nullopt);
  EXPECT_EQ(at("$.deployment.status.x"), std::nullopt);
  EXPECT_EQ(at("$.deployment[0]"), std::nullopt);
  EXPECT_EQ(at("$.deployment.tags['x']"), std::nullopt);
  for (const char* bad :
       {"", "$.", "$x", "$..a", "$[", "$[abc]", "$['a'", "$['a']x", "$[-]", "$.a[1", "[0]"}) {
    auto r = json_path(bad, root);
    ASSERT_FALSE(r.has_value()) << bad;
    EXPECT_EQ(r.error().code, make_error_code(errc::expression_syntax)) << bad;
  }
}

// --- compare ------------------------------------------------------------------------------

bool cmp(std::string_view op, const std::optional<json>& actual, const json& expected) {
  auto r = compare(op, actual, expected);
  EXPECT_TRUE(r.has_value()) << op << ": " << (r ? "" : r.error().message);
  return r && *r;
}

TEST(compare, equality_and_ordering) {
  EXPECT_TRUE(cmp("equals", json("success"), "success"));
  EXPECT_TRUE(cmp("eq", json(1), 1.0));
  EXPECT_TRUE(cmp("equals", json::parse("[1, {\"a\": 2}]"), json::parse("[1.0, {\"a\": 2.0}]")));
  EXPECT_FALSE(cmp("equals", json("1"), 1));
  EXPECT_TRUE(cmp("not_equals", json("a"), "b"));
  EXPECT_TRUE(cmp("ne", json(1), 2));
  EXPECT_TRUE(cmp("greater_than", json(5), 3));
  EXPECT_TRUE(cmp("gt", json(5.5), 5));
  EXPECT_FALSE(cmp("gt", json(5), 5));
  EXPECT_TRUE(cmp("greater_than_or_equal", json(5), 5.0));
  EXPECT_TRUE(cmp("gte", json("b"), "a"));
  EXPECT_TRUE(cmp("less_than", json(-1), 0));
  EXPECT_TRUE(cmp("lt", json("a"), "b"));
  EXPECT_TRUE(cmp("less_than_or_equal", json(2), 2));
  EXPECT_TRUE(cmp("lte", json(1), 2));
  EXPECT_FALSE(cmp("gt", json("5"), 3));  // mismatched types: false, not an error
  EXPECT_FALSE(cmp("lt", json(nullptr), 3));
}

TEST(compare, containment) {
  EXPECT_TRUE(cmp("contains", json("deployment ok"), "ok"));
  EXPECT_TRUE(cmp("contains", json::parse("[1, 2]"), 2.0));
  EXPECT_TRUE(cmp("contains", json::parse(R"({"k": 1})"), "k"));
  EXPECT_FALSE(cmp("contains", json(5), 5));
  EXPECT_TRUE(cmp("not_contains", json("abc"), "z"));
  EXPECT_FALSE(cmp("not_contains", json::parse("[1]"), 1));
  EXPECT_TRUE(cmp("starts_with", json("prefix-rest"), "prefix"));
  EXPECT_FALSE(cmp("starts_with", json("rest"), "prefix"));
  EXPECT_TRUE(cmp("ends_with", json("file.json"), ".json"));
  EXPECT_FALSE(cmp("ends_with", json(5), "5"));
  EXPECT_TRUE(cmp("in", json("b"), json::parse(R"(["a", "b"])")));
  EXPECT_TRUE(cmp("in", json(2), json::parse("[1, 2.0]")));
  EXPECT_FALSE(cmp("in", json("z"), json::parse(R"(["a"])")));
  EXPECT_TRUE(cmp("in", json("ell"), "hello"));
  EXPECT_TRUE(cmp("in", json(nullptr), json::parse("[null]")));
  EXPECT_TRUE(cmp("not_in", json("z"), json::parse(R"(["a"])")));
  EXPECT_FALSE(cmp("not_in", json("a"), json::parse(R"(["a"])")));
  auto bad_in = compare("in", json(1), 5);
  ASSERT_FALSE(bad_in.has_value());
  EXPECT_EQ(bad_in.error().code, make_error_code(errc::expression_eval));
}

TEST(compare, existence_and_emptiness) {
  EXPECT_TRUE(cmp("exists", json(0), nullptr));
  EXPECT_FALSE(cmp("exists", json(nullptr), nullptr));
  EXPECT_FALSE(cmp("not_exists", json(""), nullptr));
  EXPECT_TRUE(cmp("not_exists", json(nullptr), nullptr));
  for (const json& e : {json(nullptr), json(""), json::array(), json::object()}) {
    EXPECT_TRUE(cmp("is_empty", e, nullptr)) << e.dump();
    EXPECT_FALSE(cmp("is_not_empty", e, nullptr)) << e.dump();
  }
  for (const json& e : {json(0), json(false), json("x"), json::array({1})}) {
    EXPECT_FALSE(cmp("is_empty", e, nullptr)) << e.dump();
    EXPECT_TRUE(cmp("is_not_empty", e, nullptr)) << e.dump();
  }
}

TEST(compare, missing_field) {
  const std::optional<json> missing;
  EXPECT_FALSE(cmp("exists", missing, nullptr));
  EXPECT_TRUE(cmp("not_exists", missing, nullptr));
  EXPECT_FALSE(cmp("equals", missing, nullptr));
  EXPECT_TRUE(cmp("not_equals", missing, nullptr));
  EXPECT_TRUE(cmp("is_empty", missing, nullptr));
  EXPECT_FALSE(cmp("is_not_empty", missing, nullptr));
  EXPECT_FALSE(cmp("gt", missing, 1));
  EXPECT_FALSE(cmp("contains", missing, "x"));
  EXPECT_TRUE(cmp("not_contains", missing, "x"));
  EXPECT_FALSE(cmp("in", missing, json::parse("[null]")));
  EXPECT_TRUE(cmp("not_in", missing, json::parse("[1]")));
  EXPECT_FALSE(cmp("matches", missing, "^a"));
  EXPECT_FALSE(cmp("starts_with", missing, "a"));
  EXPECT_FALSE(compare("matches", missing, "(").has_value());  // a bad pattern still fails
  EXPECT_TRUE(cmp("equals", json(nullptr), nullptr));          // present null equals null
}

TEST(compare, matches) {
  EXPECT_TRUE(cmp("matches", json("build-1234"), R"(^build-\d+$)"));
  EXPECT_FALSE(cmp("matches", json("build-x"), R"(^build-\d+$)"));
  EXPECT_TRUE(cmp("matches", json(1234), R"(^\d{4}$)"));
  EXPECT_FALSE(cmp("matches", json::parse("[1]"), "1"));
  for (const json& bad : {json("("), json("a{2,1}"), json(5), json(std::string(600, 'a'))}) {
    auto r = compare("matches", json("x"), bad);
    ASSERT_FALSE(r.has_value()) << bad.dump();
    EXPECT_EQ(r.error().code, make_error_code(errc::expression_eval));
  }
  // Catastrophic backtracking and very long inputs fail or finish; they never hang or crash.
  const auto evil = compare("matches", json(std::string(64, 'a')), "(a+)+b");
  if (evil.has_value()) {
    EXPECT_FALSE(*evil);
  }
  EXPECT_TRUE(cmp("matches", json(std::string(200000, 'a') + "b"), "a*b$"));
}

TEST(compare, operators) {
  for (const char* op : {"equals",
                         "eq",
                         "not_equals",
                         "ne",
                         "greater_than",
                         "gt",
                         "less_than",
                         "lt",
                         "greater_than_or_equal",
                         "gte",
                         "less_than_or_equal",
                         "lte",
                         "contains",
                         "not_contains",
                         "starts_with",
                         "ends_with",
                         "in",
                         "not_in",
                         "exists",
                         "not_exists",
                         "is_empty",
                         "is_not_empty",
                         "matches"}) {
    EXPECT_TRUE(is_known_operator(op)) << op;
  }
  EXPECT_FALSE(is_known_operator("=="));
  EXPECT_FALSE(is_known_operator("EQUALS"));
  EXPECT_FALSE(is_known_operator(""));
  auto r = compare("approximately", json(1), 1);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, make_error_code(errc::expression_eval));
  EXPECT_NE(r.error().message.find("approximately"), std::string::npos);
}

}  // namespace
}  // namespace runlog::workflow
