// Malformed input over real HTTP (the input-validation issue, points 9 and 10): each request
// below was once answered 201; each now gets a 4xx naming the field, and leaves nothing behind.

#include "api/e2e_fixture.hpp"

namespace runlog::e2e {
namespace {

const char* const one_node = R"({"nodes": [{"id": "a", "type": "transform", "config": {"v": 1}}]})";

// A create body with `name` and `definition` spliced in as raw JSON text.
std::string create_body(std::string_view name_json, std::string_view definition_json) {
  return R"({"name": )" + std::string(name_json) + R"(, "definition": )" +
         std::string(definition_json) + "}";
}

// The error message of `res` ("" when there is none).
std::string message_of(const http_response& res) {
  if (!res.json.is_object() || !res.json.contains("error")) return "";
  return res.json["error"].value("message", "");
}

class input_validation_test : public e2e_test {
 protected:
  void SetUp() override {
    e2e_test::SetUp();
    if (HasFatalFailure()) return;
    tok_ = token();
  }

  // The number of workflows of tenant A.
  int workflow_total() { return get(path(), tok_).json.value("total", -1); }

  http_response patch(std::string_view target, const json& body) {
    return send("PATCH", target, tok_, body.dump());
  }

  /// POST with `body` and the given Content-Type ("" sends none).
  http_response post_typed(std::string_view target, std::string body,
                           std::string_view content_type) {
    auto res = client().request("POST", target, tok_, std::move(body), {}, content_type);
    if (!res) {
      ADD_FAILURE() << "POST " << target << ": " << res.error().message;
      return {};
    }
    return std::move(*res);
  }

  std::string tok_;
};

// 9a: C0/C1 control characters are refused in names (all of them) and descriptions (all but
// tab, LF, CR).
TEST_F(input_validation_test, control_characters_in_names_and_descriptions_are_400) {
  for (const char* name : {R"("a\u0000b")", R"("tab\there")", R"("bell\u0007")", R"("del\u007f")",
                           R"("c1\u0085")"}) {
    const auto res = send("POST", path(), tok_, create_body(name, one_node));
    EXPECT_TRUE(is_error(res, 400, "VALIDATION_ERROR")) << name;
    EXPECT_NE(message_of(res).find("name"), std::string::npos) << res.body;
  }
  const auto bad_description =
      send("POST", path(), tok_,
           R"({"name": "x", "description": "a\u0000b", "definition": )" + std::string(one_node) + "}");
  EXPECT_TRUE(is_error(bad_description, 400, "VALIDATION_ERROR"));
  EXPECT_NE(message_of(bad_description).find("description"), std::string::npos);
  EXPECT_EQ(workflow_total(), 0) << "no rejected create was stored";

  // Multi-line descriptions stay fine; PATCH follows the same rules.
  const auto ok = send("POST", path(), tok_,
                       R"({"name": "fine", "description": "line 1\n\tline 2\r\n", "definition": )" +
                           std::string(one_node) + "}");
  ASSERT_EQ(ok.status, 201) << ok.body;
  const std::string id = ok.json["workflow"]["id"];
  EXPECT_TRUE(is_error(patch(path("/" + id), {{"name", std::string("x\x1f", 2)}}), 400,
                       "VALIDATION_ERROR"));
  EXPECT_TRUE(is_error(patch(path("/" + id), {{"description", std::string("x\x00", 2)}}), 400,
                       "VALIDATION_ERROR"));
  const auto after = get(path("/" + id), tok_);
  EXPECT_EQ(after.json["workflow"]["name"], "fine");
  EXPECT_EQ(after.json["workflow"]["description"], "line 1\n\tline 2\r\n");
}

// 9b: integers beyond int64/uint64 anywhere in a body, and non-integers where the definition
// expects an integer.
TEST_F(input_validation_test, inexact_integers_are_400_naming_the_field) {
  const auto huge = send(
      "POST", path(), tok_,
      create_body(R"("huge delay")",
                  R"({"nodes": [{"id": "w", "type": "delay", "config": {"duration_ms": 99999999999999999999}}]})"));
  EXPECT_TRUE(is_error(huge, 400, "VALIDATION_ERROR")) << huge.body;
  EXPECT_NE(message_of(huge).find("definition.nodes[0].config.duration_ms"), std::string::npos)
      << huge.body;
  const auto negative = send("POST", path(), tok_,
                             create_body(R"("neg")", R"({"nodes": [{"id": "w", "type": "delay",
                                 "config": {"duration_ms": -99999999999999999999}}]})"));
  EXPECT_TRUE(is_error(negative, 400, "VALIDATION_ERROR")) << negative.body;
  for (const char* duration : {"1e20", "1.5", "-1", "\"5000\""}) {
    const auto res = send("POST", path(), tok_,
                          create_body(R"("delay")", R"({"nodes": [{"id": "w", "type": "delay",
                              "config": {"duration_ms": )" + std::string(duration) + "}}]}"));
    EXPECT_TRUE(is_error(res, 400, "INVALID_WORKFLOW_CONFIG")) << duration << ": " << res.body;
    EXPECT_NE(message_of(res).find("config.duration_ms"), std::string::npos) << res.body;
  }
  const auto timeout = send("POST", path(), tok_,
                            create_body(R"("timeout")", R"({"nodes": [{"id": "i", "type": "transform",
                                "timeout_ms": 1e20}]})"));
  EXPECT_TRUE(is_error(timeout, 400, "INVALID_WORKFLOW_CONFIG")) << timeout.body;
  EXPECT_EQ(workflow_total(), 0);

  // The general rule covers execute inputs too; exact integers up to uint64 pass.
  auto wf = create_workflow("inputs", json::parse(one_node), tok_);
  ASSERT_TRUE(wf.is_object());
  const std::string id = wf["id"];
  const auto big_input =
      send("POST", path("/" + id + "/execute"), tok_, R"({"inputs": {"n": [1, 123456789012345678901]}})");
  EXPECT_TRUE(is_error(big_input, 400, "VALIDATION_ERROR")) << big_input.body;
  EXPECT_NE(message_of(big_input).find("inputs.n[1]"), std::string::npos) << big_input.body;
  EXPECT_EQ(get(path("/" + id + "/runs"), tok_).json.value("total", -1), 0);
  const auto max_u64 = send("POST", path("/" + id + "/execute"), tok_,
                            R"({"inputs": {"n": 18446744073709551615, "f": 1e20}})");
  ASSERT_EQ(max_u64.status, 201) << max_u64.body;
  EXPECT_EQ(max_u64.json["run"]["inputs"]["n"].get<std::uint64_t>(), 18446744073709551615u);

  // A delay with an exact duration is accepted.
  EXPECT_TRUE(create_workflow("exact delay",
                              json::parse(R"({"nodes": [{"id": "w", "type": "delay",
                                  "config": {"duration_ms": 172800000}}]})"),
                              tok_)
                  .is_object());
}

