// The workflow lifecycle over real HTTP: PATCH (fields, errors, archive), DELETE with its
// cascade to a paused run (gone from every read, and still gone after a restart), and foreign
// tenants answered exactly like missing ids.

#include <filesystem>
#include <thread>

#include "api/e2e_fixture.hpp"

namespace runlog::e2e {
namespace {

using strings = std::vector<std::string>;

constexpr std::string_view missing_wf = "00000000-0000-4000-8000-00000000000a";

/// prep -> approve (pauses the run) -> pay.
json approval_definition() {
  return json::parse(R"({"nodes": [
    {"id": "prep", "type": "transform", "config": {"amount": 1}},
    {"id": "approve", "type": "approval", "input_from": "prep", "config": {"prompt": "ok?"}},
    {"id": "pay", "type": "transform", "input_from": "approve", "config": {"paid": true}}]})");
}

strings ids(const json& items) {
  strings out;
  if (!items.is_array()) return out;
  for (const auto& i : items) out.push_back(i.value("id", ""));
  return out;
}

bool contains(const strings& list, const std::string& id) {
  return std::find(list.begin(), list.end(), id) != list.end();
}

class lifecycle_test : public e2e_test {
 protected:
  http_response patch(std::string_view target, const json& body, std::string_view bearer) {
    return send("PATCH", target, bearer, body.dump());
  }

