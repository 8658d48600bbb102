// Tests of the template / expression language (workflow/include/runlog/workflow/expression.hpp).

#include "runlog/workflow/expression.hpp"

#include <gtest/gtest.h>

#include <string>

namespace runlog::workflow {
namespace {

using json = nlohmann::json;

const json& test_scope() {
  static const json scope = json::parse(R"({
    "inputs": {"name": "Ada", "count": 3, "ratio": 0.5, "flag": true, "empty": "",
               "tags": ["a", "b", "c"], "a b": "spaced", "nothing": null,
               "big": 9223372036854775807, "small": -9223372036854775808,
               "nested": {"k": {"v": 42}}, "idx": 1, "text": "  padded  ",
               "unicode": "héllo €", "numstr": "12.5", "intstr": "42"},
    "steps": {"fetch": {"status": "completed",
                        "output": {"items": [{"name": "first", "price": 10},
                                             {"name": "second", "price": 2.5}],
                                   "total": 2}}},
    "input": {"y": "upstream", "list": [1, 2, 3]},
    "run": {"id": "run-1", "workflow_id": "wf-1"}
  })");
  return scope;
}

json eval_ok(std::string_view expression) {
  auto r = evaluate(expression, test_scope());
  EXPECT_TRUE(r.has_value()) << expression << ": " << (r ? "" : r.error().message);
  return r ? *r : json("<error>");
}

error eval_err(std::string_view expression, errc code) {
  auto r = evaluate(expression, test_scope());
  EXPECT_FALSE(r.has_value()) << expression << " evaluated to " << (r ? r->dump() : "");
  if (r) return {};
  EXPECT_EQ(r.error().code, make_error_code(code)) << expression << ": " << r.error().message;
  return r.error();
}

json render_ok(const json& value) {
  auto r = render(value, test_scope());
  EXPECT_TRUE(r.has_value()) << value.dump() << ": " << (r ? "" : r.error().message);
  return r ? *r : json("<error>");
}

// --- literals, paths ---------------------------------------------------------------------

TEST(expression, literals) {
  EXPECT_EQ(eval_ok("42"), json(42));
  EXPECT_TRUE(eval_ok("42").is_number_integer());
  EXPECT_EQ(eval_ok("2.5"), json(2.5));
  EXPECT_EQ(eval_ok("1e3"), json(1000.0));
  EXPECT_EQ(eval_ok("'single'"), json("single"));
  EXPECT_EQ(eval_ok("\"double\""), json("double"));
  EXPECT_EQ(eval_ok(R"('it\'s \\ \n')"), json("it's \\ \n"));
  EXPECT_EQ(eval_ok("true"), json(true));
  EXPECT_EQ(eval_ok("false"), json(false));
  EXPECT_TRUE(eval_ok("null").is_null());
  EXPECT_TRUE(eval_ok("9223372036854775808").is_number_float());
}

TEST(expression, paths) {
  EXPECT_EQ(eval_ok("inputs.name"), json("Ada"));
  EXPECT_EQ(eval_ok("steps.fetch.output.items[0].name"), json("first"));
  EXPECT_EQ(eval_ok("steps.fetch.output.items[1].price"), json(2.5));
  EXPECT_EQ(eval_ok("steps.fetch.status"), json("completed"));
  EXPECT_EQ(eval_ok("input.y"), json("upstream"));
  EXPECT_EQ(eval_ok("run.workflow_id"), json("wf-1"));
  EXPECT_EQ(eval_ok("inputs['a b']"), json("spaced"));
  EXPECT_EQ(eval_ok("inputs[\"name\"]"), json("Ada"));
  EXPECT_EQ(eval_ok("inputs.tags[inputs.idx]"), json("b"));
  EXPECT_EQ(eval_ok("inputs.tags[inputs.idx + 1]"), json("c"));
  EXPECT_EQ(eval_ok("inputs.tags[-1]"), json("c"));
  EXPECT_EQ(eval_ok("inputs.tags[1.0]"), json("b"));
  EXPECT_EQ(eval_ok("inputs.nested.k.v"), json(42));
  EXPECT_EQ(eval_ok("inputs['nested']['k'].v"), json(42));
  EXPECT_EQ(eval_ok("(inputs).nested"), test_scope()["inputs"]["nested"]);
  EXPECT_EQ(eval_ok("inputs"), test_scope()["inputs"]);
  // Keywords are plain names after a dot.
  EXPECT_TRUE(eval_ok("inputs.null").is_null());
}

TEST(expression, missing_paths_are_null) {
  for (const char* e :
       {"inputs.nope", "inputs.nope.deeper[3].x", "nosuchroot", "inputs.tags[3]", "inputs.tags[-4]",
        "inputs.tags['x']", "inputs.nested[0]", "inputs.name.length", "inputs.count[0]",
        "inputs.tags[0.5]", "inputs.nothing.x", "steps.missing.output"}) {
    EXPECT_TRUE(eval_ok(e).is_null()) << e;
  }
  // Against a scope that is not an object at all.
  auto r = evaluate("inputs.x", json::array());
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->is_null());
}

