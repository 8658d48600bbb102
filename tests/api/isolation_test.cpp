// Tenant isolation over real HTTP: tenant B sees nothing of tenant A, and a foreign id is
// answered exactly like a missing one (DESIGN.md §4.5).

#include <fstream>

#include "api/e2e_fixture.hpp"

namespace runlog::e2e {
namespace {

constexpr std::string_view missing_wf = "00000000-0000-4000-8000-00000000000a";
constexpr std::string_view missing_run = "00000000-0000-4000-8000-00000000000b";

class isolation_test : public e2e_test {};

/// Asserts `foreign` is a 404 with the same code as `missing`.
::testing::AssertionResult same_as_missing(const http_response& foreign, const http_response& missing) {
  if (foreign.status != 404 || missing.status != 404 || foreign.error_code() != missing.error_code() ||
      foreign.error_code().empty()) {
    return ::testing::AssertionFailure() << "foreign: " << foreign.describe() << "\nmissing: " << missing.describe();
  }
  return ::testing::AssertionSuccess();
}

TEST_F(isolation_test, tenant_b_cannot_see_or_touch_tenant_a) {
  const std::string a = token(tenant_a, "alice");
  const std::string b = token(tenant_b, "bob");
  auto wf = create_workflow("private", chain_definition(), a);
  ASSERT_TRUE(wf.is_object());
  const std::string id = wf["id"];
  auto run = run_to_end(id, {{"name", "world"}, {"x", 5}}, a);
  ASSERT_TRUE(run.is_object());
  const std::string run_id = run["id"];
  const std::string mw(missing_wf);
  const std::string mr(missing_run);

  // B's lists are empty.
  auto list = get(path(), b);
  ASSERT_EQ(list.status, 200) << list.describe();
  EXPECT_EQ(list.json.value("count", -1), 0);
  EXPECT_EQ(list.json.value("total", -1), 0);
  EXPECT_TRUE(list.json["workflows"].is_array() && list.json["workflows"].empty()) << list.body;

  // Every endpoint answers B about A's ids exactly as about missing ids.
  EXPECT_TRUE(is_error(get(path("/" + id), b), 404, "WORKFLOW_NOT_FOUND"));
  EXPECT_TRUE(same_as_missing(get(path("/" + id), b), get(path("/" + mw), b)));
  EXPECT_TRUE(same_as_missing(post(path("/" + id + "/execute"), {{"inputs", json::object()}}, b),
                              post(path("/" + mw + "/execute"), {{"inputs", json::object()}}, b)));
  EXPECT_TRUE(same_as_missing(get(path("/" + id + "/runs"), b), get(path("/" + mw + "/runs"), b)));
  EXPECT_TRUE(same_as_missing(get(path("/" + id + "/runs/" + run_id), b), get(path("/" + mw + "/runs/" + mr), b)));
  EXPECT_TRUE(same_as_missing(del(path("/" + id + "/runs/" + run_id), b), del(path("/" + mw + "/runs/" + mr), b)));
  // A's run id under B's own workflow is not found either.
  auto own = create_workflow("bobs", chain_definition(), b);
  ASSERT_TRUE(own.is_object());
  const std::string own_id = own["id"];
  EXPECT_TRUE(is_error(get(path("/" + own_id + "/runs/" + run_id), b), 404, "EXECUTION_NOT_FOUND"));
  EXPECT_TRUE(is_error(del(path("/" + own_id + "/runs/" + run_id), b), 404, "EXECUTION_NOT_FOUND"));

  // B's list shows only B's workflow; A's data is untouched by B's attempts.
  auto b_list = get(path(), b);
  ASSERT_EQ(b_list.json["workflows"].size(), 1u) << b_list.body;
  EXPECT_EQ(b_list.json["workflows"][0].value("id", ""), own_id);
  auto a_runs = get(path("/" + id + "/runs"), a);
  EXPECT_EQ(a_runs.json.value("total", -1), 1) << "B's execute did not start a run on A's workflow";
  auto a_run = get(path("/" + id + "/runs/" + run_id), a);
  EXPECT_EQ(a_run.json["run"], run) << "B's terminate did not change A's run";
  auto a_list = get(path(), a);
  ASSERT_EQ(a_list.json.value("total", -1), 1) << a_list.body;
  EXPECT_EQ(a_list.json["workflows"][0].value("id", ""), id);
}

TEST_F(isolation_test, same_user_id_in_two_tenants_is_two_principals) {
  const std::string a = token(tenant_a, "shared-user");
  const std::string b = token(tenant_b, "shared-user");
  auto wf = create_workflow("mine", chain_definition(), a);
  ASSERT_TRUE(wf.is_object());
  const std::string id = wf["id"];
  EXPECT_TRUE(is_error(get(path("/" + id), b), 404, "WORKFLOW_NOT_FOUND"));
  auto list = get(path(), b);
  EXPECT_EQ(list.json.value("total", -1), 0) << list.body;
}

// Every documented operation with an `{id}` in its path (api/openapi.json, so new routes are
// covered as they are documented), called by tenant B with tenant A's ids, answers exactly like
// the same call with missing ids; afterwards A's workflow, run, schedule and versions are as
// they were.
TEST_F(isolation_test, every_documented_endpoint_treats_foreign_ids_as_missing) {
  const std::string a = token(tenant_a, "alice");
  const std::string b = token(tenant_b, "bob");
  const json def = json::parse(R"({"nodes": [
    {"id": "prep", "type": "transform", "config": {"x": 1}},
    {"id": "approve", "type": "approval", "input_from": "prep", "config": {"prompt": "ok?"}}]})");
  const auto wf = create_workflow("guarded", def, a);
  ASSERT_TRUE(wf.is_object());
  const std::string id = wf["id"];
  const auto run = execute(id, json::object(), a);
  ASSERT_TRUE(run.is_object());
  const auto sched = post(path("/" + id + "/schedules"), {{"cron_expression", "0 9 * * 1"}}, a);
  ASSERT_EQ(sched.status, 201) << sched.describe();
  const std::map<std::string, std::string> foreign = {
      {"{id}", id}, {"{runId}", run["id"]}, {"{scheduleId}", sched.json["schedule"]["id"]},
      {"{version}", "1"}, {"{stepId}", "prep"}};
  const std::map<std::string, std::string> missing = {
      {"{id}", std::string(missing_wf)}, {"{runId}", std::string(missing_run)},
      {"{scheduleId}", "00000000-0000-4000-8000-00000000000c"}, {"{version}", "1"}, {"{stepId}", "prep"}};
  auto fill = [](std::string p, const std::map<std::string, std::string>& ids) {
    for (const auto& [hole, value] : ids) {
      for (auto at = p.find(hole); at != std::string::npos; at = p.find(hole)) p.replace(at, hole.size(), value);
    }
    return p;
  };
  std::ifstream in(std::string(RUNLOG_TEST_SOURCE_DIR) + "/api/openapi.json");
  const json doc = json::parse(in, nullptr, false);
  ASSERT_FALSE(doc.is_discarded());
  const auto before = get(path("/" + id), a).json;
  const auto run_before = get(path("/" + id + "/runs/" + run["id"].get<std::string>()), a).json;
  int checked = 0;
  for (const auto& [p, item] : doc["paths"].items()) {
    if (p.find("{id}") == std::string::npos) continue;
    for (const auto& [m, op] : item.items()) {
      std::string method = m;
      std::transform(method.begin(), method.end(), method.begin(), ::toupper);
      const std::optional<std::string> body =
          m == "get" || m == "delete" ? std::nullopt
                                      : std::optional<std::string>(R"({"name":"x","cron_expression":"* * * * *","id":"n","type":"end","inputs":{}})");
      const auto theirs = send(method, fill(p, foreign), b, body);
      const auto none = send(method, fill(p, missing), b, body);
      EXPECT_TRUE(same_as_missing(theirs, none)) << m << " " << p;
      EXPECT_EQ(theirs.body, none.body) << m << " " << p;
      ++checked;
    }
  }
  EXPECT_GE(checked, 20);
  // Nothing of A's changed, and B's own lists and searches show nothing of A's.
  EXPECT_EQ(get(path("/" + id), a).json["workflow"], before["workflow"]);
  EXPECT_EQ(get(path("/" + id + "/runs/" + run["id"].get<std::string>()), a).json, run_before);
  EXPECT_EQ(get(path("/" + id + "/schedules"), a).json.value("count", -1), 1);
  EXPECT_EQ(get(path("/runs?workflow_id=" + id), b).json.value("total", -1), 0);
  EXPECT_EQ(get(path("/runs"), b).json.value("total", -1), 0);
  EXPECT_EQ(get(path(), b).json.value("total", -1), 0);
}

}  // namespace
}  // namespace runlog::e2e