  /// Executes and polls until the run is paused (bounded); returns the run id.
  std::string paused_run(const std::string& wf, const std::string& tok) {
    const json run = execute(wf, json::object(), tok);
    if (!run.is_object()) return "";
    const std::string id = run.value("id", "");
    json last = json::object();
    for (int i = 0; i < 500 && last.value("status", "") != "paused"; ++i) {
      last = get(path("/" + wf + "/runs/" + id), tok).json["run"];
      if (last.value("status", "") != "paused")
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_EQ(last.value("status", ""), "paused") << last.dump(2);
    return id;
  }

  strings searched_run_ids(const std::string& tok) {
    const auto res = get(path("/runs?limit=200"), tok);
    EXPECT_EQ(res.status, 200) << res.describe();
    return ids(res.json["runs"]);
  }
};

TEST_F(lifecycle_test, patch_changes_the_given_fields_and_answers_the_whole_workflow) {
  const std::string tok = token(tenant_a, "alice");
  const json created = create_workflow("report", chain_definition(), tok);
  ASSERT_TRUE(created.is_object());
  EXPECT_EQ(created.value("definition_version", 0), 1);
  const std::string id = created["id"];

  auto res = patch(path("/" + id),
                   {{"name", "  weekly report "}, {"description", "new"}, {"version", "1.2.0"}},
                   token(tenant_a, "bob"));
  ASSERT_EQ(res.status, 200) << res.describe();
  EXPECT_EQ(res.json.value("success", false), true);
  json w = res.json["workflow"];
  for (const char* field :
       {"id", "customer_id", "name", "description", "definition", "version", "status", "created_by",
        "created_at", "updated_at", "definition_version"}) {
    EXPECT_TRUE(w.contains(field)) << field << " missing in " << w.dump();
  }
  EXPECT_EQ(w["id"], id);
  EXPECT_EQ(w["customer_id"], tenant_a);
  EXPECT_EQ(w["name"], "weekly report") << "names are trimmed as on create";
  EXPECT_EQ(w["description"], "new");
  EXPECT_EQ(w["version"], "1.2.0");
  EXPECT_EQ(w["status"], "active");
  EXPECT_EQ(w["definition"], chain_definition());
  EXPECT_EQ(w["created_by"], "alice");
  EXPECT_EQ(w["created_at"], created["created_at"]);
  EXPECT_EQ(w["definition_version"], 1) << "no new definition, no new version";
  EXPECT_EQ(get(path("/" + id), tok).json["workflow"], w) << "read your write";

  json smaller = chain_definition();
  smaller["nodes"].erase(2);
  auto redefined = patch(path("/" + id), {{"definition", smaller}}, tok);
  ASSERT_EQ(redefined.status, 200) << redefined.describe();
  EXPECT_EQ(redefined.json["workflow"]["definition"], smaller);
  EXPECT_EQ(redefined.json["workflow"]["definition_version"], 2);
  EXPECT_EQ(redefined.json["workflow"]["name"], "weekly report");
  // Unknown fields are ignored, so a body with only those has no valid field.
  for (const json& body : {json::object(), json{{"unknown", 1}, {"id", "x"}}}) {
    auto none = patch(path("/" + id), body, tok);
    EXPECT_TRUE(is_error(none, 400, "VALIDATION_ERROR"));
    EXPECT_EQ(none.json["error"].value("message", ""), "No valid fields to update");
  }
}

TEST_F(lifecycle_test, patch_rejects_bad_fields_and_changes_nothing) {
  const std::string tok = token();
  const json created = create_workflow("report", chain_definition(), tok);
  ASSERT_TRUE(created.is_object());
  const std::string id = created["id"];
  ASSERT_TRUE(create_workflow("taken", chain_definition(), tok).is_object());
  const std::string target = path("/" + id);
  const std::vector<std::pair<json, std::string>> validation = {
      {{{"name", 5}}, "name"},
      {{{"name", "   "}}, "name"},
      {{{"name", std::string(201, 'x')}}, "name"},
      {{{"description", 5}}, "description"},
      {{{"version", "1.0"}}, "version"},
      {{{"version", 1}}, "version"},
      {{{"status", "paused"}}, "status"},
      {{{"status", true}}, "status"},
      {{{"name", "ok"}, {"status", "deleted"}}, "status"},
  };
  for (const auto& [body, field] : validation) {
    auto res = patch(target, body, tok);
    EXPECT_TRUE(is_error(res, 400, "VALIDATION_ERROR")) << body.dump();
    EXPECT_NE(res.json["error"].value("message", "").find(field), std::string::npos) << res.body;
  }
  for (const json& definition : {json("x"), json::object(), json{{"nodes", "a"}},
                                 json::parse(R"({"nodes": [{"id": "a", "type": "nope"}]})")}) {
    auto res = patch(target, {{"definition", definition}}, tok);
    EXPECT_TRUE(is_error(res, 400, "INVALID_WORKFLOW_CONFIG")) << definition.dump();
  }
  auto invalid_node = patch(
      target, {{"definition", json::parse(R"({"nodes": [{"id": "a", "type": "nope"}]})")}}, tok);
  EXPECT_NE(invalid_node.json["error"].value("message", "").find("node 'a'"), std::string::npos)
      << invalid_node.body;
  EXPECT_TRUE(is_error(patch(target, {{"name", "taken"}}, tok), 409, "WORKFLOW_NAME_CONFLICT"));
  EXPECT_TRUE(is_error(send("PATCH", target, tok, std::string("{nope")), 400, "INVALID_JSON"));
  EXPECT_TRUE(is_error(patch(path("/" + std::string(missing_wf)), {{"name", "x"}}, tok), 404,
                       "WORKFLOW_NOT_FOUND"));
  EXPECT_TRUE(
      is_error(patch(path("/not-a-uuid"), {{"name", "x"}}, tok), 404, "WORKFLOW_NOT_FOUND"));
  EXPECT_EQ(get(target, tok).json["workflow"], created) << "no failed PATCH changed anything";
}

TEST_F(lifecycle_test, archived_workflows_cannot_be_executed_until_active_again) {
  const std::string tok = token();
  const json created = create_workflow("report", chain_definition(), tok);
  ASSERT_TRUE(created.is_object());
  const std::string id = created["id"];
  auto archived = patch(path("/" + id), {{"status", "archived"}}, tok);
  ASSERT_EQ(archived.status, 200) << archived.describe();
  EXPECT_EQ(archived.json["workflow"]["status"], "archived");
  EXPECT_EQ(ids(get(path("?status=archived"), tok).json["workflows"]), strings{id});
  EXPECT_TRUE(ids(get(path("?status=active"), tok).json["workflows"]).empty());

  auto refused = post(path("/" + id + "/execute"), {{"inputs", {{"name", "w"}, {"x", 1}}}}, tok);
  EXPECT_TRUE(is_error(refused, 400, "WORKFLOW_ARCHIVED"));
  EXPECT_EQ(get(path("/" + id + "/runs"), tok).json.value("total", -1), 0);

  ASSERT_EQ(patch(path("/" + id), {{"status", "active"}}, tok).status, 200);
  const json run = run_to_end(id, {{"name", "w"}, {"x", 1}}, tok);
  ASSERT_TRUE(run.is_object());
  EXPECT_EQ(run.value("status", ""), "completed");
  EXPECT_EQ(run.value("definition_version", 0), 1);
}

TEST_F(lifecycle_test, delete_cascades_to_runs_and_nothing_comes_back_after_a_restart) {
  const std::string tok = token();
  const json wf = create_workflow("doomed", chain_definition(), tok);
  const json keep = create_workflow("kept", approval_definition(), tok);
  ASSERT_TRUE(wf.is_object() && keep.is_object());
  const std::string id = wf["id"];
  const std::string keep_id = keep["id"];
  const json done = run_to_end(id, {{"name", "w"}, {"x", 1}}, tok);
  ASSERT_TRUE(done.is_object());
  ASSERT_EQ(patch(path("/" + id), {{"definition", approval_definition()}}, tok).status, 200);
  const std::string paused = paused_run(id, tok);
  const std::string kept_run = paused_run(keep_id, tok);
  ASSERT_FALSE(paused.empty() || kept_run.empty());
  EXPECT_EQ(get(path("/" + id + "/runs/" + paused), tok).json["run"].value("definition_version", 0),
            2);

  auto deleted = del(path("/" + id), tok);
  ASSERT_EQ(deleted.status, 200) << deleted.describe();
  EXPECT_EQ(deleted.json, json({{"success", true}, {"message", "Workflow deleted successfully"}}));

  const auto expect_gone = [&] {
    EXPECT_TRUE(is_error(get(path("/" + id), tok), 404, "WORKFLOW_NOT_FOUND"));
    EXPECT_TRUE(is_error(get(path("/" + id + "/runs"), tok), 404, "WORKFLOW_NOT_FOUND"));
    EXPECT_TRUE(is_error(get(path("/" + id + "/versions"), tok), 404, "WORKFLOW_NOT_FOUND"));
    for (const std::string& run : {paused, std::string(done["id"])}) {
      EXPECT_TRUE(is_error(get(path("/" + id + "/runs/" + run), tok), 404, "EXECUTION_NOT_FOUND"));
      EXPECT_FALSE(contains(searched_run_ids(tok), run)) << run;
    }
    EXPECT_TRUE(get(path("/runs?workflow_id=" + id), tok).json["runs"].empty());
    EXPECT_FALSE(contains(ids(get(path(), tok).json["workflows"]), id));
    EXPECT_TRUE(is_error(del(path("/" + id), tok), 404, "WORKFLOW_NOT_FOUND"));
    EXPECT_TRUE(
        is_error(patch(path("/" + id), {{"name", "back"}}, tok), 404, "WORKFLOW_NOT_FOUND"));
    EXPECT_TRUE(is_error(post(path("/" + id + "/execute"), json::object(), tok), 404,
                         "WORKFLOW_NOT_FOUND"));
    // The other workflow's paused run is untouched.
    EXPECT_EQ(get(path("/" + keep_id + "/runs/" + kept_run), tok).json["run"].value("status", ""),
              "paused");
  };
  expect_gone();
  // The name is free again.
  const json again = create_workflow("doomed", chain_definition(), tok);
  ASSERT_TRUE(again.is_object());
  EXPECT_NE(again["id"], id);

  ASSERT_NO_FATAL_FAILURE(restart_server());
  expect_gone();
  EXPECT_EQ(get(path("/" + std::string(again["id"])), tok).json["workflow"], again);
  EXPECT_EQ(searched_run_ids(tok), strings{kept_run});

  // Rebuilt from the log alone (the read models dropped): the same answers.
  ASSERT_NO_FATAL_FAILURE(stop_server());
  std::filesystem::remove_all(data_dir() / "views");
  ASSERT_NO_FATAL_FAILURE(start_server());
  expect_gone();
  EXPECT_EQ(get(path("/" + std::string(again["id"])), tok).json["workflow"], again);
  EXPECT_EQ(searched_run_ids(tok), strings{kept_run});
}

TEST_F(lifecycle_test, a_foreign_tenant_is_answered_like_a_missing_workflow) {
  const std::string a = token(tenant_a);
  const std::string b = token(tenant_b);
  const json wf = create_workflow("private", chain_definition(), a);
  ASSERT_TRUE(wf.is_object());
  const std::string id = wf["id"];
  const std::string missing(missing_wf);
  for (const std::string& target : {id, missing}) {
    SCOPED_TRACE(target);
    EXPECT_TRUE(is_error(patch(path("/" + target), {{"status", "archived"}}, b), 404,
                         "WORKFLOW_NOT_FOUND"));
    EXPECT_TRUE(is_error(del(path("/" + target), b), 404, "WORKFLOW_NOT_FOUND"));
    EXPECT_TRUE(is_error(post(path("/" + target + "/clone"), json::object(), b), 404,
                         "WORKFLOW_NOT_FOUND"));
    EXPECT_TRUE(is_error(get(path("/" + target + "/versions"), b), 404, "WORKFLOW_NOT_FOUND"));
    EXPECT_TRUE(is_error(get(path("/" + target + "/versions/1"), b), 404, "WORKFLOW_NOT_FOUND"));
    EXPECT_TRUE(is_error(get(path("/" + target + "/steps"), b), 404, "WORKFLOW_NOT_FOUND"));
    EXPECT_TRUE(is_error(get(path("/" + target + "/steps/a"), b), 404, "WORKFLOW_NOT_FOUND"));
    EXPECT_TRUE(is_error(post(path("/" + target + "/steps"), {{"id", "z"}, {"type", "end"}}, b),
                         404, "WORKFLOW_NOT_FOUND"));
    EXPECT_TRUE(is_error(del(path("/" + target + "/steps/a"), b), 404, "WORKFLOW_NOT_FOUND"));
  }
  EXPECT_EQ(get(path("/" + id), a).json["workflow"], wf) << "B changed nothing";
  EXPECT_EQ(get(path(), b).json.value("total", -1), 0) << "B's clone attempt created nothing";
}

}  // namespace
}  // namespace runlog::e2e
