// The end-to-end flow over real HTTP: health, create, execute, observe, list, restart
// on the same data directory, everything still there, execute again.

#include <cctype>
#include <string_view>

#include "api/e2e_fixture.hpp"

namespace runlog::e2e {
namespace {

/// "YYYY-MM-DDTHH:MM:SS[.fff]Z" (UTC ISO 8601, as in the spec's examples). Hand-written:
/// std::regex trips GCC 12's -Wmaybe-uninitialized under the sanitizer build.
bool is_timestamp(const json& v) {
  if (!v.is_string()) return false;
  const std::string s = v.get<std::string>();
  const std::string_view shape = "dddd-dd-ddTdd:dd:dd";
  if (s.size() < shape.size() + 1 || s.back() != 'Z') return false;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == 'd' ? !std::isdigit(static_cast<unsigned char>(s[i])) : s[i] != shape[i]) return false;
  }
  const std::string_view rest(s.data() + shape.size(), s.size() - shape.size() - 1);
  if (rest.empty()) return true;
  return rest.size() >= 2 && rest[0] == '.' &&
         rest.substr(1).find_first_not_of("0123456789") == std::string_view::npos;
}

/// The node results chain_definition() must produce for inputs {name: "world", x: 5}.
void expect_chain_nodes(json run) {
  json expected = {
      {"a", {{"greeting", "hello world"}, {"x", 5}, {"doubled", 10}}},
      {"b", {{"shout", "HELLO WORLD"}, {"plus_one", 11}}},
      {"c", {{"summary", "HELLO WORLD!"}, {"total", 16}}},
  };
  ASSERT_TRUE(run["nodes"].is_array()) << run.dump(2);
  ASSERT_EQ(run["nodes"].size(), 3u) << run.dump(2);
  const char* order[] = {"a", "b", "c"};
  for (std::size_t i = 0; i < 3; ++i) {
    json n = run["nodes"][i];
    SCOPED_TRACE(n.dump());
    EXPECT_EQ(n.value("id", ""), order[i]) << "nodes are listed in definition order";
    EXPECT_EQ(n.value("type", ""), "transform");
    EXPECT_EQ(n.value("status", ""), "completed");
    EXPECT_EQ(n.value("attempts", 0), 1);
    EXPECT_TRUE(is_timestamp(n["started_at"]));
    EXPECT_TRUE(is_timestamp(n["finished_at"]));
    EXPECT_TRUE(n["duration_ms"].is_number() && n["duration_ms"].get<double>() >= 0);
    EXPECT_TRUE(n["error"].is_null());
    EXPECT_EQ(n["output"], expected[order[i]]);
  }
  EXPECT_EQ(node_of(run, "a").value("action", ""), "greet");
}

void expect_completed_chain_run(json run, const json& workflow, std::string_view tenant) {
  ASSERT_TRUE(run.is_object());
  EXPECT_EQ(run.value("status", ""), "completed") << run.dump(2);
  EXPECT_EQ(run.value("workflow_id", ""), workflow.value("id", "?"));
  EXPECT_EQ(run.value("customer_id", ""), tenant);
  EXPECT_EQ(run.value("workflow_version", ""), "1.0.0");
  EXPECT_EQ(run["inputs"], json({{"name", "world"}, {"x", 5}}));
  EXPECT_EQ(run["outputs"], json({{"c", {{"summary", "HELLO WORLD!"}, {"total", 16}}}}))
      << "without an end node the outputs are {sink id: output}";
  EXPECT_TRUE(run["error"].is_null());
  EXPECT_TRUE(is_timestamp(run["started_at"]));
  EXPECT_TRUE(is_timestamp(run["finished_at"]));
  expect_chain_nodes(run);
}

class flow_test : public e2e_test {};

TEST_F(flow_test, health_is_public) {
  auto res = get(path("/health"), "");
  ASSERT_EQ(res.status, 200) << res.describe();
  EXPECT_EQ(res.json.value("status", ""), "ok");
  EXPECT_EQ(res.json.value("service", ""), "workflows-api-v2");
  EXPECT_EQ(res.json.value("version", ""), "2.0.0");
  EXPECT_TRUE(is_timestamp(res.json["timestamp"])) << res.body;
  EXPECT_NE(res.headers.find("content-type"), res.headers.end());
  EXPECT_NE(res.headers["content-type"].find("application/json"), std::string::npos);
}

