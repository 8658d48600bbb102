#include "workflow/expression_scope.hpp"

#include <gtest/gtest.h>

namespace runlog::workflow::support {

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

}  // namespace runlog::workflow::support
