// Natural-language parsing: the spec's example, schedule phrases, clause splitting and
// reordering, tool preference, template matching and its confidence, validation problems,
// robustness. The corpus of tests/nlparse/nl_parse_corpus.json runs in nl_parse_corpus_test.cpp.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runlog/workflow/cron.hpp"
#include "runlog/workflow/definition.hpp"
#include "runlog/nlparse/parse.hpp"
#include "runlog/workflow/node_support.hpp"

namespace runlog::nlparse {
namespace {

using nlohmann::json;

parsed_workflow parse(std::string_view text, std::vector<std::string> tools = {}) {
  return parse_instruction(text, parse_context{std::move(tools)});
}

std::vector<std::string> field(const parsed_workflow& w, const char* name) {
  std::vector<std::string> out;
  for (const auto& n : w.definition.at("nodes")) out.push_back(n.value(name, ""));
  return out;
}

using strings = std::vector<std::string>;

// The problems check_parsed adds for the nodes this build cannot run, in node order.
strings cannot_run(const parsed_workflow& w) {
  strings out;
  const auto def = parse_definition(w.definition);
  if (!def) return out;
  for (const auto& n : def->nodes) {
    if (const auto u = check_node_support(n)) out.push_back(u->code + ": " + u->message);
  }
  return out;
}

// The reading is sound: definition and schedule validate, and the only problems are nodes this
// build cannot run yet (integration and agent nodes need connectors, delay nodes timers), so
// `valid` is false exactly when there are such nodes.
bool well_formed(const parsed_workflow& w) {
  return parse_definition(w.definition).has_value() && w.problems == cannot_run(w) &&
         w.valid == w.problems.empty();
}

TEST(nl_parse, spec_example_gives_the_three_steps_of_the_spec) {
  const auto w = parse(
      "Every Monday at 9am, pull the latest sales data, generate a summary report, and email "
      "it to the sales team.",
      {"salesforce.query", "email.send"});
  const json& nodes = w.definition.at("nodes");
  ASSERT_EQ(nodes.size(), 3u) << w.definition.dump(2);
  EXPECT_EQ(field(w, "id"), (strings{"step_1", "step_2", "step_3"}));
  EXPECT_EQ(field(w, "type"), (strings{"integration", "agent", "integration"}));
  EXPECT_EQ(field(w, "action"), (strings{"salesforce.query", "generate_report", "email.send"}));
  EXPECT_FALSE(nodes[0].contains("input_from"));
  EXPECT_EQ(nodes[1].at("input_from"), "step_1");
  EXPECT_EQ(nodes[2].at("input_from"), "step_2");
  ASSERT_TRUE(w.schedule.has_value());
  EXPECT_EQ(w.schedule->cron_expression, "0 9 * * 1");
  EXPECT_EQ(w.schedule->timezone, "UTC");
  EXPECT_TRUE(well_formed(w)) << testing::PrintToString(w.problems);
  // No connector is configured in this build: each integration and agent step is a problem.
  EXPECT_FALSE(w.valid);
  ASSERT_EQ(w.problems.size(), 3u) << testing::PrintToString(w.problems);
  EXPECT_EQ(w.problems[0].rfind("CONNECTOR_NOT_CONFIGURED: node 'step_1' (integration, action "
                                "'salesforce.query') cannot run here",
                                0),
            0u)
      << w.problems[0];
  EXPECT_GT(w.confidence, 0.8);
  EXPECT_LE(w.confidence, 1.0);
  EXPECT_FALSE(w.name.empty());
  EXPECT_TRUE(parse_definition(w.definition).has_value());
}

TEST(nl_parse, the_rules_alone_also_give_the_spec_steps) {
  // Reworded so that no template is close: the rule-based generator reads the same steps.
  const auto w = parse(
      "At 9am every Monday: query last week's sales figures, generate a summary report from "
      "them, then email it to the regional directors.",
      {"salesforce.query", "email.send"});
  EXPECT_EQ(w.source, parse_source::rule_based);
  EXPECT_EQ(w.definition["nodes"][2]["config"], (json{{"to", "regional directors"}}));
  EXPECT_EQ(field(w, "type"), (strings{"integration", "agent", "integration"}));
  EXPECT_EQ(field(w, "action"), (strings{"salesforce.query", "generate_report", "email.send"}));
  EXPECT_EQ(field(w, "input_from"), (strings{"", "step_1", "step_2"}));
  EXPECT_EQ(w.schedule->cron_expression, "0 9 * * 1");
  EXPECT_TRUE(well_formed(w));
}

struct schedule_case {
  std::string phrase;
  std::string cron;  // "" when an interval is expected
  std::int64_t interval_ms;
  std::string timezone;
};

TEST(nl_parse, schedules_in_words_become_cron_or_an_interval) {
  const std::vector<schedule_case> cases{
      {"every Monday at 9am", "0 9 * * 1", 0, "UTC"},
      {"weekdays at 17:30", "30 17 * * 1-5", 0, "UTC"},
      {"every 15 minutes", "*/15 * * * *", 0, "UTC"},
      {"on the first of the month", "0 9 1 * *", 0, "UTC"},
      {"daily at noon", "0 12 * * *", 0, "UTC"},
      {"every day at 9am Berlin time", "0 9 * * *", 0, "Europe/Berlin"},
      {"every hour", "0 * * * *", 0, "UTC"},
      {"hourly", "0 * * * *", 0, "UTC"},
      {"every 2 hours", "0 */2 * * *", 0, "UTC"},
      {"every 90 minutes", "", 5'400'000, ""},
      {"every 45 seconds", "", 45'000, ""},
      {"every other day", "", 172'800'000, ""},
      {"biweekly", "", 1'209'600'000, ""},
      {"at midnight every Sunday", "0 0 * * 0", 0, "UTC"},
      {"every Monday and Thursday at 8:30am", "30 8 * * 1,4", 0, "UTC"},
      {"Monday through Friday at 6 pm", "0 18 * * 1-5", 0, "UTC"},
      {"every weekend at 10am", "0 10 * * 0,6", 0, "UTC"},
      {"on the 15th of every month at 10:00", "0 10 15 * *", 0, "UTC"},
      {"monthly", "0 9 1 * *", 0, "UTC"},
      {"quarterly", "0 9 1 */3 *", 0, "UTC"},
      {"every year", "0 9 1 1 *", 0, "UTC"},
      {"twice a day", "0 9,17 * * *", 0, "UTC"},
      {"every evening", "0 18 * * *", 0, "UTC"},
      {"every 10 minutes between 9am and 5pm on weekdays", "*/10 9-16 * * 1-5", 0, "UTC"},
      {"every hour during business hours", "0 9-16 * * 1-5", 0, "UTC"},
      {"every morning at 7", "0 7 * * *", 0, "UTC"},
      {"every Friday at 4pm EST", "0 16 * * 5", 0, "America/New_York"},
      {"at 8am New York time", "0 8 * * *", 0, "America/New_York"},
      {"every Monday at 8am Europe/Paris", "0 8 * * 1", 0, "Europe/Paris"},
      {"daily at 9:30pm UTC", "30 21 * * *", 0, "UTC"},
      {"at 12am", "0 0 * * *", 0, "UTC"},
      {"at 12pm (Tokyo time)", "0 12 * * *", 0, "Asia/Tokyo"},
  };
  for (const auto& c : cases) {
    const auto w = parse(c.phrase + ", send the status report to the team.");
    ASSERT_TRUE(w.schedule.has_value()) << c.phrase;
    EXPECT_EQ(w.schedule->cron_expression, c.cron) << c.phrase;
    EXPECT_EQ(w.schedule->interval_ms, c.interval_ms) << c.phrase;
    EXPECT_EQ(w.schedule->timezone, c.timezone) << c.phrase;
    if (!c.cron.empty()) {
      EXPECT_TRUE(parse_cron(c.cron).has_value()) << c.cron;
      EXPECT_TRUE(check_timezone(c.timezone).has_value()) << c.timezone;
    }
    EXPECT_TRUE(well_formed(w)) << c.phrase << ": " << testing::PrintToString(w.problems);
    EXPECT_EQ(field(w, "action"), (strings{"email.send"})) << c.phrase << " is no step";
  }
}

TEST(nl_parse, words_that_only_look_like_schedules_are_not_schedules) {
  for (const char* text :
       {"Email every new lead a welcome message.", "Wait 2 days, then email the customer.",
        "If the score is at least 80, notify the sales team.",
        "Wait until 5pm, then post the summary to Slack."}) {
    EXPECT_FALSE(parse(text).schedule.has_value()) << text;
  }
  // Berlin is a place here, not a time zone.
  const auto w = parse("Every day at 9am, email the Berlin office the sales numbers.");
  EXPECT_EQ(w.schedule->timezone, "UTC");
}

TEST(nl_parse, a_last_day_of_the_month_is_reported_as_unmatched) {
  const auto w = parse("On the last day of the month, email the invoice totals to finance.");
  EXPECT_FALSE(w.schedule.has_value());
  ASSERT_EQ(w.unmatched.size(), 1u);
  EXPECT_NE(w.unmatched[0].find("last day of the month"), std::string::npos);
  EXPECT_LT(w.confidence, parse("Email the invoice totals to finance.").confidence);
}

TEST(nl_parse, clauses_split_at_commas_and_conjunctions_before_actions_only) {
  const auto w = parse(
      "Pull sales and marketing data from HubSpot, then summarize it and email "
      "it to me");
  EXPECT_EQ(field(w, "type"), (strings{"integration", "agent", "integration"}));
  EXPECT_EQ(field(w, "action"), (strings{"hubspot.search", "summarize_data", "email.send"}));
  // "email addresses" is a noun: no new clause.
  const auto nouns = parse("Fetch the names and email addresses of new signups from Stripe.");
  EXPECT_EQ(field(nouns, "type"), (strings{"integration"}));
}

TEST(nl_parse, a_trailing_condition_moves_in_front_of_the_action_it_gates) {
  const auto w = parse("Notify the sales team on Slack if the lead score is above 80.");
  EXPECT_EQ(field(w, "type"), (strings{"condition", "integration"}));
  const json& nodes = w.definition.at("nodes");
  EXPECT_EQ(nodes[0].at("config"),
            (json{{"field", "$.score"}, {"operator", "greater_than"}, {"value", 80}}));
  EXPECT_EQ(nodes[1].at("input_from"), "step_1");
  EXPECT_EQ(nodes[1].at("when"), true);
  EXPECT_TRUE(well_formed(w));
}

TEST(nl_parse, otherwise_runs_on_the_false_branch_of_the_condition) {
  const auto w = parse(
      "If the deal is over $10k, ask the VP for approval; otherwise, email the "
      "account owner.");
  EXPECT_EQ(field(w, "type"), (strings{"condition", "approval", "integration"}));
  const json& nodes = w.definition.at("nodes");
  EXPECT_EQ(nodes[0].at("config"),
            (json{{"field", "$.amount"}, {"operator", "greater_than"}, {"value", 10000}}));
  EXPECT_EQ(nodes[1].at("when"), true);
  EXPECT_EQ(nodes[2].at("input_from"), "step_1");
  EXPECT_EQ(nodes[2].at("when"), false);
  EXPECT_TRUE(well_formed(w));
}

TEST(nl_parse, conditions_read_their_operator_and_value) {
  struct c_case {
    std::string text;
    json config;
  };
  const std::vector<c_case> cases{
      {"If the score is at least 70",
       {{"field", "$.score"}, {"operator", "greater_than_or_equal"}, {"value", 70}}},
      {"If the total is below 50",
       {{"field", "$.total"}, {"operator", "less_than"}, {"value", 50}}},
      {"If the sentiment is negative",
       {{"field", "$.sentiment"}, {"operator", "equals"}, {"value", "negative"}}},
      {"Unless the ticket is urgent",
       {{"field", "$.ticket"}, {"operator", "not_equals"}, {"value", "urgent"}}},
      {"If the subject contains invoice",
       {{"field", "$.subject"}, {"operator", "contains"}, {"value", "invoice"}}},
      {"If the list is empty", {{"field", "$.list"}, {"operator", "is_empty"}}},
      {"If there are more than 5 errors",
       {{"field", "$.error_count"}, {"operator", "greater_than"}, {"value", 5}}},
      {"If the build fails", {{"field", "$.status"}, {"operator", "equals"}, {"value", "failed"}}},
      {"If the order is not paid",
       {{"field", "$.order"}, {"operator", "not_equals"}, {"value", "paid"}}},
  };
  for (const auto& c : cases) {
    const auto w = parse(c.text + ", send an alert to #ops.");
    ASSERT_EQ(field(w, "type"), (strings{"condition", "integration"})) << c.text;
    EXPECT_EQ(w.definition["nodes"][0]["config"], c.config) << c.text;
    EXPECT_TRUE(well_formed(w)) << c.text;
  }
}

TEST(nl_parse, delays_carry_their_duration) {
  const std::vector<std::pair<std::string, std::int64_t>> cases{
      {"Wait 2 days, then email the customer.", 172'800'000},
      {"Email the customer after 3 hours.", 10'800'000},
      {"Pause for 30 minutes and then email the customer.", 1'800'000},
      {"Wait a week, then email the customer.", 604'800'000},
      {"Two days later, email the customer.", 172'800'000},
      {"Wait half an hour, then email the customer.", 1'800'000},
  };
  for (const auto& [text, ms] : cases) {
    const auto w = parse(text);
    ASSERT_EQ(field(w, "type"), (strings{"delay", "integration"})) << text;
    EXPECT_EQ(w.definition["nodes"][0]["config"], (json{{"duration_ms", ms}})) << text;
    EXPECT_EQ(w.definition["nodes"][1]["input_from"], "step_1") << text;
  }
}

TEST(nl_parse, approvals_wait_for_a_person) {
  const auto w = parse("Draft a reply with AI, have the support lead approve it, then send it.");
  EXPECT_EQ(field(w, "type"), (strings{"agent", "approval", "integration"}));
  EXPECT_EQ(w.definition["nodes"][1]["config"]["approver"], "support lead");
  const auto review = parse("Review the contract, and once approved send it to the client.");
  EXPECT_EQ(field(review, "type"), (strings{"approval", "integration"}));
}

TEST(nl_parse, available_tools_are_preferred_when_they_fit) {
  const auto slack = parse("Notify the team about new signups.", {"teams.post_message"});
  EXPECT_EQ(field(slack, "action"), (strings{"teams.post_message"}));
  // A tool of the wrong kind never replaces an action.
  const auto wrong = parse("Notify the team about new signups.", {"salesforce.query"});
  EXPECT_EQ(field(wrong, "action"), (strings{"email.send"}));
  // A named service beats a tool of another service.
  const auto named = parse("Post the summary to Slack.", {"teams.post_message"});
  EXPECT_EQ(field(named, "action"), (strings{"slack.post_message"}));
  // Of several fitting tools, the one whose service fits the words wins.
  const auto tickets = parse("Fetch open tickets and post them to Slack.",
                             {"salesforce.query", "zendesk.search_tickets", "slack.send"});
  EXPECT_EQ(field(tickets, "action"), (strings{"zendesk.search_tickets", "slack.send"}));
  // Templates take tools too.
  const auto tpl = parse("weekly sales report", {"gmail.send"});
  EXPECT_EQ(tpl.source, parse_source::template_match);
  EXPECT_EQ(field(tpl, "action").back(), "gmail.send");
}

TEST(nl_parse, offered_tools_of_the_same_capability_beat_the_built_in_actions) {
  const std::string invoices = "Fetch this week's invoices and send them to the accounting team";
  // The built-in reading, with no tools offered.
  EXPECT_EQ(field(parse(invoices), "action"), (strings{"billing.list_invoices", "email.send"}));
  // QuickBooks does billing work ("query" reads), Gmail is an email provider ("send" sends).
  const auto offered = parse(invoices, {"quickbooks.query", "gmail.send"});
  EXPECT_EQ(field(offered, "action"), (strings{"quickbooks.query", "gmail.send"}));
  // The caller's order does not matter, and tools that fit nothing are ignored.
  EXPECT_EQ(field(parse(invoices, {"github.create_issue", "gmail.send", "jira.search_issues",
                                   "quickbooks.query"}),
                  "action"),
            (strings{"quickbooks.query", "gmail.send"}));
  // Nothing offered fits (code hosting creates, CRM queries deals): the built-ins stay.
  EXPECT_EQ(field(parse(invoices, {"github.create_issue", "salesforce.query"}), "action"),
            (strings{"billing.list_invoices", "email.send"}));
  // Another email provider, its op a verb among other words.
  EXPECT_EQ(field(parse("Summarize the new support tickets and send the summary to the support "
                        "lead.",
                        {"outlook.send_mail"}),
                  "action")
                .back(),
            "outlook.send_mail");
  // A camelCase op of the named service: the posting one, not the reading one.
  EXPECT_EQ(field(parse("Post the summary of new signups to Slack.",
                        {"slack.conversations_history", "slack.chat_postMessage"}),
                  "action"),
            (strings{"slack.chat_postMessage"}));
  // A namespace made of words ("ms_teams") is read word by word; a chat service fits a
  // notification whose channel the sentence leaves open.
  EXPECT_EQ(field(parse("Notify the team about new signups.", {"ms_teams.post_message"}), "action"),
            (strings{"ms_teams.post_message"}));
  // Of two tools of the right capability, the built-in's own service (or a brand of it) wins.
  EXPECT_EQ(field(parse("Fetch new leads from HubSpot and email them to the sales team.",
                        {"slack.post_message", "gmail.send"}),
                  "action"),
            (strings{"hubspot.search", "gmail.send"}));
  // Template steps follow the same rule: another CRM for the sales data, an email provider
  // whose namespace and op are made of words.
  const auto tpl = parse(
      "Every Monday at 9am, pull the latest sales data, generate a summary report, and email it "
      "to the sales team.",
      {"hubspot.search", "microsoft_outlook.sendMail"});
  EXPECT_EQ(tpl.source, parse_source::template_match);
  EXPECT_EQ(field(tpl, "action"),
            (strings{"hubspot.search", "generate_report", "microsoft_outlook.sendMail"}));
}

TEST(nl_parse, templates_match_by_similarity_and_rank_confidence) {
  const auto exact = parse("weekly sales report");
  const auto close = parse("a weekly report of our sales numbers");
  const auto far = parse("a weekly report of our sales numbers for the board, with charts");
  EXPECT_EQ(exact.source, parse_source::template_match);
  EXPECT_EQ(exact.template_id, "weekly_sales_report");
  EXPECT_EQ(close.template_id, "weekly_sales_report");
  EXPECT_GT(exact.confidence, close.confidence);
  EXPECT_GE(close.confidence, far.confidence);
  EXPECT_EQ(exact.name, "Weekly Sales Report");
  // Spelled-out steps that a template only resembles stay rule-based.
  const auto spelled = parse(
      "Send a welcome email to new users, wait 3 days, then send them a "
      "tips email.");
  EXPECT_EQ(spelled.source, parse_source::rule_based);
  EXPECT_EQ(spelled.definition["nodes"][1]["config"]["duration_ms"], 259'200'000);
}

TEST(nl_parse, every_template_is_reachable_and_well_formed) {
  const std::vector<std::pair<std::string, std::string>> templates{
      {"weekly sales report", "weekly_sales_report"},
      {"deploy notification", "deploy_notification"},
      {"lead pre-screening", "lead_prescreening"},
      {"customer feedback analysis", "customer_feedback_analysis"},
      {"daily briefing", "daily_briefing"},
      {"onboarding sequence", "onboarding_sequence"},
      {"overdue invoice reminders", "invoice_reminder"},
      {"support ticket triage", "support_ticket_triage"},
      {"social media monitoring", "social_media_monitoring"},
      {"expense approval", "expense_approval"},
      {"meeting notes summary", "meeting_notes_summary"},
      {"blog post publishing", "content_publishing"},
      {"website uptime monitoring", "uptime_monitor"},
      {"weekly newsletter", "weekly_newsletter"},
      {"database backup", "database_backup"},
      {"lead enrichment", "lead_enrichment"},
      {"churn risk alerts", "churn_risk_alert"},
      {"abandoned cart recovery", "abandoned_cart"},
      {"candidate screening", "candidate_screening"},
      {"pull request digest", "pr_digest"},
  };
  for (const auto& [text, id] : templates) {
    const auto w = parse(text);
    EXPECT_EQ(w.source, parse_source::template_match) << text;
    EXPECT_EQ(w.template_id, id) << text;
    EXPECT_TRUE(well_formed(w)) << id << ": " << testing::PrintToString(w.problems);
    EXPECT_GE(w.confidence, 0.9) << text;
    const auto ids = field(w, "id");
    for (std::size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(ids[i], "step_" + std::to_string(i + 1));
  }
}

TEST(nl_parse, unmatched_clauses_are_listed_and_lower_the_confidence) {
  const auto full = parse("Pull the orders from Shopify, summarize them and email me the summary.");
  const auto partial = parse(
      "Pull the orders from Shopify, frobnicate the widgets, summarize them "
      "and email me the summary.");
  EXPECT_TRUE(full.unmatched.empty());
  ASSERT_EQ(partial.unmatched.size(), 1u);
  EXPECT_EQ(partial.unmatched[0], "frobnicate the widgets");
  EXPECT_LT(partial.confidence, full.confidence);
  EXPECT_EQ(field(partial, "type"), field(full, "type"));
}

TEST(nl_parse, nothing_understood_is_invalid_with_problems) {
  for (const char* text : {"Hello world", "", "     ", "1234 5678", "☃☃☃ ünïcödé", "!!!???...,,,",
                           "the the the the"}) {
    const auto w = parse(text);
    EXPECT_FALSE(w.valid) << text;
    EXPECT_TRUE(w.definition.at("nodes").empty()) << text;
    EXPECT_GE(w.problems.size(), 2u) << text;
    EXPECT_LE(w.confidence, 0.1) << text;
    EXPECT_FALSE(w.name.empty()) << text;
  }
}

TEST(nl_parse, check_parsed_reports_validator_problems_and_lowers_confidence) {
  parsed_workflow w;
  w.definition = json::parse(R"({"nodes": [{"id": "a", "type": "condition", "config": {}}]})");
  w.schedule = parsed_schedule{"0 25 * * *", 0, "Mars/Olympus"};
  w.confidence = 0.8;
  check_parsed(w);
  EXPECT_FALSE(w.valid);
  ASSERT_EQ(w.problems.size(), 3u) << testing::PrintToString(w.problems);
  EXPECT_NE(w.problems[0].find("condition needs config.field"), std::string::npos);
  EXPECT_NE(w.problems[1].find("hour"), std::string::npos);
  EXPECT_NE(w.problems[2].find("Mars/Olympus"), std::string::npos);
  EXPECT_DOUBLE_EQ(w.confidence, 0.6);
}

TEST(nl_parse, valid_means_every_node_can_run_here) {
  // A delay cannot run in this build (no durable timers), nor can a Slack post (no connector):
  // each is a problem naming its node, and the reading keeps its confidence.
  const auto w = parse("wait 2 hours then send a slack message");
  ASSERT_EQ(field(w, "type"), (strings{"delay", "integration"})) << w.definition.dump(2);
  EXPECT_FALSE(w.valid);
  ASSERT_EQ(w.problems.size(), 2u) << testing::PrintToString(w.problems);
  EXPECT_EQ(w.problems[0],
            "NODE_TYPE_NOT_SUPPORTED: " +
                check_node_support("step_1", node_type::delay, field(w, "action")[0])->message);
  EXPECT_NE(w.problems[0].find("node 'step_1' (delay"), std::string::npos);
  EXPECT_EQ(w.problems[1].rfind("CONNECTOR_NOT_CONFIGURED: node 'step_2' (integration", 0), 0u)
      << w.problems[1];
  EXPECT_TRUE(well_formed(w));
  EXPECT_GT(w.confidence, 0.8) << "a node that cannot run here is no misreading";
  // Nodes the engine runs itself (condition, approval, transform) make a valid workflow.
  const auto runnable = parse("If the amount is over $500, ask the finance manager for approval.");
  ASSERT_EQ(field(runnable, "type"), (strings{"condition", "approval"}))
      << runnable.definition.dump(2);
  EXPECT_TRUE(runnable.valid) << testing::PrintToString(runnable.problems);
  EXPECT_TRUE(runnable.problems.empty());
}

TEST(nl_parse, check_parsed_adds_a_problem_per_node_that_cannot_run) {
  parsed_workflow w;
  w.definition = json::parse(R"({"nodes": [
      {"id": "shape", "type": "transform", "config": {"output": {"a": 1}}},
      {"id": "nap", "type": "delay", "action": "wait", "input_from": "shape",
       "config": {"duration_ms": 1000}},
      {"id": "ask", "type": "agent", "action": "summarize", "input_from": "nap"}]})");
  w.confidence = 0.8;
  check_parsed(w);
  EXPECT_FALSE(w.valid);
  EXPECT_EQ(w.problems,
            (strings{"NODE_TYPE_NOT_SUPPORTED: " +
                         check_node_support("nap", node_type::delay, "wait")->message,
                     "CONNECTOR_NOT_CONFIGURED: " +
                         check_node_support("ask", node_type::agent, "summarize")->message}));
  EXPECT_DOUBLE_EQ(w.confidence, 0.8);
  // Only engine-run nodes: valid, no problems.
  parsed_workflow ok;
  ok.definition = json::parse(R"({"nodes": [
      {"id": "shape", "type": "transform", "config": {"output": {"a": 1}}},
      {"id": "done", "type": "end", "input_from": "shape"}]})");
  check_parsed(ok);
  EXPECT_TRUE(ok.valid) << testing::PrintToString(ok.problems);
}

TEST(nl_parse, output_is_deterministic_and_bounded_on_long_input) {
  std::string text;
  for (int i = 0; i < 150; ++i) text += "pull the data, summarize it and email it to me. ";
  const auto a = parse(text);
  const auto b = parse(text);
  EXPECT_EQ(a.definition, b.definition);
  EXPECT_EQ(a.confidence, b.confidence);
  EXPECT_EQ(a.definition["nodes"].size(), 450u);
  EXPECT_TRUE(well_formed(a)) << testing::PrintToString(a.problems);
  EXPECT_LE(a.name.size(), 200u);
  EXPECT_LE(a.description.size(), 500u);
  // More steps than a definition may hold: the validator's verdict is returned.
  const auto too_many = parse(text + text);
  EXPECT_FALSE(too_many.valid);
  ASSERT_FALSE(too_many.problems.empty());
  EXPECT_NE(too_many.problems[0].find("500"), std::string::npos) << too_many.problems[0];
}

TEST(nl_parse, sources_have_their_spec_names) {
  EXPECT_EQ(to_string(parse_source::template_match), "template");
  EXPECT_EQ(to_string(parse_source::rule_based), "rule-based");
  EXPECT_EQ(to_string(parse_source::ai_generated), "ai-generated");
}

}  // namespace
}  // namespace runlog::nlparse
