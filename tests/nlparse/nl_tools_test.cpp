// The caller's available tools: an offered tool replaces the built-in action when it fits
// the step (verb and service, a brand of it, or a service of the same capability).
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

}  // namespace
}  // namespace runlog::nlparse
