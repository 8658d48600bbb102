// The built-in template library: common workflows, each with example instructions (what the
// similarity index learns from), a default schedule and a definition in the API's node shape.
// Every definition passes parse_definition (tests/nlparse/nl_parse_test.cpp checks it).
#include <array>

#include "nl_templates.hpp"

namespace runlog::nlparse::nl {
namespace {

constexpr std::array<workflow_template, 20> library{{
    {"weekly_sales_report", "Weekly Sales Report",
     "Pull sales data, generate summary, and email to team",
     "weekly sales report|every monday pull the latest sales data generate a summary report and "
     "email it to the sales team|send the sales team a weekly summary of sales|weekly revenue and "
     "pipeline summary email|summarize last week's deals and email the report to sales",
     "0 9 * * 1",
     R"({"nodes": [
      {"id": "step_1", "type": "integration", "action": "salesforce.query", "config": {"query": "SELECT Id, Amount, StageName, CloseDate FROM Opportunity WHERE CloseDate = LAST_WEEK"}},
      {"id": "step_2", "type": "agent", "action": "generate_report", "input_from": "step_1"},
      {"id": "step_3", "type": "integration", "action": "email.send", "input_from": "step_2"}]})"},
    {"deploy_notification", "Deploy Notification",
     "Post a message to the team channel when a deployment finishes",
     "deploy notification|notify the team in slack when a deployment finishes|post a message to "
     "the engineering channel after every deploy|send a release announcement when a new version "
     "is deployed|alert the team about production deployments",
     "",
     R"({"nodes": [
      {"id": "step_1", "type": "transform", "action": "format_message", "config": {"text": "Deployed {{inputs.service}} {{inputs.version}} to {{inputs.environment}}"}},
      {"id": "step_2", "type": "integration", "action": "slack.post_message", "input_from": "step_1", "config": {"channel": "#deployments", "text": "{{steps.step_1.output.text}}"}}],
      "inputs": {"type": "object", "properties": {"service": {"type": "string"}, "version": {"type": "string"}, "environment": {"type": "string"}}}})"},
    {"lead_prescreening", "Lead Pre-Screening",
     "Score each new lead, update the CRM and alert sales about qualified leads",
     "lead pre-screening|prescreen new leads|qualify incoming leads and notify sales about the "
     "good ones|score new leads and alert the sales team when a lead is qualified|screen inbound "
     "leads before sales calls them",
     "",
     R"({"nodes": [
      {"id": "step_1", "type": "agent", "action": "score_lead", "config": {"prompt": "Score this lead from 0 to 100 for fit and buying intent. Answer as JSON {\"score\": number, \"reason\": string}."}},
      {"id": "step_2", "type": "integration", "action": "crm.update_lead", "input_from": "step_1", "config": {"fields": {"lead_score": "{{steps.step_1.output.score}}"}}},
      {"id": "step_3", "type": "condition", "action": "check_score", "input_from": "step_2", "config": {"field": "steps.step_1.output.score", "operator": "greater_than_or_equal", "value": 70}},
      {"id": "step_4", "type": "integration", "action": "slack.post_message", "input_from": "step_3", "when": true, "config": {"channel": "#sales", "text": "Qualified lead: {{steps.step_1.output.reason}}"}}],
      "inputs": {"type": "object", "properties": {"lead": {"type": "object"}}}})"},
    {"customer_feedback_analysis", "Customer Feedback Analysis",
     "Collect new feedback, analyze sentiment and themes, and share a summary",
     "customer feedback analysis|analyze customer feedback|collect survey responses and analyze "
     "the sentiment|summarize what customers are saying in reviews and support tickets|find the "
     "main themes in customer feedback and report them",
     "0 9 * * 1",
     R"({"nodes": [
      {"id": "step_1", "type": "integration", "action": "typeform.fetch_responses", "config": {"since": "last_week"}},
      {"id": "step_2", "type": "agent", "action": "analyze_feedback", "input_from": "step_1", "config": {"prompt": "Group this customer feedback into themes, give the sentiment of each theme and quote representative comments."}},
      {"id": "step_3", "type": "integration", "action": "slack.post_message", "input_from": "step_2", "config": {"channel": "#customer-insights"}}]})"},
    {"daily_briefing", "Daily Briefing",
     "Every morning, gather today's meetings and unread email into a short briefing",
     "daily briefing|morning briefing with my calendar emails and news|every morning send me a "
     "summary of my day|daily digest of meetings and important emails|prepare my daily agenda",
     "0 8 * * *",
     R"({"nodes": [
      {"id": "step_1", "type": "integration", "action": "calendar.list_events", "config": {"range": "today"}},
      {"id": "step_2", "type": "integration", "action": "email.fetch", "config": {"query": "is:unread newer_than:1d"}},
      {"id": "step_3", "type": "agent", "action": "generate_briefing", "input_from": ["step_1", "step_2"], "config": {"prompt": "Write a short briefing of today's meetings and the emails that need an answer."}},
      {"id": "step_4", "type": "integration", "action": "email.send", "input_from": "step_3", "config": {"to": "me", "subject": "Your daily briefing"}}]})"},
    {"onboarding_sequence", "Onboarding Sequence",
     "Welcome a new user, then follow up with tips and a check-in",
     "onboarding sequence|onboarding email sequence for new users|welcome new customers and "
     "follow up over the first week|send a welcome email when someone signs up then tips two days "
     "later|drip campaign for new signups",
     "",
     R"({"nodes": [
      {"id": "step_1", "type": "integration", "action": "email.send", "config": {"to": "{{inputs.email}}", "template": "welcome"}},
      {"id": "step_2", "type": "delay", "action": "wait", "input_from": "step_1", "config": {"duration_ms": 172800000}},
      {"id": "step_3", "type": "integration", "action": "email.send", "input_from": "step_2", "config": {"to": "{{inputs.email}}", "template": "tips"}},
      {"id": "step_4", "type": "delay", "action": "wait", "input_from": "step_3", "config": {"duration_ms": 432000000}},
      {"id": "step_5", "type": "integration", "action": "email.send", "input_from": "step_4", "config": {"to": "{{inputs.email}}", "template": "check_in"}}],
      "inputs": {"type": "object", "required": ["email"], "properties": {"email": {"type": "string"}, "name": {"type": "string"}}}})"},
    {"invoice_reminder", "Overdue Invoice Reminders",
     "Find overdue invoices every day and email each customer a reminder",
     "overdue invoice reminders|remind customers about unpaid invoices|chase late payments|every "
     "day find overdue invoices and email the customer a reminder|payment reminder emails",
     "0 9 * * *",
     R"({"nodes": [
      {"id": "step_1", "type": "integration", "action": "billing.list_invoices", "config": {"status": "overdue"}},
      {"id": "step_2", "type": "condition", "action": "check_invoices", "input_from": "step_1", "config": {"field": "$.invoices", "operator": "is_not_empty"}},
      {"id": "step_3", "type": "agent", "action": "draft_reminder", "input_from": "step_2", "when": true, "config": {"prompt": "Write a polite payment reminder for each overdue invoice."}},
      {"id": "step_4", "type": "integration", "action": "email.send", "input_from": "step_3", "config": {"to": "{{steps.step_1.output.customer_email}}"}}]})"},
    {"support_ticket_triage", "Support Ticket Triage",
     "Classify new tickets by urgency and topic, route them, and escalate urgent ones",
     "support ticket triage|triage incoming support tickets|classify new tickets and route them to "
     "the right team|categorize helpdesk tickets by priority and escalate urgent ones|auto-tag "
     "zendesk tickets",
     "",
     R"({"nodes": [
      {"id": "step_1", "type": "agent", "action": "classify_ticket", "config": {"prompt": "Classify this support ticket: topic, priority (low, normal, urgent) and the team that should own it."}},
      {"id": "step_2", "type": "integration", "action": "helpdesk.update_ticket", "input_from": "step_1", "config": {"priority": "{{steps.step_1.output.priority}}", "group": "{{steps.step_1.output.team}}"}},
      {"id": "step_3", "type": "condition", "action": "check_priority", "input_from": "step_2", "config": {"field": "steps.step_1.output.priority", "operator": "equals", "value": "urgent"}},
      {"id": "step_4", "type": "integration", "action": "pagerduty.create_incident", "input_from": "step_3", "when": true}],
      "inputs": {"type": "object", "properties": {"ticket": {"type": "object"}}}})"},
    {"social_media_monitoring", "Brand Mention Monitor",
     "Track brand mentions, analyze their sentiment and alert on negative ones",
     "social media monitoring|monitor twitter for mentions of our brand|track brand mentions and "
     "alert on negative sentiment|watch social media for complaints about our product|brand "
     "mention alerts",
     "0 * * * *",
     R"({"nodes": [
      {"id": "step_1", "type": "integration", "action": "twitter.search", "config": {"query": "{{inputs.brand}}"}},
      {"id": "step_2", "type": "agent", "action": "analyze_sentiment", "input_from": "step_1", "config": {"prompt": "Rate the sentiment of each mention as positive, neutral or negative."}},
      {"id": "step_3", "type": "condition", "action": "check_sentiment", "input_from": "step_2", "config": {"field": "$.sentiment", "operator": "equals", "value": "negative"}},
      {"id": "step_4", "type": "integration", "action": "slack.post_message", "input_from": "step_3", "when": true, "config": {"channel": "#social"}}],
      "inputs": {"type": "object", "properties": {"brand": {"type": "string"}}}})"},
    {"expense_approval", "Expense Approval",
     "Route an expense report to a manager for approval, then record it and tell the employee",
     "expense approval|expense report approval workflow|send expenses to my manager for approval|"
     "approve reimbursement requests and record them in accounting|manager sign-off for expenses",
     "",
     R"({"nodes": [
      {"id": "step_1", "type": "approval", "action": "request_approval", "config": {"prompt": "Approve this expense report?", "approver": "manager"}},
      {"id": "step_2", "type": "integration", "action": "quickbooks.create_expense", "input_from": "step_1"},
      {"id": "step_3", "type": "integration", "action": "email.send", "input_from": "step_2", "config": {"to": "{{inputs.employee_email}}", "subject": "Your expense was approved"}}],
      "inputs": {"type": "object", "properties": {"amount": {"type": "number"}, "employee_email": {"type": "string"}}}})"},
    {"meeting_notes_summary", "Meeting Notes Summary",
     "Summarize a meeting transcript into notes and action items and share them",
     "meeting notes summary|summarize meeting transcripts|after each meeting send the notes and "
     "action items to attendees|turn call recordings into summaries|extract action items from "
     "meetings",
     "",
     R"({"nodes": [
      {"id": "step_1", "type": "integration", "action": "zoom.fetch_transcript", "config": {"meeting_id": "{{inputs.meeting_id}}"}},
      {"id": "step_2", "type": "agent", "action": "summarize_meeting", "input_from": "step_1", "config": {"prompt": "Summarize this meeting: decisions, action items with owners, open questions."}},
      {"id": "step_3", "type": "integration", "action": "notion.create_page", "input_from": "step_2"},
      {"id": "step_4", "type": "integration", "action": "email.send", "input_from": "step_3", "config": {"to": "attendees"}}],
      "inputs": {"type": "object", "properties": {"meeting_id": {"type": "string"}}}})"},
    {"content_publishing", "Blog Post Pipeline",
     "Draft a blog post, have an editor approve it, then publish and share it",
     "blog post publishing|write a blog post have an editor review it and publish it|content "
     "pipeline draft review publish|draft articles and publish them after approval|publish a new "
     "blog post and share it on social media",
     "",
     R"({"nodes": [
      {"id": "step_1", "type": "agent", "action": "draft_post", "config": {"prompt": "Draft a blog post about {{inputs.topic}}."}},
      {"id": "step_2", "type": "approval", "action": "request_approval", "input_from": "step_1", "config": {"prompt": "Review the draft", "approver": "editor"}},
      {"id": "step_3", "type": "integration", "action": "wordpress.create_post", "input_from": "step_2"},
      {"id": "step_4", "type": "integration", "action": "linkedin.create_post", "input_from": "step_3"}],
      "inputs": {"type": "object", "properties": {"topic": {"type": "string"}}}})"},
    {"uptime_monitor", "Website Uptime Monitor",
     "Check a website every few minutes and open an incident when it is down",
     "website uptime monitoring|check if our website is down every 5 minutes|ping the api health "
     "endpoint and alert on failures|monitor the site and page on-call when it goes down|uptime "
     "check",
     "*/5 * * * *",
     R"({"nodes": [
      {"id": "step_1", "type": "integration", "action": "http.request", "config": {"method": "GET", "url": "{{inputs.url}}"}},
      {"id": "step_2", "type": "condition", "action": "check_status", "input_from": "step_1", "config": {"field": "$.status", "operator": "not_equals", "value": 200}},
      {"id": "step_3", "type": "integration", "action": "pagerduty.create_incident", "input_from": "step_2", "when": true}],
      "inputs": {"type": "object", "properties": {"url": {"type": "string"}}}})"},
    {"weekly_newsletter", "Weekly Newsletter",
     "Collect the week's articles, write a newsletter and send it to subscribers",
     "weekly newsletter|compile a weekly newsletter from our blog posts and send it to "
     "subscribers|curate news articles into an email newsletter|every friday write and send the "
     "newsletter|newsletter campaign",
     "0 10 * * 5",
     R"({"nodes": [
      {"id": "step_1", "type": "integration", "action": "rss.fetch", "config": {"since": "last_week"}},
      {"id": "step_2", "type": "agent", "action": "generate_newsletter", "input_from": "step_1", "config": {"prompt": "Write a newsletter from these articles: a one-line intro and a short blurb per article."}},
      {"id": "step_3", "type": "integration", "action": "mailchimp.send_campaign", "input_from": "step_2"}]})"},
    {"database_backup", "Nightly Database Backup",
     "Export the database every night, upload it to S3 and report the result",
     "database backup|back up the production database every night to s3|nightly db dump uploaded "
     "to a bucket|export the database and store the backup|daily backup with a slack confirmation",
     "0 2 * * *",
     R"({"nodes": [
      {"id": "step_1", "type": "integration", "action": "database.export"},
      {"id": "step_2", "type": "integration", "action": "s3.put_object", "input_from": "step_1", "config": {"bucket": "backups"}},
      {"id": "step_3", "type": "integration", "action": "slack.post_message", "input_from": "step_2", "config": {"channel": "#ops", "text": "Database backup uploaded"}}]})"},
    {"lead_enrichment", "New Lead Enrichment",
     "Enrich a new lead with company data, update the CRM and notify its owner",
     "lead enrichment|enrich new leads with clearbit|add company data to new contacts in hubspot|"
     "look up company info for each new signup|enrich and route inbound leads",
     "",
     R"({"nodes": [
      {"id": "step_1", "type": "integration", "action": "clearbit.enrich", "config": {"email": "{{inputs.email}}"}},
      {"id": "step_2", "type": "integration", "action": "crm.update_contact", "input_from": "step_1"},
      {"id": "step_3", "type": "integration", "action": "slack.post_message", "input_from": "step_2", "config": {"channel": "#leads"}}],
      "inputs": {"type": "object", "properties": {"email": {"type": "string"}}}})"},
    {"churn_risk_alert", "Churn Risk Alert",
     "Score accounts for churn risk every week and alert customer success about risky ones",
     "churn risk alerts|find customers at risk of churning|predict churn from product usage and "
     "alert customer success|weekly churn report for account managers|flag accounts with dropping "
     "usage",
     "0 9 * * 1",
     R"({"nodes": [
      {"id": "step_1", "type": "integration", "action": "analytics.query", "config": {"metric": "weekly_active_usage", "group_by": "account"}},
      {"id": "step_2", "type": "agent", "action": "predict_churn", "input_from": "step_1", "config": {"prompt": "Estimate each account's churn risk from 0 to 1 and explain why."}},
      {"id": "step_3", "type": "condition", "action": "check_risk", "input_from": "step_2", "config": {"field": "$.risk", "operator": "greater_than", "value": 0.7}},
      {"id": "step_4", "type": "integration", "action": "email.send", "input_from": "step_3", "when": true, "config": {"to": "customer success"}}]})"},
    {"abandoned_cart", "Abandoned Cart Recovery",
     "Wait an hour after a cart is abandoned, then email a reminder if nothing was bought",
     "abandoned cart recovery|remind shoppers who abandoned their cart|email customers who left "
     "items in their cart|cart abandonment emails|recover abandoned checkouts",
     "",
     R"({"nodes": [
      {"id": "step_1", "type": "delay", "action": "wait", "config": {"duration_ms": 3600000}},
      {"id": "step_2", "type": "integration", "action": "shopify.get_checkout", "input_from": "step_1", "config": {"checkout_id": "{{inputs.checkout_id}}"}},
      {"id": "step_3", "type": "condition", "action": "check_completed", "input_from": "step_2", "config": {"field": "$.completed", "operator": "equals", "value": false}},
      {"id": "step_4", "type": "integration", "action": "email.send", "input_from": "step_3", "when": true, "config": {"to": "{{steps.step_2.output.email}}", "template": "cart_reminder"}}],
      "inputs": {"type": "object", "properties": {"checkout_id": {"type": "string"}}}})"},
    {"candidate_screening", "Candidate Screening",
     "Screen a new applicant against the role and invite strong candidates to interview",
     "candidate screening|screen job applicants|shortlist candidates from their resumes|score new "
     "applications and schedule interviews with the best|recruiting pipeline screening",
     "",
     R"({"nodes": [
      {"id": "step_1", "type": "agent", "action": "screen_candidate", "config": {"prompt": "Score this resume from 0 to 100 against the job description and list strengths and gaps."}},
      {"id": "step_2", "type": "condition", "action": "check_score", "input_from": "step_1", "config": {"field": "$.score", "operator": "greater_than_or_equal", "value": 75}},
      {"id": "step_3", "type": "integration", "action": "calendar.create_event", "input_from": "step_2", "when": true, "config": {"title": "Interview"}},
      {"id": "step_4", "type": "integration", "action": "email.send", "input_from": "step_3", "config": {"to": "{{inputs.candidate_email}}", "template": "interview_invite"}}],
      "inputs": {"type": "object", "properties": {"candidate_email": {"type": "string"}}}})"},
    {"pr_digest", "Daily Pull Request Digest",
     "Every weekday morning, post a summary of open pull requests to the team channel",
     "pull request digest|summarize open pull requests every morning|daily github pr summary in "
     "slack|remind the team about pull requests waiting for review|standup digest of github "
     "activity",
     "0 9 * * 1-5",
     R"({"nodes": [
      {"id": "step_1", "type": "integration", "action": "github.list_pull_requests", "config": {"state": "open"}},
      {"id": "step_2", "type": "agent", "action": "summarize_pull_requests", "input_from": "step_1", "config": {"prompt": "Summarize these open pull requests: what waits for review and for how long."}},
      {"id": "step_3", "type": "integration", "action": "slack.post_message", "input_from": "step_2", "config": {"channel": "#engineering"}}]})"},
}};

}  // namespace

std::span<const workflow_template> template_library() { return library; }

}  // namespace runlog::nlparse::nl