// 9c: a UTF-8 byte order mark before the JSON.
TEST_F(input_validation_test, a_byte_order_mark_is_400_invalid_json) {
  const auto res = send("POST", path(), tok_, "\xEF\xBB\xBF" + create_body(R"("bom")", one_node));
  EXPECT_TRUE(is_error(res, 400, "INVALID_JSON")) << res.body;
  EXPECT_NE(message_of(res).find("byte order mark"), std::string::npos) << res.body;
  EXPECT_EQ(workflow_total(), 0);
}

// 9d: one Content-Type rule for every route with a body.
TEST_F(input_validation_test, a_body_needs_a_json_content_type_on_every_body_route) {
  auto wf = create_workflow("typed", json::parse(one_node), tok_);
  ASSERT_TRUE(wf.is_object());
  const std::string id = wf["id"];
  const std::string body = create_body(R"("untyped")", one_node);
  for (const std::string_view type : {"", "text/plain", "application/json; charset=utf-16"}) {
    EXPECT_TRUE(is_error(post_typed(path(), body, type), 415, "UNSUPPORTED_MEDIA_TYPE")) << type;
    EXPECT_TRUE(is_error(post_typed(path("/" + id + "/execute"), "{}", type), 415,
                         "UNSUPPORTED_MEDIA_TYPE"))
        << type;
    EXPECT_TRUE(is_error(post_typed(path("/" + id + "/schedules"), R"({"cron_expression": "0 9 * * 1"})",
                                    type),
                         415, "UNSUPPORTED_MEDIA_TYPE"))
        << type;
    EXPECT_TRUE(is_error(post_typed(path("/" + id + "/steps"), R"({"id": "b", "type": "end"})", type),
                         415, "UNSUPPORTED_MEDIA_TYPE"))
        << type;
  }
  auto patched = client().request("PATCH", path("/" + id), tok_, R"({"name": "renamed"})", {}, "");
  ASSERT_TRUE(patched.has_value());
  EXPECT_TRUE(is_error(*patched, 415, "UNSUPPORTED_MEDIA_TYPE"));
  EXPECT_EQ(workflow_total(), 1);
  EXPECT_EQ(get(path("/" + id + "/runs"), tok_).json.value("total", -1), 0);
  EXPECT_EQ(get(path("/" + id + "/schedules"), tok_).json.value("count", -1), 0);
  EXPECT_EQ(get(path("/" + id), tok_).json["workflow"]["name"], "typed");

  // An empty body needs no Content-Type; a utf-8 charset and +json types are fine.
  EXPECT_EQ(post_typed(path("/" + id + "/execute"), "", "").status, 201);
  EXPECT_EQ(post_typed(path("/" + id + "/execute"), "{}", "application/json; charset=UTF-8").status, 201);
  EXPECT_EQ(post_typed(path("/" + id + "/execute"), "{}", "application/merge-patch+json").status, 201);
}