TEST(expression, paths_on_computed_values) {
  // json() yields a string; indexing it is null. default() of a scope object is still walkable.
  EXPECT_TRUE(eval_ok("json(inputs.tags)[0]").is_null());
  EXPECT_EQ(eval_ok("default(inputs.nope, inputs.nested).k.v"), json(42));
  EXPECT_EQ(eval_ok("default(inputs.nested, 1).k.v"), json(42));
}

// --- arithmetic ---------------------------------------------------------------------------

TEST(expression, precedence_and_associativity) {
  EXPECT_EQ(eval_ok("1 + 2 * 3"), json(7));
  EXPECT_EQ(eval_ok("(1 + 2) * 3"), json(9));
  EXPECT_EQ(eval_ok("10 - 4 - 3"), json(3));
  EXPECT_EQ(eval_ok("100 / 10 / 5"), json(2));
  EXPECT_EQ(eval_ok("2 * 3 % 4"), json(2));
  EXPECT_EQ(eval_ok("-2 * 3"), json(-6));
  EXPECT_EQ(eval_ok("- -2"), json(2));
  EXPECT_EQ(eval_ok("1 + 2 == 3"), json(true));
  EXPECT_EQ(eval_ok("1 < 2 == true"), json(true));
  EXPECT_EQ(eval_ok("true || false && false"), json(true));
  EXPECT_EQ(eval_ok("(true || false) && false"), json(false));
  EXPECT_EQ(eval_ok("!false && true"), json(true));
  EXPECT_EQ(eval_ok("not 1 == 2"), json(false));  // `not` is `!`: (not 1) == 2
  EXPECT_EQ(eval_ok("not (1 == 2)"), json(true));
  EXPECT_EQ(eval_ok("'a' + 1 + 2"), json("a12"));
  EXPECT_EQ(eval_ok("1 + 2 + 'a'"), json("3a"));
}

TEST(expression, integer_and_float_arithmetic) {
  EXPECT_TRUE(eval_ok("inputs.count + 1").is_number_integer());
  EXPECT_EQ(eval_ok("inputs.count + 1"), json(4));
  EXPECT_EQ(eval_ok("inputs.count * inputs.ratio"), json(1.5));
  EXPECT_EQ(eval_ok("7 / 2"), json(3.5));
  EXPECT_TRUE(eval_ok("8 / 2").is_number_integer());
  EXPECT_EQ(eval_ok("8 / 2"), json(4));
  EXPECT_EQ(eval_ok("-7 % 3"), json(-1));
  EXPECT_EQ(eval_ok("7.5 % 2"), json(1.5));
  EXPECT_EQ(eval_ok("0.1 + 0.2 > 0.3"), json(true));
  EXPECT_EQ(eval_ok("inputs.small % -1"), json(0));
  EXPECT_EQ(eval_ok("inputs.big - 1"), json(9223372036854775806LL));
}

