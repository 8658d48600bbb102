// The read side over real HTTP: workflow schema, run stats, current_step/total_steps, and the
// tenant-wide run search (filters, pagination, isolation).

#include <thread>

#include "api/e2e_fixture.hpp"
#include "runlog/schemas/time.hpp"

namespace runlog::e2e {
namespace {

using strings = std::vector<std::string>;

/// A definition that completes when inputs.ok is true and fails otherwise.
json mixed_definition() {
  return json::parse(R"({"nodes": [
    {"id": "check", "type": "condition", "config": {"field": "$.ok", "operator": "equals", "value": true}},
    {"id": "done", "type": "end", "input_from": "check", "when": true, "config": {"output": {"ok": true}}},
    {"id": "boom", "type": "fail", "input_from": "check", "when": false, "config": {"message": "not ok"}}
  ]})");
}

/// prep -> approve (pauses the run) -> pay.
json approval_definition() {
  return json::parse(R"({"nodes": [
    {"id": "prep", "type": "transform", "config": {"amount": 1}},
    {"id": "approve", "type": "approval", "input_from": "prep", "config": {"prompt": "ok?"}},
    {"id": "pay", "type": "transform", "input_from": "approve", "config": {"paid": true}}]})");
}

strings ids(const json& runs) {
  strings out;
  if (!runs.is_array()) return out;
  for (const auto& r : runs) out.push_back(r.value("id", ""));
  return out;
}

std::int64_t ms(const json& iso) {
  const auto parsed = schemas::parse_iso8601(iso.is_string() ? iso.get<std::string>() : "");
  EXPECT_TRUE(parsed) << iso.dump();
  return parsed.value_or(0);
}

/// Consecutive runs get distinct millisecond start times, so ordering checks are exact.
void tick() { std::this_thread::sleep_for(std::chrono::milliseconds(5)); }