// 9e: node ids are 1..64 characters of [A-Za-z0-9_-] on every path that stores a definition.
TEST_F(input_validation_test, node_ids_are_limited_on_create_patch_and_steps) {
  const std::string long_id(1000, 's');
  const auto created = post(path(), {{"name", "long"},
                                     {"definition", {{"nodes", {{{"id", long_id}, {"type", "end"}}}}}}},
                            tok_);
  EXPECT_TRUE(is_error(created, 400, "INVALID_WORKFLOW_CONFIG")) << created.body;
  EXPECT_NE(message_of(created).find("'id' must be 1 to 64 characters"), std::string::npos);
  EXPECT_EQ(message_of(created).find(long_id), std::string::npos) << "the id is not echoed";
  EXPECT_EQ(workflow_total(), 0);

  auto wf = create_workflow("ids", json::parse(one_node), tok_);
  ASSERT_TRUE(wf.is_object());
  const std::string id = wf["id"];
  const auto step = post(path("/" + id + "/steps"), {{"id", long_id}, {"type", "end"}}, tok_);
  EXPECT_TRUE(is_error(step, 400, "INVALID_WORKFLOW_CONFIG")) << step.body;
  EXPECT_NE(message_of(step).find("'id'"), std::string::npos) << step.body;
  for (const char* bad : {"has space", "dot.ted", "x{{y}}"}) {
    EXPECT_TRUE(is_error(post(path("/" + id + "/steps"), {{"id", bad}, {"type", "end"}}, tok_), 400,
                         "INVALID_WORKFLOW_CONFIG"))
        << bad;
  }
  const auto patched = patch(path("/" + id), {{"definition", {{"nodes", {{{"id", "a b"}, {"type", "end"}}}}}}});
  EXPECT_TRUE(is_error(patched, 400, "INVALID_WORKFLOW_CONFIG")) << patched.body;

  const auto after = get(path("/" + id), tok_);
  EXPECT_EQ(after.json["workflow"].value("definition_version", -1), 1) << "no edit was applied";
  EXPECT_EQ(get(path("/" + id + "/steps"), tok_).json.value("count", -1), 1);
  const auto longest = post(path("/" + id + "/steps"), {{"id", std::string(64, 'x')}, {"type", "end"}}, tok_);
  EXPECT_EQ(longest.status, 201) << longest.body;
}

// 10: an archived workflow cannot get an enabled schedule, as it cannot be executed.
TEST_F(input_validation_test, schedules_of_archived_workflows_cannot_be_enabled) {
  auto wf = create_workflow("archived", json::parse(one_node), tok_);
  ASSERT_TRUE(wf.is_object());
  const std::string id = wf["id"];
  const auto kept =
      post(path("/" + id + "/schedules"), {{"cron_expression", "0 9 * * 1"}, {"enabled", false}}, tok_);
  ASSERT_EQ(kept.status, 201) << kept.body;
  const std::string schedule_id = kept.json["schedule"]["id"];
  ASSERT_EQ(patch(path("/" + id), {{"status", "archived"}}).status, 200);

  const auto executed = post(path("/" + id + "/execute"), json::object(), tok_);
  EXPECT_TRUE(is_error(executed, 400, "WORKFLOW_ARCHIVED")) << "the code reused below";
  const auto created = post(path("/" + id + "/schedules"), {{"cron_expression", "0 9 * * 1"}}, tok_);
  EXPECT_TRUE(is_error(created, 400, "WORKFLOW_ARCHIVED")) << created.body;
  EXPECT_NE(message_of(created).find("enabled"), std::string::npos) << created.body;
  const auto enabled = patch(path("/" + id + "/schedules/" + schedule_id), {{"enabled", true}});
  EXPECT_TRUE(is_error(enabled, 400, "WORKFLOW_ARCHIVED")) << enabled.body;

  const auto listed = get(path("/" + id + "/schedules"), tok_);
  ASSERT_EQ(listed.json.value("count", -1), 1) << listed.body;
  EXPECT_EQ(listed.json["schedules"][0]["enabled"], false);
  // Still allowed: a disabled schedule, edits that keep it disabled; and enabling after
  // reactivation.
  EXPECT_EQ(post(path("/" + id + "/schedules"), {{"cron_expression", "0 9 * * 2"}, {"enabled", false}}, tok_)
                .status,
            201);
  EXPECT_EQ(patch(path("/" + id + "/schedules/" + schedule_id), {{"cron_expression", "0 8 * * 1"}}).status,
            200);
  ASSERT_EQ(patch(path("/" + id), {{"status", "active"}}).status, 200);
  EXPECT_EQ(patch(path("/" + id + "/schedules/" + schedule_id), {{"enabled", true}}).status, 200);
}

}  // namespace
}  // namespace runlog::e2e