TEST_F(flow_test, create_execute_observe_restart_and_execute_again) {
  const std::string tok = token(tenant_a, "alice");
  ASSERT_EQ(get(path("/health"), "").status, 200);

  // Create.
  json definition = chain_definition();
  auto created = post(path(), {{"name", "chain"}, {"description", "three steps"}, {"definition", definition}}, tok);
  ASSERT_EQ(created.status, 201) << created.describe();
  EXPECT_EQ(created.json.value("success", false), true);
  json workflow = created.json["workflow"];
  const std::string id = workflow.value("id", "");
  ASSERT_FALSE(id.empty()) << created.body;
  EXPECT_EQ(workflow.value("customer_id", ""), tenant_a);
  EXPECT_EQ(workflow.value("name", ""), "chain");
  EXPECT_EQ(workflow.value("description", ""), "three steps");
  EXPECT_EQ(workflow["definition"], definition);
  EXPECT_EQ(workflow.value("version", ""), "1.0.0");
  EXPECT_EQ(workflow.value("status", ""), "active");
  EXPECT_EQ(workflow.value("created_by", ""), "alice");
  EXPECT_TRUE(is_timestamp(workflow["created_at"]));
  EXPECT_TRUE(is_timestamp(workflow["updated_at"]));

  // Read your write.
  auto fetched = get(path("/" + id), tok);
  ASSERT_EQ(fetched.status, 200) << fetched.describe();
  EXPECT_EQ(fetched.json["workflow"], workflow);

  // Execute and observe.
  json inputs = {{"name", "world"}, {"x", 5}};
  auto executed = post(path("/" + id + "/execute"), {{"inputs", inputs}}, tok);
  ASSERT_EQ(executed.status, 201) << executed.describe();
  json started = executed.json["run"];
  const std::string run_id = started.value("id", "");
  ASSERT_FALSE(run_id.empty()) << executed.body;
  EXPECT_EQ(started.value("workflow_id", ""), id);
  EXPECT_EQ(started.value("customer_id", ""), tenant_a);
  EXPECT_EQ(started["inputs"], inputs);
  EXPECT_TRUE(started["nodes"].is_array());
  const std::string first_status = started.value("status", "");
  EXPECT_TRUE(first_status == "queued" || first_status == "running" || first_status == "completed")
      << first_status;

  json run = wait_for_run(id, run_id, tok);
  ASSERT_NO_FATAL_FAILURE(expect_completed_chain_run(run, workflow, tenant_a));
  EXPECT_EQ(run.value("id", ""), run_id);

  // Lists.
  auto runs = get(path("/" + id + "/runs"), tok);
  ASSERT_EQ(runs.status, 200) << runs.describe();
  EXPECT_EQ(runs.json.value("count", -1), 1);
  EXPECT_EQ(runs.json.value("total", -1), 1);
  ASSERT_EQ(runs.json["runs"].size(), 1u);
  EXPECT_EQ(runs.json["runs"][0].value("id", ""), run_id);
  EXPECT_EQ(runs.json["runs"][0].value("status", ""), "completed");
  auto workflows = get(path(), tok);
  ASSERT_EQ(workflows.status, 200) << workflows.describe();
  EXPECT_EQ(workflows.json.value("count", -1), 1);
  EXPECT_EQ(workflows.json.value("total", -1), 1);
  ASSERT_EQ(workflows.json["workflows"].size(), 1u);
  EXPECT_EQ(workflows.json["workflows"][0].value("id", ""), id);
  EXPECT_FALSE(workflows.json["workflows"][0].contains("definition")) << "lists omit the definition";

  // Graceful restart on the same data directory: everything is still there, identical.
  ASSERT_NO_FATAL_FAILURE(restart_server());
  auto wf_after = get(path("/" + id), tok);
  ASSERT_EQ(wf_after.status, 200) << wf_after.describe();
  EXPECT_EQ(wf_after.json["workflow"], workflow);
  auto run_after = get(path("/" + id + "/runs/" + run_id), tok);
  ASSERT_EQ(run_after.status, 200) << run_after.describe();
  EXPECT_EQ(run_after.json["run"], run) << "the run (with node outputs) survives a restart unchanged";
  auto runs_after = get(path("/" + id + "/runs"), tok);
  EXPECT_EQ(runs_after.json, runs.json);
  auto workflows_after = get(path(), tok);
  EXPECT_EQ(workflows_after.json, workflows.json);

  // A new execute works after the restart and is listed first.
  json second = run_to_end(id, inputs, tok);
  ASSERT_NO_FATAL_FAILURE(expect_completed_chain_run(second, workflow, tenant_a));
  EXPECT_NE(second.value("id", ""), run_id);
  auto runs_final = get(path("/" + id + "/runs"), tok);
  ASSERT_EQ(runs_final.status, 200) << runs_final.describe();
  EXPECT_EQ(runs_final.json.value("total", -1), 2);
  ASSERT_EQ(runs_final.json["runs"].size(), 2u);
  EXPECT_EQ(runs_final.json["runs"][0].value("id", ""), second.value("id", "?")) << "newest first";
  EXPECT_EQ(runs_final.json["runs"][1].value("id", ""), run_id);
}

}  // namespace
}  // namespace runlog::e2e