class readside_test : public e2e_test {
 protected:
  /// Polls the run until its status is `status` (bounded); returns the last body.
  json wait_status(const std::string& wf, const std::string& run, std::string_view status,
                   const std::string& tok) {
    json last = json::object();
    for (int i = 0; i < 500 && last.value("status", "") != status; ++i) {
      last = get(path("/" + wf + "/runs/" + run), tok).json["run"];
      if (last.value("status", "") != status) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_EQ(last.value("status", ""), status) << last.dump(2);
    return last;
  }

  /// GET /runs`query` for tenant A, expecting 200; returns the body.
  json search(const std::string& query, const std::string& tok) {
    auto res = get(path("/runs" + query), tok);
    EXPECT_EQ(res.status, 200) << query << ": " << res.describe();
    EXPECT_EQ(res.json.value("success", false), true) << query;
    return res.json;
  }
};

TEST_F(readside_test, schema_comes_from_the_definition_and_defaults_to_empty_objects) {
  const std::string tok = token();
  json with = chain_definition();
  with["inputs"] = json::parse(R"({"type": "object", "properties": {"name": {"type": "string"}}})");
  with["outputs"] = json::parse(R"({"type": "object", "properties": {"summary": {"type": "string"}}})");
  auto wf = create_workflow("with-schema", with, tok);
  ASSERT_TRUE(wf.is_object());
  auto res = get(path("/" + wf["id"].get<std::string>() + "/schema"), tok);
  ASSERT_EQ(res.status, 200) << res.describe();
  EXPECT_EQ(res.json.value("success", false), true);
  EXPECT_EQ(res.json["schema"], json({{"inputs", with["inputs"]}, {"outputs", with["outputs"]}}));

  json without = chain_definition();
  without.erase("inputs");
  without.erase("outputs");
  auto bare = create_workflow("no-schema", without, tok);
  ASSERT_TRUE(bare.is_object());
  res = get(path("/" + bare["id"].get<std::string>() + "/schema"), tok);
  ASSERT_EQ(res.status, 200) << res.describe();
  EXPECT_EQ(res.json["schema"], json({{"inputs", json::object()}, {"outputs", json::object()}}));

  EXPECT_TRUE(is_error(get(path("/00000000-0000-4000-8000-000000000000/schema"), tok), 404,
                       "WORKFLOW_NOT_FOUND"));
  EXPECT_TRUE(is_error(get(path("/not-a-uuid/schema"), tok), 404, "WORKFLOW_NOT_FOUND"));
  EXPECT_TRUE(is_error(get(path("/" + wf["id"].get<std::string>() + "/schema"), token(tenant_b)),
                       404, "WORKFLOW_NOT_FOUND"));
}

TEST_F(readside_test, workflow_stats_count_runs_and_average_finished_durations) {
  const std::string tok = token();
  auto wf = create_workflow("mixed", mixed_definition(), tok);
  ASSERT_TRUE(wf.is_object());
  const std::string id = wf["id"];
  auto fresh = get(path("/" + id), tok);
  ASSERT_EQ(fresh.status, 200) << fresh.describe();
  EXPECT_EQ(fresh.json["stats"],
            json({{"runs_total", 0}, {"runs_success", 0}, {"runs_failed", 0},
                  {"average_duration_ms", nullptr}}));

  std::int64_t sum = 0;
  for (const bool ok : {true, false, true}) {
    auto run = run_to_end(id, {{"ok", ok}}, tok);
    ASSERT_TRUE(run.is_object());
    ASSERT_EQ(run.value("status", ""), ok ? "completed" : "failed") << run.dump(2);
    sum += ms(run["finished_at"]) - ms(run["started_at"]);
  }
  auto res = get(path("/" + id), tok);
  ASSERT_EQ(res.status, 200) << res.describe();
  const json stats = res.json["stats"];
  EXPECT_EQ(stats.value("runs_total", -1), 3) << stats.dump();
  EXPECT_EQ(stats.value("runs_success", -1), 2) << stats.dump();
  EXPECT_EQ(stats.value("runs_failed", -1), 1) << stats.dump();
  EXPECT_EQ(stats["average_duration_ms"], json(sum / 3)) << stats.dump();
  EXPECT_TRUE(res.json["workflow"]["definition"].is_object()) << "the rest of the body stays";
  EXPECT_FALSE(res.json["workflow"].contains("stats")) << "the workflow object is unchanged";

  // A terminated run counts in runs_total only.
  auto other = create_workflow("approval", approval_definition(), tok);
  ASSERT_TRUE(other.is_object());
  const std::string other_id = other["id"];
  auto run = execute(other_id, json::object(), tok);
  ASSERT_TRUE(run.is_object());
  wait_status(other_id, run["id"].get<std::string>(), "paused", tok);
  ASSERT_EQ(del(path("/" + other_id + "/runs/" + run["id"].get<std::string>()), tok).status, 200);
  EXPECT_EQ(get(path("/" + other_id), tok).json["stats"],
            json({{"runs_total", 1}, {"runs_success", 0}, {"runs_failed", 0},
                  {"average_duration_ms", nullptr}}));
}

TEST_F(readside_test, run_detail_has_current_step_and_total_steps) {
  const std::string tok = token();
  auto wf = create_workflow("approval", approval_definition(), tok);
  ASSERT_TRUE(wf.is_object());
  const std::string id = wf["id"];
  auto run = execute(id, json::object(), tok);
  ASSERT_TRUE(run.is_object());
  EXPECT_EQ(run.value("total_steps", -1), 3) << "execute response: " << run.dump(2);
  EXPECT_TRUE(run.contains("current_step")) << run.dump(2);
  auto paused = wait_status(id, run["id"].get<std::string>(), "paused", tok);
  EXPECT_EQ(paused["current_step"], "approve") << paused.dump(2);
  EXPECT_EQ(paused.value("total_steps", -1), 3) << paused.dump(2);

  auto done = run_to_end(create_workflow("chain", chain_definition(), tok)["id"].get<std::string>(),
                         {{"name", "w"}, {"x", 1}}, tok);
  ASSERT_TRUE(done.is_object());
  EXPECT_TRUE(done["current_step"].is_null()) << done.dump(2);
  EXPECT_EQ(done.value("total_steps", -1), 3) << done.dump(2);
  auto listed = get(path("/" + id + "/runs"), tok);
  ASSERT_EQ(listed.status, 200);
  EXPECT_FALSE(listed.json["runs"][0].contains("total_steps")) << "lists stay compact";
}

TEST_F(readside_test, run_search_filters_paginates_and_isolates_tenants) {
  const std::string tok = token();
  const std::string first = create_workflow("first", mixed_definition(), tok)["id"];
  const std::string second = create_workflow("second", mixed_definition(), tok)["id"];
  strings all;  // oldest first
  json runs = json::array();
  for (const auto& [wf, ok] : std::vector<std::pair<std::string, bool>>{
           {first, true}, {second, false}, {first, false}, {second, true}, {first, true}}) {
    auto run = run_to_end(wf, {{"ok", ok}}, tok);
    ASSERT_TRUE(run.is_object());
    all.push_back(run["id"]);
    runs.push_back(run);
    tick();
  }
  const strings newest(all.rbegin(), all.rend());
  auto body = search("", tok);
  EXPECT_EQ(ids(body["runs"]), newest);
  EXPECT_EQ(body.value("count", -1), 5);
  EXPECT_EQ(body.value("total", -1), 5);
  EXPECT_FALSE(body["runs"][0].contains("nodes"));
  EXPECT_EQ(ids(search("/", tok)["runs"]), newest) << "trailing slash";

  EXPECT_EQ(ids(search("?status=failed", tok)["runs"]), (strings{all[2], all[1]}));
  EXPECT_EQ(ids(search("?workflow_id=" + first, tok)["runs"]), (strings{all[4], all[2], all[0]}));
  EXPECT_EQ(ids(search("?workflow_id=" + second + "&status=completed", tok)["runs"]), strings{all[3]});
  EXPECT_EQ(ids(search("?limit=2&offset=1", tok)["runs"]), (strings{newest[1], newest[2]}));
  body = search("?limit=2&offset=4", tok);
  EXPECT_EQ(ids(body["runs"]), strings{newest[4]});
  EXPECT_EQ(body.value("count", -1), 1);
  EXPECT_EQ(body.value("total", -1), 5);

  const std::string from = runs[1]["started_at"], to = runs[3]["started_at"];
  EXPECT_EQ(ids(search("?start_date=" + from, tok)["runs"]), (strings{all[4], all[3], all[2], all[1]}));
  EXPECT_EQ(ids(search("?end_date=" + to, tok)["runs"]), (strings{all[3], all[2], all[1], all[0]}));
  EXPECT_EQ(ids(search("?start_date=" + from + "&end_date=" + to + "&status=failed", tok)["runs"]),
            (strings{all[2], all[1]}));
  const std::string first_day = runs[0]["started_at"].get<std::string>().substr(0, 10);
  const std::string last_day = runs[4]["started_at"].get<std::string>().substr(0, 10);
  EXPECT_EQ(search("?start_date=" + first_day + "&end_date=" + last_day, tok).value("total", -1), 5)
      << "a date covers its whole day";
  EXPECT_EQ(search("?start_date=2999-01-01", tok).value("total", -1), 0);
  EXPECT_EQ(search("?end_date=2000-01-01", tok).value("total", -1), 0);

  for (const std::string_view bad : {"start_date", "end_date"}) {
    auto res = get(path("/runs?" + std::string(bad) + "=yesterday"), tok);
    EXPECT_TRUE(is_error(res, 400, "VALIDATION_ERROR")) << res.describe();
    EXPECT_NE(res.json["error"].value("message", "").find(bad), std::string::npos) << res.body;
  }
  EXPECT_TRUE(is_error(get(path("/runs?status=done"), tok), 400, "VALIDATION_ERROR"));
  EXPECT_TRUE(is_error(get(path("/runs?limit=201"), tok), 400, "VALIDATION_ERROR"));
  EXPECT_TRUE(is_error(get(path("/runs?workflow_id=nope"), tok), 400, "VALIDATION_ERROR"));
  EXPECT_TRUE(is_error(get(path("/runs"), ""), 401, "UNAUTHORIZED"));

  const std::string tok_b = token(tenant_b);
  body = search("", tok_b);
  EXPECT_EQ(body["runs"], json::array());
  EXPECT_EQ(body.value("total", -1), 0);
  EXPECT_EQ(search("?workflow_id=" + first, tok_b).value("total", -1), 0);
  auto own = run_to_end(create_workflow("b", mixed_definition(), tok_b)["id"].get<std::string>(),
                        {{"ok", true}}, tok_b);
  ASSERT_TRUE(own.is_object());
  EXPECT_EQ(ids(search("", tok_b)["runs"]), strings{own["id"].get<std::string>()});
  EXPECT_EQ(search("", tok).value("total", -1), 5);
}

}  // namespace
}  // namespace runlog::e2e
