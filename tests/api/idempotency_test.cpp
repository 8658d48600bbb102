// Idempotency-Key on create and execute, and execute inputs checked against the definition's
// input schema, over real HTTP against `runlog serve`.

#include <set>
#include <thread>

#include "api/e2e_fixture.hpp"

namespace runlog::e2e {
namespace {

class idempotency_test : public e2e_test {
 protected:
  http_response keyed_post(std::string_view target, const json& body, std::string_view key,
                           std::string_view bearer) {
    auto res = client().request("POST", target, bearer, body.dump(), {{"Idempotency-Key", std::string(key)}});
    if (!res) {
      ADD_FAILURE() << "POST " << target << ": " << res.error().message;
      return {};
    }
    return std::move(*res);
  }

  json body(std::string_view name) const {
    return {{"name", name}, {"definition", chain_definition()}};
  }

  std::size_t workflow_count(std::string_view bearer) {
    return get(path(), bearer).json.value("total", std::size_t{0});
  }
  std::size_t run_count(std::string_view workflow_id, std::string_view bearer) {
    return get(path("/" + std::string(workflow_id) + "/runs"), bearer).json.value("total", std::size_t{0});
  }
};

TEST_F(idempotency_test, a_repeated_create_returns_the_first_answer_and_creates_nothing) {
  const auto a = token();
  const auto first = keyed_post(path(), body("Once"), "create-1", a);
  ASSERT_EQ(first.status, 201) << first.describe();
  EXPECT_FALSE(first.headers.contains("idempotent-replayed"));
  // Same key, same body (other key order and spacing): the first answer again.
  const auto again = client().request("POST", path(), a,
                                      R"({"definition": )" + chain_definition().dump() + R"(,  "name":"Once"})",
                                      {{"Idempotency-Key", "create-1"}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 201) << again->describe();
  EXPECT_EQ(again->json["workflow"]["id"], first.json["workflow"]["id"]);
  EXPECT_EQ(again->headers.at("idempotent-replayed"), "true");
  EXPECT_EQ(workflow_count(a), 1u);
  // Same key, another body: 422, nothing created.
  EXPECT_TRUE(is_error(keyed_post(path(), body("Other"), "create-1", a), 422, "IDEMPOTENCY_KEY_REUSED"));
  EXPECT_EQ(workflow_count(a), 1u);
  // Another tenant's keys are its own.
  const auto b = keyed_post(path(), body("Once"), "create-1", token(tenant_b));
  EXPECT_EQ(b.status, 201) << b.describe();
  EXPECT_NE(b.json["workflow"]["id"], first.json["workflow"]["id"]);
  // The memory is the log: it survives a restart.
  restart_server();
  const auto after = keyed_post(path(), body("Once"), "create-1", a);
  EXPECT_EQ(after.status, 201) << after.describe();
  EXPECT_EQ(after.json["workflow"]["id"], first.json["workflow"]["id"]);
  EXPECT_EQ(workflow_count(a), 1u);
}

TEST_F(idempotency_test, a_rejected_first_request_is_repeated_as_the_same_rejection) {
  const auto a = token();
  ASSERT_FALSE(create_workflow("Taken", chain_definition(), a).is_null());
  EXPECT_TRUE(is_error(keyed_post(path(), body("Taken"), "dup-1", a), 409, "WORKFLOW_NAME_CONFLICT"));
  const auto again = keyed_post(path(), body("Taken"), "dup-1", a);
  EXPECT_TRUE(is_error(again, 409, "WORKFLOW_NAME_CONFLICT"));
  EXPECT_EQ(again.headers.at("idempotent-replayed"), "true");
}

TEST_F(idempotency_test, a_repeated_execute_returns_the_same_run) {
  const auto a = token();
  const auto wf = create_workflow("Exec", chain_definition(), a);
  ASSERT_FALSE(wf.is_null());
  const std::string id = wf["id"];
  const json inputs = {{"inputs", {{"name", "x"}, {"x", 1}}}};
  const auto first = keyed_post(path("/" + id + "/execute"), inputs, "run-1", a);
  ASSERT_EQ(first.status, 201) << first.describe();
  const auto again = keyed_post(path("/" + id + "/execute"), inputs, "run-1", a);
  EXPECT_EQ(again.status, 201) << again.describe();
  EXPECT_EQ(again.json["run"]["id"], first.json["run"]["id"]);
  EXPECT_EQ(run_count(id, a), 1u);
  EXPECT_TRUE(is_error(keyed_post(path("/" + id + "/execute"), {{"inputs", {{"x", 2}}}}, "run-1", a), 422,
                       "IDEMPOTENCY_KEY_REUSED"));
  // Keys are per workflow: the same key on another workflow runs it.
  const auto other = create_workflow("Exec 2", chain_definition(), a);
  ASSERT_FALSE(other.is_null());
  const std::string other_id = other["id"];
  EXPECT_EQ(keyed_post(path("/" + other_id + "/execute"), inputs, "run-1", a).status, 201);
  EXPECT_EQ(run_count(id, a), 1u);
}

TEST_F(idempotency_test, concurrent_retries_create_one_workflow) {
  const auto a = token();
  constexpr int kClients = 4;
  std::vector<http_response> answers(kClients);
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      auto c = new_client();
      auto res = c->request("POST", path(), a, body("Race").dump(), {{"Idempotency-Key", "race-1"}});
      if (res) answers[i] = std::move(*res);
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> ids;
  for (const auto& res : answers) {
    if (res.status == 201) {
      ids.insert(res.json["workflow"]["id"].get<std::string>());
    } else {
      EXPECT_TRUE(is_error(res, 409, "IDEMPOTENCY_KEY_IN_USE"));
    }
  }
  EXPECT_EQ(ids.size(), 1u);
  EXPECT_EQ(workflow_count(a), 1u);
}

TEST_F(idempotency_test, malformed_keys_are_rejected) {
  const auto a = token();
  EXPECT_TRUE(is_error(keyed_post(path(), body("K"), std::string(256, 'k'), a), 400, "VALIDATION_ERROR"));
  EXPECT_TRUE(is_error(keyed_post(path(), body("K"), "has space", a), 400, "VALIDATION_ERROR"));
  EXPECT_EQ(workflow_count(a), 0u);
}

json typed_definition() {
  return json::parse(R"({
    "nodes": [{"id": "echo", "type": "transform", "config": {"to": "{{inputs.email}}", "n": "{{inputs.count}}"}}],
    "inputs": {"type": "object", "required": ["email"],
               "properties": {"email": {"type": "string", "pattern": "@"},
                              "count": {"type": "integer", "minimum": 1, "default": 2},
                              "tags": {"type": "array", "items": {"type": "string"}}}}
  })");
}

TEST_F(idempotency_test, execute_inputs_are_checked_against_the_input_schema) {
  const auto a = token();
  const auto wf = create_workflow("Typed", typed_definition(), a);
  ASSERT_FALSE(wf.is_null());
  const std::string exec = path("/" + wf["id"].get<std::string>() + "/execute");
  auto missing = post(exec, {{"inputs", json::object()}}, a);
  EXPECT_TRUE(is_error(missing, 422, "PARAMETER_VALIDATION_ERROR"));
  EXPECT_NE(missing.json["error"]["message"].get<std::string>().find("email"), std::string::npos);
  auto wrong = post(exec, {{"inputs", {{"email", "a@b"}, {"tags", {"x", 3}}}}}, a);
  EXPECT_TRUE(is_error(wrong, 422, "PARAMETER_VALIDATION_ERROR"));
  EXPECT_EQ(wrong.json["error"]["message"], "tags[1] must be a string");
  EXPECT_TRUE(is_error(post(exec, {{"inputs", {{"email", "nope"}}}}, a), 422, "PARAMETER_VALIDATION_ERROR"));
  EXPECT_EQ(run_count(wf["id"].get<std::string>(), a), 0u);
  // Defaults are filled in and the run sees them.
  const auto run = run_to_end(wf["id"].get<std::string>(), {{"email", "a@b"}}, a);
  ASSERT_FALSE(run.is_null());
  EXPECT_EQ(run["inputs"]["count"], 2);
  EXPECT_EQ(run["status"], "completed");
}

TEST_F(idempotency_test, an_input_schema_that_cannot_be_enforced_is_an_invalid_config) {
  json def = typed_definition();
  def["inputs"]["properties"]["count"]["type"] = "int";
  const auto res = post(path(), {{"name", "Bad schema"}, {"definition", def}}, token());
  EXPECT_TRUE(is_error(res, 400, "INVALID_WORKFLOW_CONFIG"));
  EXPECT_NE(res.json["error"]["message"].get<std::string>().find("inputs.properties.count.type"),
            std::string::npos);
}

}  // namespace
}  // namespace runlog::e2e
