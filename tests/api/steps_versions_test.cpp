// Version history, clone and the steps API over real HTTP: every definition change is a new
// numbered version (surviving a restart), clones start at version 1, and each step edit is one
// validated update of the whole definition.

#include "api/e2e_fixture.hpp"

namespace runlog::e2e {
namespace {

using strings = std::vector<std::string>;

strings node_ids(const json& nodes) {
  strings out;
  if (!nodes.is_array()) return out;
  for (const auto& n : nodes) out.push_back(n.value("id", ""));
  return out;
}

class steps_versions_test : public e2e_test {
 protected:
  http_response patch(std::string_view target, const json& body, std::string_view bearer) {
    return send("PATCH", target, bearer, body.dump());
  }
};

TEST_F(steps_versions_test, every_new_definition_is_a_numbered_version) {
  const std::string tok = token(tenant_a, "alice");
  const json wf = create_workflow("versioned", chain_definition(), tok);
  ASSERT_TRUE(wf.is_object());
  const std::string id = wf["id"];
  json second = chain_definition();
  second["nodes"].erase(2);
  ASSERT_EQ(patch(path("/" + id), {{"name", "renamed"}}, tok).status, 200);
  ASSERT_EQ(
      patch(path("/" + id), {{"definition", second}, {"version", "1.1.0"}}, token(tenant_a, "bob"))
          .status,
      200);
  ASSERT_EQ(patch(path("/" + id), {{"definition", second}}, tok).status, 200)
      << "same definition again";

  auto listed = get(path("/" + id + "/versions"), tok);
  ASSERT_EQ(listed.status, 200) << listed.describe();
  EXPECT_EQ(listed.json.value("success", false), true);
  EXPECT_EQ(listed.json.value("count", -1), 2);
  const json& versions = listed.json["versions"];
  ASSERT_EQ(versions.size(), 2u) << listed.body;
  EXPECT_EQ(versions[0]["version"], 1) << "ascending by number";
  EXPECT_EQ(versions[0]["label"], "1.0.0");
  EXPECT_EQ(versions[0]["created_by"], "alice");
  EXPECT_EQ(versions[0]["created_at"], wf["created_at"]);
  EXPECT_FALSE(versions[0].contains("definition")) << "the list omits definitions";
  EXPECT_EQ(versions[1]["version"], 2);
  EXPECT_EQ(versions[1]["label"], "1.1.0");
  EXPECT_EQ(versions[1]["created_by"], "bob");

  auto first = get(path("/" + id + "/versions/1"), tok);
  ASSERT_EQ(first.status, 200) << first.describe();
  EXPECT_EQ(first.json["version"]["definition"], chain_definition());
  EXPECT_EQ(first.json["version"]["version"], 1);
  auto latest = get(path("/" + id + "/versions/2"), tok);
  EXPECT_EQ(latest.json["version"]["definition"], second);
  EXPECT_EQ(get(path("/" + id), tok).json["workflow"]["definition_version"], 2);
  for (const char* bad : {"3", "0", "-1", "abc", "1x"}) {
    EXPECT_TRUE(is_error(get(path("/" + id + "/versions/" + bad), tok), 404, "VERSION_NOT_FOUND"))
        << bad;
  }
  // Runs pin the definition version they started with.
  const json run = execute(id, json::object(), tok);
  EXPECT_EQ(run.value("definition_version", 0), 2);

  ASSERT_NO_FATAL_FAILURE(restart_server());
  EXPECT_EQ(get(path("/" + id + "/versions"), tok).json, listed.json);
  EXPECT_EQ(get(path("/" + id + "/versions/2"), tok).json, latest.json);
}

TEST_F(steps_versions_test, clone_copies_the_workflow_under_a_new_name_at_version_one) {
  const std::string tok = token();
  const json wf = create_workflow("original", chain_definition(), tok);
  ASSERT_TRUE(wf.is_object());
  const std::string id = wf["id"];
  json second = chain_definition();
  second["nodes"].erase(2);
  ASSERT_EQ(patch(path("/" + id), {{"definition", second}, {"version", "2.0.0"}}, tok).status, 200);

  auto cloned = post(path("/" + id + "/clone"), json::object(), tok);
  ASSERT_EQ(cloned.status, 201) << cloned.describe();
  const json copy = cloned.json["workflow"];
  EXPECT_NE(copy["id"], id);
  EXPECT_EQ(copy["name"], "original (Copy)");
  EXPECT_EQ(copy["description"], wf["description"]);
  EXPECT_EQ(copy["definition"], second);
  EXPECT_EQ(copy["version"], "2.0.0");
  EXPECT_EQ(copy["status"], "active");
  EXPECT_EQ(copy["definition_version"], 1);
  EXPECT_EQ(get(path("/" + std::string(copy["id"])), tok).json["workflow"], copy);
  EXPECT_EQ(get(path("/" + std::string(copy["id"]) + "/versions"), tok).json.value("count", -1), 1);

  EXPECT_TRUE(is_error(post(path("/" + id + "/clone"), json::object(), tok), 409,
                       "WORKFLOW_NAME_CONFLICT"));
  auto named = post(path("/" + id + "/clone"), {{"name", "custom"}}, tok);
  ASSERT_EQ(named.status, 201) << named.describe();
  EXPECT_EQ(named.json["workflow"]["name"], "custom");
  EXPECT_TRUE(
      is_error(post(path("/" + id + "/clone"), {{"name", 5}}, tok), 400, "VALIDATION_ERROR"));
  EXPECT_TRUE(
      is_error(post(path("/" + id + "/clone"), {{"name", " "}}, tok), 400, "VALIDATION_ERROR"));
  EXPECT_EQ(get(path(), tok).json.value("total", -1), 3);
}

TEST_F(steps_versions_test, steps_are_listed_read_added_and_removed) {
  const std::string tok = token();
  const json wf = create_workflow("stepped", chain_definition(), tok);
  ASSERT_TRUE(wf.is_object());
  const std::string id = wf["id"];
  const std::string steps = path("/" + id + "/steps");

  auto listed = get(steps, tok);
  ASSERT_EQ(listed.status, 200) << listed.describe();
  EXPECT_EQ(listed.json["steps"], chain_definition()["nodes"]);
  EXPECT_EQ(listed.json.value("count", -1), 3);
  auto one = get(steps + "/b", tok);
  ASSERT_EQ(one.status, 200) << one.describe();
  EXPECT_EQ(one.json["step"], chain_definition()["nodes"][1]);
  EXPECT_TRUE(is_error(get(steps + "/zz", tok), 404, "STEP_NOT_FOUND"));

  const json node = {
      {"id", "tap"}, {"type", "transform"}, {"input_from", "a"}, {"config", {{"k", 1}}}};
  json body = node;
  body["position"] = 1;
  auto added = post(steps, body, tok);
  ASSERT_EQ(added.status, 201) << added.describe();
  EXPECT_EQ(added.json["step"], node);
  EXPECT_EQ(added.json["workflow"]["definition_version"], 2);
  EXPECT_EQ(node_ids(added.json["workflow"]["definition"]["nodes"]),
            (strings{"a", "tap", "b", "c"}));
  EXPECT_EQ(added.json["workflow"]["definition"]["inputs"], chain_definition()["inputs"])
      << "the rest stays";
  auto appended = post(steps, {{"id", "last"}, {"type", "end"}, {"input_from", "c"}}, tok);
  ASSERT_EQ(appended.status, 201) << appended.describe();
  EXPECT_EQ(node_ids(appended.json["workflow"]["definition"]["nodes"]),
            (strings{"a", "tap", "b", "c", "last"}));

  EXPECT_TRUE(
      is_error(post(steps, {{"id", "b"}, {"type", "end"}}, tok), 409, "STEP_ALREADY_EXISTS"));
  EXPECT_TRUE(is_error(post(steps, {{"type", "end"}}, tok), 400, "VALIDATION_ERROR"));
  EXPECT_TRUE(is_error(post(steps, {{"id", "x"}, {"type", "end"}, {"position", 9}}, tok), 400,
                       "VALIDATION_ERROR"));
  EXPECT_TRUE(is_error(post(steps, {{"id", "x"}, {"type", "end"}, {"position", -1}}, tok), 400,
                       "VALIDATION_ERROR"));
  auto dangling = post(steps, {{"id", "x"}, {"type", "end"}, {"input_from", "ghost"}}, tok);
  EXPECT_TRUE(is_error(dangling, 400, "INVALID_WORKFLOW_CONFIG"));
  EXPECT_NE(dangling.json["error"].value("message", "").find("ghost"), std::string::npos)
      << dangling.body;

  auto needed = del(steps + "/a", tok);
  EXPECT_TRUE(is_error(needed, 400, "INVALID_WORKFLOW_CONFIG"));
  EXPECT_NE(needed.json["error"].value("message", "").find("node 'tap'"), std::string::npos)
      << "names the dependent: " << needed.body;
  EXPECT_TRUE(is_error(del(steps + "/zz", tok), 404, "STEP_NOT_FOUND"));
  auto removed = del(steps + "/last", tok);
  ASSERT_EQ(removed.status, 200) << removed.describe();
  EXPECT_EQ(removed.json.value("success", false), true);
  EXPECT_EQ(node_ids(removed.json["workflow"]["definition"]["nodes"]),
            (strings{"a", "tap", "b", "c"}));
  EXPECT_EQ(removed.json["workflow"]["definition_version"], 4);

  EXPECT_EQ(get(steps, tok).json.value("count", -1), 4);
  EXPECT_EQ(get(path("/" + id + "/versions"), tok).json.value("count", -1), 4)
      << "one version per edit";
  // The edited workflow runs: tap's output is recorded like any node's.
  const json run = run_to_end(id, {{"name", "w"}, {"x", 1}}, tok);
  ASSERT_TRUE(run.is_object());
  EXPECT_EQ(run.value("status", ""), "completed") << run.dump(2);
  EXPECT_EQ(node_of(run, "tap")["output"], json({{"k", 1}}));
}

}  // namespace
}  // namespace runlog::e2e
