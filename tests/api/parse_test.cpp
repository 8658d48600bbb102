// POST /api/v2/workflows/parse over real HTTP: the spec's example, the response shape, `valid`
// meaning "will run here" (a problem per node this build cannot run), offered tools winning
// over built-in actions, posting the result as-is to create a workflow, validation errors,
// authentication, and that parsing stores nothing.
#include "api/e2e_fixture.hpp"

namespace runlog::e2e {
namespace {

const json spec_request = {
    {"instruction",
     "Every Monday at 9am, pull the latest sales data, generate a summary report, and email it "
     "to the sales team."},
    {"context", {{"availableTools", {"salesforce.query", "email.send"}}}}};

class parse_test : public e2e_test {
 protected:
  http_response parse(const json& body, std::string_view bearer) {
    return post(path("/parse"), body, bearer);
  }
};

json actions_of(const json& workflow) {
  json out = json::array();
  for (const auto& s : workflow["steps"]) out.push_back(s["action"]);
  return out;
}

// True when every problem is a node this build cannot run ("<CODE>: node '<id>' (...) cannot
// run here: ..."), one per integration, agent and delay step, in step order.
bool only_unrunnable_nodes(const json& workflow) {
  json expected = json::array();
  for (const auto& s : workflow["steps"]) {
    const std::string type = s["type"];
    if (type != "integration" && type != "agent" && type != "delay") continue;
    expected.push_back(
        std::string(type == "delay" ? "NODE_TYPE_NOT_SUPPORTED" : "CONNECTOR_NOT_CONFIGURED") +
        ": node '" + s["id"].get<std::string>() + "' (" + type);
  }
  const json& problems = workflow["problems"];
  if (problems.size() != expected.size()) return false;
  for (std::size_t i = 0; i < problems.size(); ++i) {
    const std::string p = problems[i];
    if (p.rfind(expected[i].get<std::string>(), 0) != 0 ||
        p.find(") cannot run here: ") == std::string::npos) {
      return false;
    }
  }
  return true;
}

TEST_F(parse_test, the_spec_example_gives_the_spec_steps) {
  const auto res = parse(spec_request, token());
  ASSERT_EQ(res.status, 200) << res.describe();
  EXPECT_EQ(res.json["success"], true);
  ASSERT_TRUE(res.json["parseTimeMs"].is_number()) << res.describe();
  EXPECT_GE(res.json["parseTimeMs"].get<double>(), 0.0);
  const json& w = res.json["workflow"];
  for (const char* field : {"type", "name", "description", "steps", "definition", "schedule",
                            "confidence", "source", "valid", "problems", "unmatched"}) {
    EXPECT_TRUE(w.contains(field)) << field << " missing in " << w.dump();
  }
  const json& steps = w["steps"];
  ASSERT_EQ(steps.size(), 3u) << w.dump(2);
  EXPECT_EQ(steps[0]["id"], "step_1");
  EXPECT_EQ(steps[0]["type"], "integration");
  EXPECT_EQ(steps[0]["action"], "salesforce.query");
  EXPECT_FALSE(steps[0].contains("input_from"));
  EXPECT_EQ(steps[1]["id"], "step_2");
  EXPECT_EQ(steps[1]["type"], "agent");
  EXPECT_EQ(steps[1]["action"], "generate_report");
  EXPECT_EQ(steps[1]["input_from"], "step_1");
  EXPECT_EQ(steps[2]["id"], "step_3");
  EXPECT_EQ(steps[2]["type"], "integration");
  EXPECT_EQ(steps[2]["action"], "email.send");
  EXPECT_EQ(steps[2]["input_from"], "step_2");
  EXPECT_EQ(w["definition"]["nodes"], steps);
  EXPECT_EQ(w["schedule"], (json{{"cron_expression", "0 9 * * 1"}, {"timezone", "UTC"}}));
  // Sound, but not runnable in this build: no connector is configured for the two integration
  // steps, no chat-completions endpoint for the agent step.
  EXPECT_EQ(w["valid"], false);
  ASSERT_EQ(w["problems"].size(), 3u) << w.dump(2);
  EXPECT_EQ(w["problems"][0],
            "CONNECTOR_NOT_CONFIGURED: node 'step_1' (integration, action 'salesforce.query') "
            "cannot run here: no connector configured for action 'salesforce.query'");
  EXPECT_TRUE(only_unrunnable_nodes(w)) << w.dump(2);
  ASSERT_TRUE(w["confidence"].is_number());
  EXPECT_GT(w["confidence"].get<double>(), 0.5);
  EXPECT_LE(w["confidence"].get<double>(), 1.0);
  EXPECT_TRUE(w["source"] == "template" || w["source"] == "rule-based") << w["source"];
  EXPECT_EQ(w["type"], w["source"] == "template" ? "template" : "generated");
}

TEST_F(parse_test, a_rule_based_result_has_the_generated_shape) {
  const json body = {{"instruction",
                      "Weekdays at 17:30, fetch open Jira issues; if there are more than 10, "
                      "post a summary to #engineering, otherwise email the team lead."}};
  const auto res = parse(body, token());
  ASSERT_EQ(res.status, 200) << res.describe();
  const json& w = res.json["workflow"];
  EXPECT_EQ(w["source"], "rule-based");
  EXPECT_EQ(w["type"], "generated");
  EXPECT_FALSE(w.contains("template_id"));
  EXPECT_EQ(w["schedule"], (json{{"cron_expression", "30 17 * * 1-5"}, {"timezone", "UTC"}}));
  json types = json::array();
  for (const auto& s : w["steps"]) types.push_back(s["type"]);
  EXPECT_EQ(types, (json{"integration", "condition", "integration", "integration"})) << w.dump(2);
  EXPECT_EQ(w["steps"][1]["config"]["operator"], "greater_than");
  EXPECT_EQ(w["steps"][3]["when"], false);
  EXPECT_EQ(w["valid"], false) << "its Jira, Slack and email steps have no connector here";
  EXPECT_TRUE(only_unrunnable_nodes(w)) << w.dump(2);
}

TEST_F(parse_test, valid_means_every_node_runs_here_and_a_problem_names_each_that_cannot) {
  const std::string tok = token();
  const auto delayed = parse({{"instruction", "wait 2 hours then send a slack message"}}, tok);
  ASSERT_EQ(delayed.status, 200) << delayed.describe();
  const json& w = delayed.json["workflow"];
  ASSERT_EQ(w["steps"].size(), 2u) << w.dump(2);
  EXPECT_EQ(w["steps"][0]["type"], "delay");
  EXPECT_EQ(w["valid"], false);
  ASSERT_EQ(w["problems"].size(), 2u) << w.dump(2);
  const std::string delay_problem = w["problems"][0];
  EXPECT_EQ(delay_problem.rfind("NODE_TYPE_NOT_SUPPORTED: node 'step_1' (delay", 0), 0u)
      << delay_problem;
  EXPECT_TRUE(only_unrunnable_nodes(w)) << w.dump(2);

  // Only nodes the engine runs itself (a condition and an approval): valid, no problems.
  const auto runnable = parse(
      {{"instruction", "If the amount is over $500, ask the finance manager for approval."}}, tok);
  ASSERT_EQ(runnable.status, 200) << runnable.describe();
  const json& r = runnable.json["workflow"];
  ASSERT_EQ(r["steps"].size(), 2u) << r.dump(2);
  EXPECT_EQ(r["steps"][0]["type"], "condition");
  EXPECT_EQ(r["steps"][1]["type"], "approval");
  EXPECT_EQ(r["valid"], true) << r.dump(2);
  EXPECT_EQ(r["problems"], json::array());
}

TEST_F(parse_test, offered_tools_that_fit_a_step_win_over_the_built_in_actions) {
  const std::string tok = token();
  const std::string invoices = "Fetch this week's invoices and send them to the accounting team";
  const auto with = [&](const std::string& instruction, const json& tools) {
    const auto res =
        parse({{"instruction", instruction}, {"context", {{"availableTools", tools}}}}, tok);
    EXPECT_EQ(res.status, 200) << res.describe();
    return actions_of(res.json["workflow"]);
  };
  EXPECT_EQ(with(invoices, json::array()), (json{"billing.list_invoices", "email.send"}));
  EXPECT_EQ(with(invoices, {"quickbooks.query", "gmail.send"}),
            (json{"quickbooks.query", "gmail.send"}));
  // Nothing offered fits: the built-in actions stay.
  EXPECT_EQ(with(invoices, {"github.create_issue", "salesforce.query"}),
            (json{"billing.list_invoices", "email.send"}));
  EXPECT_EQ(with("Summarize the new support tickets and send the summary to the support lead.",
                 {"outlook.send_mail"})
                .back(),
            "outlook.send_mail");
  EXPECT_EQ(with("Post the summary of new signups to Slack.",
                 {"slack.conversations_history", "slack.chat_postMessage"}),
            (json{"slack.chat_postMessage"}));
}

TEST_F(parse_test, the_result_posted_as_is_creates_a_workflow) {
  const std::string tok = token();
  for (const json& body :
       {spec_request,
        json{{"instruction",
              "If the invoice amount is over $5,000, ask the finance manager for "
              "approval; otherwise record it in QuickBooks."}},
        json{{"instruction", "Wait 2 days, then send a follow-up email to the customer."}}}) {
    const auto parsed = parse(body, tok);
    ASSERT_EQ(parsed.status, 200) << parsed.describe();
    const json workflow = parsed.json["workflow"];
    // Not runnable here (their integration and delay steps need connectors and timers), but
    // well formed: the only problems are those nodes, and the definition is accepted as is.
    EXPECT_EQ(workflow["valid"], false) << workflow.dump(2);
    ASSERT_TRUE(only_unrunnable_nodes(workflow)) << workflow.dump(2);
    const auto created = post(path(), workflow, tok);
    ASSERT_EQ(created.status, 201) << created.describe();
    EXPECT_EQ(created.json["workflow"]["definition"], workflow["definition"]);
    EXPECT_EQ(created.json["workflow"]["name"], workflow["name"]);
  }
  EXPECT_EQ(get(path(), tok).json["total"], 3);
}

TEST_F(parse_test, bad_bodies_are_400_naming_the_field) {
  const std::string tok = token();
  const std::vector<std::pair<json, std::string>> cases{
      {json::object(), "instruction"},
      {{{"instruction", nullptr}}, "instruction"},
      {{{"instruction", 42}}, "instruction"},
      {{{"instruction", {"pull", "data"}}}, "instruction"},
      {{{"instruction", "abcd"}}, "instruction"},
      {{{"instruction", "   abcd \n  "}}, "instruction"},
      {{{"instruction", "☃☃☃☃"}}, "instruction"},
      {{{"instruction", std::string(4001, 'x')}}, "instruction"},
      {{{"instruction", "pull the data"}, {"context", "tools"}}, "context"},
      {{{"instruction", "pull the data"}, {"context", {1, 2}}}, "context"},
      {{{"instruction", "pull the data"}, {"context", {{"availableTools", "email.send"}}}},
       "availableTools"},
      {{{"instruction", "pull the data"}, {"context", {{"availableTools", {"email.send", 3}}}}},
       "availableTools"},
      {{{"instruction", "pull the data"}, {"context", {{"availableTools", {""}}}}},
       "availableTools"},
      {{{"instruction", "pull the data"}, {"context", {{"organizationId", 7}}}}, "organizationId"},
  };
  for (const auto& [body, name] : cases) {
    const auto res = parse(body, tok);
    EXPECT_TRUE(is_error(res, 400, "VALIDATION_ERROR")) << body.dump();
    EXPECT_NE(res.json["error"].value("message", "").find(name), std::string::npos)
        << body.dump() << " -> " << res.describe();
  }
  EXPECT_TRUE(
      is_error(send("POST", path("/parse"), tok, "{\"instruction\": "), 400, "INVALID_JSON"));
  // Exactly at the bounds: accepted.
  EXPECT_EQ(parse({{"instruction", "  abcde  "}}, tok).status, 200);
  EXPECT_EQ(parse({{"instruction", std::string(4000, 'x')}}, tok).status, 200);
  EXPECT_EQ(parse({{"instruction", "email the team"},
                   {"context", {{"organizationId", "org-1"}, {"availableTools", nullptr}}}},
                  tok)
                .status,
            200);
}

TEST_F(parse_test, it_needs_a_token_and_only_takes_post) {
  EXPECT_TRUE(is_error(parse(spec_request, ""), 401, "UNAUTHORIZED"));
  EXPECT_TRUE(is_error(parse(spec_request, "not-a-jwt"), 401, "INVALID_TOKEN"));
  const auto res = send("GET", path("/parse"), token());
  EXPECT_TRUE(is_error(res, 405, "METHOD_NOT_ALLOWED"));
  EXPECT_EQ(res.headers.count("allow") ? res.headers.at("allow") : "", "POST");
}

TEST_F(parse_test, nothing_understood_is_200_with_problems_and_nothing_is_stored) {
  const std::string tok = token();
  const auto res = parse({{"instruction", "Hello world, how are you?"}}, tok);
  ASSERT_EQ(res.status, 200) << res.describe();
  const json& w = res.json["workflow"];
  EXPECT_EQ(w["valid"], false);
  EXPECT_EQ(w["steps"], json::array());
  EXPECT_FALSE(w["problems"].empty());
  EXPECT_FALSE(w["unmatched"].empty());
  EXPECT_LE(w["confidence"].get<double>(), 0.1);
  // Parsing is a query: no workflow appears, for this tenant or any other.
  EXPECT_EQ(get(path(), tok).json["total"], 0);
  EXPECT_EQ(get(path(), token(tenant_b)).json["total"], 0);
  // The same body parses to the same workflow.
  EXPECT_EQ(parse(spec_request, tok).json["workflow"],
            parse(spec_request, token(tenant_b)).json["workflow"]);
}

}  // namespace
}  // namespace runlog::e2e
