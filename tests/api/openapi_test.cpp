// GET /api/v2/openapi.json: the document is served as written, documents every route of the
// route table, and every documented operation answers with one of its documented statuses.

#include <algorithm>
#include <fstream>
#include <set>

#include "../../api/src/routes.hpp"
#include "api/e2e_fixture.hpp"

namespace runlog::e2e {
namespace {

json document_on_disk() {
  std::ifstream in(std::string(RUNLOG_TEST_SOURCE_DIR) + "/api/openapi.json");
  return json::parse(in, nullptr, false);
}

std::string method_of(api::detail::http_method m) {
  using api::detail::http_method;
  switch (m) {
    case http_method::get: return "get";
    case http_method::post: return "post";
    case http_method::put: return "put";
    case http_method::patch: return "patch";
    case http_method::del: return "delete";
    default: return "other";
  }
}

// "/api/v2/workflows/:id/runs/:runId" -> "/api/v2/workflows/{id}/runs/{runId}".
std::string openapi_path(std::string_view pattern) {
  std::string out;
  bool in_param = false;
  for (const char c : pattern) {
    if (c == ':') {
      out += '{';
      in_param = true;
    } else if (c == '/' && in_param) {
      out += "}/";
      in_param = false;
    } else {
      out += c;
    }
  }
  if (in_param) out += '}';
  return out;
}

TEST(openapi_document, documents_every_route_of_the_route_table) {
  const json doc = document_on_disk();
  ASSERT_FALSE(doc.is_discarded());
  EXPECT_EQ(doc["openapi"], "3.1.0");
  for (const auto& r : api::detail::route_table()) {
    const std::string p = openapi_path(r.pattern);
    const std::string m = method_of(r.method);
    ASSERT_TRUE(doc["paths"].contains(p)) << "undocumented path " << p;
    const json& op = doc["paths"][p];
    ASSERT_TRUE(op.contains(m)) << "undocumented " << m << " " << p;
    EXPECT_EQ(op[m].contains("security") && op[m]["security"].empty(), r.is_public)
        << m << " " << p << ": public routes say `security: []`, the others inherit bearer auth";
  }
}

TEST(openapi_document, every_operation_has_a_unique_operation_id) {
  const json doc = document_on_disk();
  std::set<std::string> seen;
  for (const auto& [p, item] : doc["paths"].items()) {
    for (const auto& [m, op] : item.items()) {
      ASSERT_TRUE(op.contains("operationId") && op["operationId"].is_string()) << m << " " << p;
      EXPECT_TRUE(seen.insert(op["operationId"].get<std::string>()).second)
          << "duplicate operationId " << op["operationId"] << " at " << m << " " << p;
    }
  }
}

TEST(openapi_document, authenticated_operations_document_401_and_429_with_their_headers) {
  const json doc = document_on_disk();
  for (const auto& [p, item] : doc["paths"].items()) {
    for (const auto& [m, op] : item.items()) {
      if (op.contains("security")) continue;  // public
      const json& responses = op["responses"];
      ASSERT_TRUE(responses.contains("401") && responses.contains("429")) << m << " " << p;
      EXPECT_TRUE(responses["401"]["headers"].contains("WWW-Authenticate")) << m << " " << p;
      EXPECT_TRUE(responses["429"]["headers"].contains("Retry-After")) << m << " " << p;
      EXPECT_TRUE(responses["429"]["headers"].contains("X-RateLimit-Reset")) << m << " " << p;
    }
  }
}

class openapi_test : public e2e_test {
 protected:
  // Ids the documented paths are filled with.
  std::map<std::string, std::string> ids_;

  void make_fixtures() {
    const auto a = token();
    const json def = json::parse(R"({"nodes": [
      {"id": "prep", "type": "transform", "config": {"x": 1}},
      {"id": "approve", "type": "approval", "input_from": "prep", "config": {"prompt": "ok?"}}]})");
    const auto wf = create_workflow("Documented", def, a);
    ASSERT_FALSE(wf.is_null());
    ids_["id"] = wf["id"];
    const auto run = execute(ids_["id"], json::object(), a);
    ASSERT_FALSE(run.is_null());
    ids_["runId"] = run["id"];
    const auto sched = post(path("/" + ids_["id"] + "/schedules"), {{"cron_expression", "0 9 * * 1"}}, a);
    ASSERT_EQ(sched.status, 201) << sched.describe();
    ids_["scheduleId"] = sched.json["schedule"]["id"];
    ids_["version"] = "1";
    ids_["stepId"] = "prep";
  }

  std::string fill(std::string p) {
    for (const auto& [name, value] : ids_) {
      const std::string hole = "{" + name + "}";
      for (auto at = p.find(hole); at != std::string::npos; at = p.find(hole)) p.replace(at, hole.size(), value);
    }
    return p;
  }

  // A body each mutating operation accepts (or at least answers with a documented status).
  static std::optional<std::string> body_for(const std::string& p, const std::string& m) {
    if (m == "get" || m == "delete") return std::nullopt;
    if (p.ends_with("/parse")) return json{{"instruction", "Every Monday at 9am email the team"}}.dump();
    if (p.ends_with("/steps")) return json{{"id", "extra"}, {"type", "transform"}, {"input_from", "prep"}}.dump();
    if (p.ends_with("/schedules")) return json{{"cron_expression", "*/5 * * * *"}}.dump();
    if (p.ends_with("{scheduleId}")) return json{{"enabled", false}}.dump();
    if (p.ends_with("/clone")) return json::object().dump();
    if (p == "/api/v2/workflows") {
      return json{{"name", "Another"}, {"definition", {{"nodes", {{{"id", "a"}, {"type", "end"}}}}}}}.dump();
    }
    if (p.ends_with("{id}")) return json{{"description", "patched"}}.dump();
    return json::object().dump();
  }
};

TEST_F(openapi_test, is_served_publicly_as_written) {
  const auto res = get("/api/v2/openapi.json", "");
  ASSERT_EQ(res.status, 200) << res.describe();
  EXPECT_EQ(res.json, document_on_disk());
}

TEST_F(openapi_test, every_documented_operation_answers_with_a_documented_status) {
  make_fixtures();
  const json doc = document_on_disk();
  // Destructive operations last, the workflow's own DELETE at the very end.
  std::vector<std::pair<std::string, std::string>> ops;
  for (const auto& [p, item] : doc["paths"].items()) {
    for (const auto& [m, op] : item.items()) ops.emplace_back(p, m);
  }
  std::stable_partition(ops.begin(), ops.end(), [](const auto& o) { return o.second != "delete"; });
  std::stable_partition(ops.begin(), ops.end(), [](const auto& o) {
    return !(o.second == "delete" && o.first == "/api/v2/workflows/{id}");
  });
  ASSERT_GE(ops.size(), 25u);
  const auto a = token();
  for (const auto& [p, m] : ops) {
    const bool is_public = doc["paths"][p][m].contains("security");
    const auto res = send(std::string(m == "delete" ? "DELETE" : m == "patch" ? "PATCH" : m == "post" ? "POST" : "GET"),
                          fill(p), is_public ? "" : a, body_for(p, m));
    const json& documented = doc["paths"][p][m]["responses"];
    EXPECT_TRUE(documented.contains(std::to_string(res.status)))
        << m << " " << p << " answered an undocumented " << res.describe();
    EXPECT_NE(res.error_code(), "NOT_FOUND") << m << " " << p;
    EXPECT_NE(res.status, 405) << m << " " << p;
  }
}

}  // namespace
}  // namespace runlog::e2e
