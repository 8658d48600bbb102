// Pagination, ordering and filters of the workflow and run lists.

#include <set>
#include <thread>

#include "api/e2e_fixture.hpp"

namespace runlog::e2e {
namespace {

/// The `key` values of the items of `array`, in order.
std::vector<std::string> ids(const json& array, const char* key = "id") {
  std::vector<std::string> out;
  if (!array.is_array()) return out;
  for (const auto& item : array) out.push_back(item.value(key, ""));
  return out;
}

/// A small pause so consecutive records get distinct millisecond timestamps; the ordering
/// checks below then do not depend on how the server breaks ties.
void tick() { std::this_thread::sleep_for(std::chrono::milliseconds(5)); }

class pagination_test : public e2e_test {};

TEST_F(pagination_test, workflows_newest_first_with_limit_offset_and_status) {
  const std::string tok = token();
  std::vector<std::string> created;  // oldest first
  for (int i = 0; i < 5; ++i) {
    auto wf = create_workflow("wf-" + std::to_string(i), chain_definition(), tok);
    ASSERT_TRUE(wf.is_object());
    created.push_back(wf["id"]);
    tick();
  }
  const std::vector<std::string> newest_first(created.rbegin(), created.rend());

  auto all = get(path(), tok);
  ASSERT_EQ(all.status, 200) << all.describe();
  EXPECT_EQ(ids(all.json["workflows"]), newest_first);
  EXPECT_EQ(all.json.value("count", -1), 5);
  EXPECT_EQ(all.json.value("total", -1), 5);
  EXPECT_EQ(ids(all.json["workflows"], "name"),
            (std::vector<std::string>{"wf-4", "wf-3", "wf-2", "wf-1", "wf-0"}));

  struct page_case {
    std::string query;
    std::vector<std::string> expected;
  };
  const page_case pages[] = {
      {"?limit=2", {newest_first[0], newest_first[1]}},
      {"?limit=2&offset=2", {newest_first[2], newest_first[3]}},
      {"?offset=4", {newest_first[4]}},
      {"?offset=4&limit=10", {newest_first[4]}},
      {"?offset=10", {}},
      {"?status=active&limit=3", {newest_first[0], newest_first[1], newest_first[2]}},
      {"?status=archived", {}},
  };
  for (const auto& p : pages) {
    auto res = get(path(p.query), tok);
    ASSERT_EQ(res.status, 200) << p.query << ": " << res.describe();
    EXPECT_EQ(ids(res.json["workflows"]), p.expected) << p.query;
    EXPECT_EQ(res.json.value("count", -1), static_cast<int>(p.expected.size())) << p.query;
    EXPECT_EQ(res.json.value("total", -1), p.query == "?status=archived" ? 0 : 5) << p.query;
  }
}

TEST_F(pagination_test, limit_defaults_to_50_and_is_capped_at_200) {
  const std::string tok = token();
  const json definition = json::parse(R"({"nodes": [{"id": "a", "type": "transform", "config": {}}]})");
  std::set<std::string> created;
  for (int i = 0; i < 205; ++i) {
    // Spread over users so a per-user rate limit (100/min, DESIGN.md §6) is not what is tested.
    auto wf = create_workflow("many-" + std::to_string(i), definition, token(tenant_a, "u" + std::to_string(i / 50)));
    ASSERT_TRUE(wf.is_object()) << i;
    created.insert(wf["id"].get<std::string>());
  }
  auto first = get(path(), tok);
  ASSERT_EQ(first.status, 200) << first.describe();
  EXPECT_EQ(first.json.value("count", -1), 50);
  EXPECT_EQ(first.json.value("total", -1), 205);
  auto max_page = get(path("?limit=200"), tok);
  ASSERT_EQ(max_page.status, 200) << max_page.describe();
  EXPECT_EQ(max_page.json.value("count", -1), 200);
  EXPECT_EQ(max_page.json["workflows"].size(), 200u);
  EXPECT_EQ(max_page.json.value("total", -1), 205);
  // Above the maximum: the contract says "max 200" without saying whether a larger limit is
  // clamped or refused; either is accepted, but never more than 200 items.
  auto above = get(path("?limit=1000"), tok);
  if (above.status == 200) {
    EXPECT_EQ(above.json["workflows"].size(), 200u) << "a larger limit is clamped to 200";
  } else {
    EXPECT_TRUE(is_error(above, 400, "VALIDATION_ERROR"));
  }

  // Walking the pages visits every workflow exactly once, in non-increasing created_at.
  std::vector<std::string> seen;
  std::vector<std::string> stamps;
  for (int offset = 0; offset < 205; offset += 40) {
    auto page = get(path("?limit=40&offset=" + std::to_string(offset)), tok);
    ASSERT_EQ(page.status, 200) << page.describe();
    for (const auto& id : ids(page.json["workflows"])) seen.push_back(id);
    for (const auto& s : ids(page.json["workflows"], "created_at")) stamps.push_back(s);
  }
  EXPECT_EQ(seen.size(), 205u);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()), created);
  EXPECT_TRUE(std::is_sorted(stamps.rbegin(), stamps.rend())) << "created_at must not increase along the list";
}

