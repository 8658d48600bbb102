// Validation and errors over real HTTP: every error status of the skeleton's endpoints with
// its machine-readable code, and no half-applied change afterwards.

#include "api/e2e_fixture.hpp"

namespace runlog::e2e {
namespace {

constexpr std::string_view missing_id = "00000000-0000-4000-8000-000000000000";

json one_node() {
  return json::parse(R"({"nodes": [{"id": "a", "type": "transform", "config": {"v": 1}}]})");
}

class errors_test : public e2e_test {};

TEST_F(errors_test, authentication_failures_are_401) {
  EXPECT_TRUE(is_error(get(path(), ""), 401, "UNAUTHORIZED"));
  EXPECT_TRUE(is_error(send("GET", path(), "", std::nullopt), 401, "UNAUTHORIZED"));

  const json good_claims = testing::claims(tenant_a, "u1");
  const json hs256 = {{"alg", "HS256"}, {"typ", "JWT"}};
  struct bad_token {
    const char* what;
    std::string token;
  };
  json no_tenant = good_claims;
  no_tenant.erase("customer_id");
  const bad_token cases[] = {
      {"garbage", "not-a-jwt"},
      {"wrong signature", testing::sign_hs256(hs256, good_claims, "some-other-secret")},
      {"expired", testing::mint_token(secret, tenant_a, "u1", -120)},
      {"alg none, unsigned", testing::unsigned_token(good_claims)},
      {"alg none, signed anyway", testing::sign_hs256({{"alg", "none"}, {"typ", "JWT"}}, good_claims, secret)},
      {"missing customer_id", testing::sign_hs256(hs256, no_tenant, secret)},
      {"tampered payload", [&] {
         std::string t = testing::mint_token(secret, tenant_a, "u1");
         const auto dot = t.find('.');
         return t.substr(0, dot + 1) + testing::base64url(testing::claims(tenant_b, "u1").dump()) +
                t.substr(t.rfind('.'));
       }()},
  };
  for (const auto& c : cases) {
    EXPECT_TRUE(is_error(get(path(), c.token), 401, "INVALID_TOKEN")) << c.what;
  }
  // The same request with a good token passes, so the 401s above are about the tokens.
  EXPECT_EQ(get(path(), token()).status, 200);
}

TEST_F(errors_test, unknown_routes_and_methods) {
  const std::string tok = token();
  EXPECT_TRUE(is_error(get("/api/v2/nothing-here", tok), 404, "NOT_FOUND"));
  EXPECT_TRUE(is_error(get("/no/such/path", tok), 404, "NOT_FOUND"));
  EXPECT_TRUE(is_error(get(path("/a/b/c/d/e"), tok), 404, "NOT_FOUND"));
  EXPECT_TRUE(is_error(send("PUT", path(), tok, "{}"), 405, "METHOD_NOT_ALLOWED"));
  auto wf = create_workflow("routes", one_node(), tok);
  ASSERT_TRUE(wf.is_object());
  const std::string id = wf["id"];
  EXPECT_TRUE(is_error(send("PUT", path("/" + id + "/execute"), tok, "{}"), 405, "METHOD_NOT_ALLOWED"));
  EXPECT_TRUE(is_error(send("GET", path("/" + id + "/execute"), tok), 405, "METHOD_NOT_ALLOWED"));
  EXPECT_TRUE(is_error(send("PUT", path("/" + id + "/runs"), tok, "{}"), 405, "METHOD_NOT_ALLOWED"));
}

TEST_F(errors_test, missing_ids_are_404) {
  const std::string tok = token();
  const std::string missing(missing_id);
  EXPECT_TRUE(is_error(get(path("/" + missing), tok), 404, "WORKFLOW_NOT_FOUND"));
  EXPECT_TRUE(is_error(get(path("/not-even-a-uuid"), tok), 404, "WORKFLOW_NOT_FOUND"));
  EXPECT_TRUE(is_error(post(path("/" + missing + "/execute"), json::object(), tok), 404, "WORKFLOW_NOT_FOUND"));
  EXPECT_TRUE(is_error(get(path("/" + missing + "/runs"), tok), 404, "WORKFLOW_NOT_FOUND"));

  auto wf = create_workflow("has-no-runs", one_node(), tok);
  ASSERT_TRUE(wf.is_object());
  const std::string id = wf["id"];
  EXPECT_TRUE(is_error(get(path("/" + id + "/runs/" + missing), tok), 404, "EXECUTION_NOT_FOUND"));
  EXPECT_TRUE(is_error(del(path("/" + id + "/runs/" + missing), tok), 404, "EXECUTION_NOT_FOUND"));

  // A run id is only found under its own workflow.
  auto other = create_workflow("other", one_node(), tok);
  ASSERT_TRUE(other.is_object());
  auto run = run_to_end(id, json::object(), tok);
  ASSERT_TRUE(run.is_object());
  const std::string run_id = run["id"];
  const std::string other_id = other["id"];
  EXPECT_TRUE(is_error(get(path("/" + other_id + "/runs/" + run_id), tok), 404, "EXECUTION_NOT_FOUND"));
  EXPECT_TRUE(is_error(del(path("/" + other_id + "/runs/" + run_id), tok), 404, "EXECUTION_NOT_FOUND"));
}

TEST_F(errors_test, duplicate_name_is_409_per_tenant) {
  const std::string tok = token();
  ASSERT_TRUE(create_workflow("same-name", one_node(), tok).is_object());
  EXPECT_TRUE(is_error(post(path(), {{"name", "same-name"}, {"definition", one_node()}}, tok), 409,
                       "WORKFLOW_NAME_CONFLICT"));
  // Another user of the same tenant conflicts too; another tenant does not.
  EXPECT_TRUE(is_error(post(path(), {{"name", "same-name"}, {"definition", one_node()}}, token(tenant_a, "bob")),
                       409, "WORKFLOW_NAME_CONFLICT"));
  EXPECT_TRUE(create_workflow("same-name", one_node(), token(tenant_b)).is_object());
  auto list = get(path(), tok);
  EXPECT_EQ(list.json.value("total", -1), 1) << "the rejected creates left nothing behind";
}

TEST_F(errors_test, invalid_definitions_are_400_invalid_workflow_config) {
  const std::string tok = token();
  struct bad_definition {
    const char* what;
    const char* definition;
  };
  const bad_definition cases[] = {
      {"no nodes", R"({})"},
      {"nodes not an array", R"({"nodes": {"id": "a"}})"},
      {"empty nodes", R"({"nodes": []})"},
      {"duplicate ids", R"({"nodes": [{"id": "a", "type": "transform"}, {"id": "a", "type": "transform"}]})"},
      {"edge to a missing node", R"({"nodes": [{"id": "a", "type": "transform", "input_from": "ghost"}]})"},
      {"edge list to a missing node",
       R"({"nodes": [{"id": "a", "type": "transform"}, {"id": "b", "type": "transform", "input_from": ["a", "ghost"]}]})"},
      {"cycle",
       R"({"nodes": [{"id": "a", "type": "transform", "input_from": "c"}, {"id": "b", "type": "transform", "input_from": "a"},
                     {"id": "c", "type": "transform", "input_from": "b"}]})"},
      {"self loop", R"({"nodes": [{"id": "a", "type": "transform", "input_from": "a"}]})"},
      {"unknown node type", R"({"nodes": [{"id": "a", "type": "teleport"}]})"},
      {"node without id", R"({"nodes": [{"type": "transform"}]})"},
      {"bad template", R"({"nodes": [{"id": "a", "type": "transform", "config": {"v": "{{ 1 + }}"}}]})"},
  };
  for (const auto& c : cases) {
    EXPECT_TRUE(is_error(post(path(), {{"name", c.what}, {"definition", json::parse(c.definition)}}, tok), 400,
                         "INVALID_WORKFLOW_CONFIG"))
        << c.what;
  }
  auto list = get(path(), tok);
  EXPECT_EQ(list.json.value("total", -1), 0) << "no invalid workflow was stored: " << list.body;
}