TEST(expression, arithmetic_errors) {
  EXPECT_NE(eval_err("1 / 0", errc::expression_eval).message.find("division by zero"),
            std::string::npos);
  eval_err("1 % 0", errc::expression_eval);
  eval_err("1.5 / 0", errc::expression_eval);
  eval_err("1.5 % 0.0", errc::expression_eval);
  EXPECT_NE(eval_err("inputs.big + 1", errc::expression_eval).message.find("overflow"),
            std::string::npos);
  eval_err("inputs.small - 1", errc::expression_eval);
  eval_err("inputs.big * 2", errc::expression_eval);
  eval_err("inputs.small / -1", errc::expression_eval);
  eval_err("-inputs.small", errc::expression_eval);
  eval_err("1e308 * 10", errc::expression_eval);
  const error e = eval_err("inputs.count - 'x'", errc::expression_eval);
  EXPECT_NE(e.message.find("number - string"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("column 14"), std::string::npos) << e.message;
  eval_err("null + 1", errc::expression_eval);
  eval_err("inputs.tags * 2", errc::expression_eval);
  eval_err("-'x'", errc::expression_eval);
  eval_err("true + 1", errc::expression_eval);
}

TEST(expression, string_concatenation) {
  EXPECT_EQ(eval_ok("'Hello, ' + inputs.name + '!'"), json("Hello, Ada!"));
  EXPECT_EQ(eval_ok("'n=' + inputs.count"), json("n=3"));
  EXPECT_EQ(eval_ok("'x' + null"), json("x"));
  EXPECT_EQ(eval_ok("'t=' + inputs.tags"), json(R"(t=["a","b","c"])"));
  EXPECT_EQ(eval_ok("inputs.flag + '!'"), json("true!"));
}

// --- comparison and logic ---------------------------------------------------------------

TEST(expression, comparison) {
  EXPECT_EQ(eval_ok("1 == 1.0"), json(true));
  EXPECT_EQ(eval_ok("inputs.count == 3"), json(true));
  EXPECT_EQ(eval_ok("inputs.count != 3"), json(false));
  EXPECT_EQ(eval_ok("inputs.tags == inputs.tags"), json(true));
  EXPECT_EQ(eval_ok("inputs.nested == inputs.nested"), json(true));
  EXPECT_EQ(eval_ok("inputs.nope == null"), json(true));
  EXPECT_EQ(eval_ok("'1' == 1"), json(false));
  EXPECT_EQ(eval_ok("2 < 10"), json(true));
  EXPECT_EQ(eval_ok("'2' < '10'"), json(false));  // lexicographic
  EXPECT_EQ(eval_ok("'abc' <= 'abd'"), json(true));
  EXPECT_EQ(eval_ok("3 >= 3.0"), json(true));
  EXPECT_EQ(eval_ok("2.5 > 2"), json(true));
  EXPECT_EQ(eval_ok("inputs.big > inputs.small"), json(true));
  EXPECT_NE(eval_err("1 < 'a'", errc::expression_eval).message.find("number < string"),
            std::string::npos);
  eval_err("null >= 1", errc::expression_eval);
  eval_err("true > false", errc::expression_eval);
}

TEST(expression, truthiness_and_short_circuit) {
  for (const char* falsy :
       {"null", "false", "0", "0.0", "''", "inputs.empty", "inputs.nope", "input.nothing"}) {
    EXPECT_EQ(eval_ok(std::string("!") + falsy), json(true)) << falsy;
  }
  EXPECT_EQ(eval_ok("!inputs.tags"), json(false));
  EXPECT_EQ(eval_ok("!steps"), json(false));
  EXPECT_EQ(eval_ok("inputs.name && inputs.count"), json(true));
  EXPECT_EQ(eval_ok("inputs.name and inputs.empty"), json(false));
  EXPECT_EQ(eval_ok("inputs.empty or inputs.nope"), json(false));
  // Short-circuit: the right side would fail.
  EXPECT_EQ(eval_ok("false && 1 / 0"), json(false));
  EXPECT_EQ(eval_ok("true || 1 / 0"), json(true));
  eval_err("true && 1 / 0", errc::expression_eval);
}

// --- functions ----------------------------------------------------------------------------

TEST(expression, functions) {
  EXPECT_EQ(eval_ok("length(inputs.name)"), json(3));
  EXPECT_EQ(eval_ok("length(inputs.unicode)"), json(7));  // code points, not bytes
  EXPECT_EQ(eval_ok("length(inputs.tags)"), json(3));
  EXPECT_EQ(eval_ok("length(inputs.nested)"), json(1));
  EXPECT_EQ(eval_ok("length(inputs.nope)"), json(0));
  EXPECT_EQ(eval_ok("upper(inputs.name)"), json("ADA"));
  EXPECT_EQ(eval_ok("lower('MiXeD')"), json("mixed"));
  EXPECT_EQ(eval_ok("upper(inputs.unicode)"), json("HéLLO €"));  // ASCII only
  EXPECT_EQ(eval_ok("upper(null)"), json(""));
  EXPECT_EQ(eval_ok("trim(inputs.text)"), json("padded"));
  EXPECT_EQ(eval_ok("trim('   ')"), json(""));
  EXPECT_EQ(eval_ok("default(inputs.nope, 'fallback')"), json("fallback"));
  EXPECT_EQ(eval_ok("default(inputs.nothing, 5)"), json(5));
  EXPECT_EQ(eval_ok("default(inputs.empty, 'x')"), json(""));   // only null falls back
  EXPECT_EQ(eval_ok("default(inputs.count, 1 / 0)"), json(3));  // fallback is lazy
  EXPECT_EQ(eval_ok("string(inputs.count)"), json("3"));
  EXPECT_EQ(eval_ok("string(null)"), json(""));
  EXPECT_EQ(eval_ok("string(inputs.tags)"), json(R"(["a","b","c"])"));
  EXPECT_EQ(eval_ok("number(inputs.numstr)"), json(12.5));
  EXPECT_TRUE(eval_ok("number(inputs.intstr)").is_number_integer());
  EXPECT_EQ(eval_ok("number(inputs.intstr) + 1"), json(43));
  EXPECT_EQ(eval_ok("number(' -3 ')"), json(-3));
  EXPECT_EQ(eval_ok("number(7)"), json(7));
  EXPECT_EQ(eval_ok("contains(inputs.name, 'd')"), json(true));
  EXPECT_EQ(eval_ok("contains(inputs.tags, 'b')"), json(true));
  EXPECT_EQ(eval_ok("contains(input.list, 2.0)"), json(true));
  EXPECT_EQ(eval_ok("contains(inputs.tags, 'z')"), json(false));
  EXPECT_EQ(eval_ok("contains(inputs.nested, 'k')"), json(true));
  EXPECT_EQ(eval_ok("contains(inputs.nope, 'k')"), json(false));
  EXPECT_EQ(eval_ok("join(inputs.tags, ', ')"), json("a, b, c"));
  EXPECT_EQ(eval_ok("join(input.list, '-')"), json("1-2-3"));
  EXPECT_EQ(eval_ok("join(inputs.nope, '-')"), json(""));
  EXPECT_EQ(eval_ok("json(inputs.nested)"), json(R"({"k":{"v":42}})"));
  EXPECT_EQ(eval_ok("json('a')"), json(R"("a")"));
  EXPECT_EQ(eval_ok("upper(trim(inputs.text)) + length(inputs.tags)"), json("PADDED3"));
}

TEST(expression, function_errors) {
  const error unknown = eval_err("frobnicate(1)", errc::expression_eval);
  EXPECT_NE(unknown.message.find("unknown function 'frobnicate'"), std::string::npos);
  const error arity = eval_err("length(1, 2)", errc::expression_eval);
  EXPECT_NE(arity.message.find("'length' takes 1 argument, got 2"), std::string::npos)
      << arity.message;
  eval_err("default(1)", errc::expression_eval);
  eval_err("join(inputs.tags)", errc::expression_eval);
  eval_err("length(5)", errc::expression_eval);
  eval_err("upper(5)", errc::expression_eval);
  eval_err("trim(inputs.tags)", errc::expression_eval);
  eval_err("contains(5, 1)", errc::expression_eval);
  eval_err("join('abc', ',')", errc::expression_eval);
  eval_err("join(inputs.tags, 1)", errc::expression_eval);
  for (const char* bad : {"number('abc')", "number('')", "number('inf')", "number('nan')",
                          "number('1e999')", "number(true)", "number(null)", "number('1x')"}) {
    eval_err(bad, errc::expression_eval);
  }
}

// --- syntax errors and limits -------------------------------------------------------------

TEST(expression, syntax_errors_name_the_position) {
  const error end = eval_err("inputs.a +", errc::expression_syntax);
  EXPECT_NE(end.message.find("unexpected end of expression at column 11"), std::string::npos)
      << end.message;
  const error tok = eval_err("1 + * 2", errc::expression_syntax);
  EXPECT_NE(tok.message.find("unexpected '*' at column 5"), std::string::npos) << tok.message;
  for (const char* bad :
       {"",       "   ",   "(1 + 2", "inputs.", "inputs.[0]", "inputs[0", "f(1,",
        "f(1 2)", "1 = 1", "a & b",  "a | b",   "'open",      "\"open",   "'bad \\q'",
        "1 2",    "1abc",  "1e",     "#",       "inputs..x",  ")",        "and",
        "1 +",    "not",   "1e999",  "a[]",     "é"}) {
    eval_err(bad, errc::expression_syntax);
  }
}

TEST(expression, limits) {
  std::string deep(200, '(');
  deep += "1";
  deep += std::string(200, ')');
  EXPECT_NE(eval_err(deep, errc::expression_syntax).message.find("nested"), std::string::npos);
  std::string nots(100, '!');
  eval_err(nots + "true", errc::expression_syntax);
  std::string ok_nest(30, '(');
  EXPECT_EQ(eval_ok(ok_nest + "1" + std::string(30, ')')), json(1));
  std::string chain = "1";
  for (int i = 0; i < 300; ++i) chain += "+1";
  eval_err(chain, errc::expression_syntax);
  std::string long_chain = "1";
  for (int i = 0; i < 100; ++i) long_chain += "+1";
  EXPECT_EQ(eval_ok(long_chain), json(101));
  const std::string too_long = "'" + std::string(5000, 'x') + "'";
  EXPECT_NE(eval_err(too_long, errc::expression_syntax).message.find("longer than"),
            std::string::npos);
}

// --- templates ----------------------------------------------------------------------------

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
