// Natural-language parsing: the spec's example, schedule phrases, clause splitting and
// reordering, template matching and its confidence, robustness. Tool preference:
// nl_tools_test.cpp; validity: nl_validity_test.cpp; the corpus (nl_parse_corpus.json):
// nl_parse_corpus_test.cpp.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "nlparse/parse_helpers.hpp"
#include "runlog/workflow/cron.hpp"
#include "runlog/workflow/definition.hpp"
#include "runlog/workflow/node_support.hpp"

namespace runlog::nlparse {
namespace {

using nlohmann::json;
using support::cannot_run;
using support::field;
using support::parse;
using support::strings;
using support::well_formed;

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