TEST_F(errors_test, missing_or_wrong_typed_fields_are_400_validation_error) {
  const std::string tok = token();
  const json cases[] = {
      {{"definition", one_node()}},
      {{"name", 42}, {"definition", one_node()}},
      {{"name", "no-definition"}},
      {{"name", "string-definition"}, {"definition", "nodes"}},
      {{"name", "numeric-description"}, {"description", 5}, {"definition", one_node()}},
      {{"name", "numeric-version"}, {"version", 1}, {"definition", one_node()}},
  };
  for (const auto& body : cases) {
    EXPECT_TRUE(is_error(post(path(), body, tok), 400, "VALIDATION_ERROR")) << body.dump();
  }
  auto wf = create_workflow("valid", one_node(), tok);
  ASSERT_TRUE(wf.is_object());
  const std::string id = wf["id"];
  EXPECT_TRUE(is_error(post(path("/" + id + "/execute"), {{"inputs", "not an object"}}, tok), 400,
                       "VALIDATION_ERROR"));
  auto runs = get(path("/" + id + "/runs"), tok);
  EXPECT_EQ(runs.json.value("total", -1), 0) << "the rejected execute started no run";
}

TEST_F(errors_test, malformed_json_and_oversized_bodies) {
  const std::string tok = token();
  EXPECT_TRUE(is_error(send("POST", path(), tok, "{\"name\": \"x\", "), 400, "INVALID_JSON"));
  EXPECT_TRUE(is_error(send("POST", path(), tok, "not json at all"), 400, "INVALID_JSON"));
  auto wf = create_workflow("valid", one_node(), tok);
  ASSERT_TRUE(wf.is_object());
  const std::string id = wf["id"];
  EXPECT_TRUE(is_error(send("POST", path("/" + id + "/execute"), tok, "{inputs: 1}"), 400, "INVALID_JSON"));

  // > 1 MiB: a syntactically valid body so only its size is wrong.
  const std::string big = json({{"name", "big"}, {"description", std::string((1 << 20) + 16, 'x')},
                                {"definition", one_node()}})
                              .dump();
  EXPECT_TRUE(is_error(send("POST", path(), tok, big), 413, "PAYLOAD_TOO_LARGE"));

  // The server is still healthy and nothing was half-applied.
  auto c = new_client();
  auto health = c->get(path("/health"));
  ASSERT_TRUE(health.has_value()) << health.error().message;
  EXPECT_EQ(health->status, 200);
  auto list = c->get(path(), tok);
  ASSERT_TRUE(list.has_value()) << list.error().message;
  EXPECT_EQ(list->json.value("total", -1), 1) << list->body;
}

}  // namespace
}  // namespace runlog::e2e