TEST_F(pagination_test, runs_newest_first_with_limit_offset_and_status) {
  const std::string tok = token();
  const json definition = json::parse(R"({"nodes": [
    {"id": "check", "type": "condition", "config": {"field": "$.ok", "operator": "equals", "value": true}},
    {"id": "done", "type": "end", "input_from": "check", "when": true, "config": {"output": {"ok": true}}},
    {"id": "boom", "type": "fail", "input_from": "check", "when": false, "config": {"message": "not ok"}}
  ]})");
  auto wf = create_workflow("mixed", definition, tok);
  ASSERT_TRUE(wf.is_object());
  const std::string id = wf["id"];
  const bool oks[] = {true, false, true, true, false, true};
  std::vector<std::string> all, completed, failed;  // oldest first
  for (const bool ok : oks) {
    auto run = run_to_end(id, {{"ok", ok}}, tok);
    ASSERT_TRUE(run.is_object());
    ASSERT_EQ(run.value("status", ""), ok ? "completed" : "failed") << run.dump(2);
    all.push_back(run["id"]);
    (ok ? completed : failed).push_back(run["id"]);
    tick();
  }
  auto newest = [](std::vector<std::string> v) { return std::vector<std::string>(v.rbegin(), v.rend()); };
  struct page_case {
    std::string query;
    std::vector<std::string> expected;
    int total;
  };
  const auto n = newest(all);
  const page_case pages[] = {
      {"", n, 6},
      {"?limit=2", {n[0], n[1]}, 6},
      {"?limit=2&offset=4", {n[4], n[5]}, 6},
      {"?offset=6", {}, 6},
      {"?status=completed", newest(completed), 4},
      {"?status=completed&limit=1&offset=1", {newest(completed)[1]}, 4},
      {"?status=failed", newest(failed), 2},
      {"?status=terminated", {}, 0},
  };
  for (const auto& p : pages) {
    auto res = get(path("/" + id + "/runs" + p.query), tok);
    ASSERT_EQ(res.status, 200) << p.query << ": " << res.describe();
    EXPECT_EQ(ids(res.json["runs"]), p.expected) << p.query;
    EXPECT_EQ(res.json.value("count", -1), static_cast<int>(p.expected.size())) << p.query;
    EXPECT_EQ(res.json.value("total", -1), p.total) << p.query;
  }
  auto listed = get(path("/" + id + "/runs"), tok);
  for (const auto& r : listed.json["runs"]) {
    EXPECT_EQ(r.value("workflow_id", ""), id);
    EXPECT_EQ(r.value("customer_id", ""), tenant_a);
  }
}

}  // namespace
}  // namespace runlog::e2e
