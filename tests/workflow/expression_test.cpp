// Tests of the expression language (workflow/include/runlog/workflow/expression.hpp):
// literals, paths, operators, functions, errors and limits. Templates, JSONPath and the
// condition operators: template_test.cpp.

#include <gtest/gtest.h>

#include <string>

#include "workflow/expression_scope.hpp"

namespace runlog::workflow {
namespace {

using json = nlohmann::json;
using support::eval_err;
using support::eval_ok;
using support::render_ok;
using support::test_scope;

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

}  // namespace
}  // namespace runlog::workflow
