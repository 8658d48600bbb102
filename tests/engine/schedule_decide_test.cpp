// decide()/evolve() for schedules: create, update, delete, and the cascade of a workflow
// deletion. Every when() also re-folds the recorded events and compares with the live state.
#include <gtest/gtest.h>

#include "engine/scenario.hpp"

namespace runlog::engine {
namespace {

using json = nlohmann::json;
using testing::names;
using testing::nth;
using testing::scenario;
using strings = std::vector<std::string>;

schemas::create_workflow workflow(std::string id, std::string name) {
  return {std::move(id), std::move(name), "", R"({"nodes": [{"id": "done", "type": "end"}]})"_json,
          "1.0.0"};
}

schemas::schedule_settings settings(std::string cron = "0 9 * * 1",
                                    std::string zone = "America/New_York") {
  schemas::schedule_settings s;
  s.cron_expression = std::move(cron);
  s.timezone = std::move(zone);
  s.inputs = {{"date_range", "LAST_WEEK"}};
  return s;
}

schemas::create_schedule create(std::string id, std::string workflow_id,
                                schemas::schedule_settings s = settings()) {
  return {std::move(id), std::move(workflow_id), std::move(s)};
}

schemas::update_schedule update(std::string id, std::string workflow_id,
                                schemas::schedule_changes changes) {
  return {std::move(id), std::move(workflow_id), std::move(changes)};
}

// A scenario with workflows wf-1 and wf-2 of tenant-a and wf-b of tenant-b.
scenario with_workflows() {
  scenario s;
  s.given(workflow("wf-1", "first")).given(workflow("wf-2", "second"));
  s.when(workflow("wf-b", "theirs"), {"tenant-b", "user-9", 1'700'000'000'000});
  return s;
}

schemas::command_rejected rejection(const decision& d) {
  EXPECT_EQ(names(d), strings{"command.rejected"});
  return nth<schemas::command_rejected>(d);
}

const tenant_state& tenant(const scenario& s, const std::string& id = "tenant-a") {
  return s.state().tenants.at(id);
}

// ---- create ----

TEST(create_schedule, is_recorded_with_its_settings) {
  scenario s = with_workflows();
  const auto d = s.when(create("sch-1", "wf-1"));
  ASSERT_EQ(names(d), strings{"schedule.created"});
  EXPECT_EQ(nth<schemas::schedule_created>(d),
            (schemas::schedule_created{"sch-1", "wf-1", settings()}));
  const schedule_state& stored = tenant(s).schedules.at("sch-1");
  EXPECT_EQ(stored.workflow_id, "wf-1");
  EXPECT_EQ(stored.settings, settings());
}

TEST(create_schedule, rejects_an_unknown_or_foreign_workflow) {
  scenario s = with_workflows();
  EXPECT_EQ(rejection(s.when(create("sch-1", "wf-missing"))),
            (schemas::command_rejected{"schedule.create", "WORKFLOW_NOT_FOUND",
                                       "Workflow not found", "sch-1"}));
  EXPECT_EQ(rejection(s.when(create("sch-2", "wf-b"))).code, "WORKFLOW_NOT_FOUND");
  const auto other = s.when(create("sch-3", "wf-1"), {"tenant-b", "user-9", 1'700'000'000'000});
  EXPECT_EQ(rejection(other).code, "WORKFLOW_NOT_FOUND");
  EXPECT_TRUE(tenant(s).schedules.empty());
  EXPECT_TRUE(tenant(s, "tenant-b").schedules.empty());
}

TEST(create_schedule, rejects_a_deleted_workflow) {
  scenario s = with_workflows();
  s.given(schemas::workflow_deleted{"wf-1", "first"});
  EXPECT_EQ(rejection(s.when(create("sch-1", "wf-1"))).code, "WORKFLOW_NOT_FOUND");
}

TEST(create_schedule, rejects_a_known_schedule_id) {
  scenario s = with_workflows();
  s.given(create("sch-1", "wf-1"));
  const auto rejected = rejection(s.when(create("sch-1", "wf-2", settings("*/5 * * * *"))));
  EXPECT_EQ(rejected.code, "SCHEDULE_ALREADY_EXISTS");
  EXPECT_EQ(tenant(s).schedules.at("sch-1").workflow_id, "wf-1");
}

TEST(create_schedule, revalidates_the_settings) {
  struct bad_case {
    schemas::schedule_settings settings;
    std::string message;
  };
  schemas::schedule_settings policy = settings();
  policy.missed_execution_policy = "sometimes";
  schemas::schedule_settings inputs = settings();
  inputs.inputs = json::array({1, 2});
  const std::vector<bad_case> cases{
      {settings("0 24 * * *"), "cron_expression is invalid: hour: value 24 is out of range 0-23"},
      {settings("0 9 * *"),
       "cron_expression is invalid: expected 5 fields (minute hour day-of-month month "
       "day-of-week), found 4"},
      {settings("0 0 30 2 *"), "cron_expression is invalid: the cron expression never fires"},
      {settings("0 9 * * 1", "Mars/Olympus_Mons"),
       "timezone is invalid: unknown IANA time zone 'Mars/Olympus_Mons'"},
      {policy, "missed_execution_policy must be one of run_immediately, skip, queue"},
      {inputs, "inputs must be an object"},
  };
  scenario s = with_workflows();
  for (const auto& c : cases) {
    const auto rejected = rejection(s.when(create("sch-1", "wf-1", c.settings)));
    EXPECT_EQ(rejected.code, "INVALID_SCHEDULE");
    EXPECT_EQ(rejected.message, c.message);
    EXPECT_EQ(rejected.subject_id, "sch-1");
  }
  EXPECT_TRUE(tenant(s).schedules.empty());
}

TEST(create_schedule, accepts_every_policy_and_a_disabled_schedule) {
  scenario s = with_workflows();
  int n = 0;
  for (const char* policy : {"run_immediately", "skip", "queue"}) {
    schemas::schedule_settings x = settings("*/15 * * * *", "UTC");
    x.missed_execution_policy = policy;
    x.enabled = false;
    EXPECT_EQ(names(s.when(create("sch-" + std::to_string(++n), "wf-1", x))),
              strings{"schedule.created"});
  }
  EXPECT_EQ(tenant(s).schedules.size(), 3u);
}

// Archives wf-1 of tenant-a.
void archive_first(scenario& s) {
  schemas::workflow_changes archived;
  archived.status = "archived";
  s.given(schemas::update_workflow{"wf-1", archived, 0});
}

TEST(create_schedule, refuses_an_enabled_schedule_of_an_archived_workflow) {
  scenario s = with_workflows();
  archive_first(s);
  EXPECT_EQ(rejection(s.when(create("sch-1", "wf-1"))),
            (schemas::command_rejected{
                "schedule.create", "WORKFLOW_ARCHIVED",
                "Archived workflows cannot be executed: a schedule of one must have enabled: false",
                "sch-1"}));
  EXPECT_TRUE(tenant(s).schedules.empty());
  schemas::schedule_settings disabled = settings();
  disabled.enabled = false;
  EXPECT_EQ(names(s.when(create("sch-2", "wf-1", disabled))), strings{"schedule.created"});
}

// ---- update ----

TEST(update_schedule, records_the_changes_and_merges_them_into_the_settings) {
  scenario s = with_workflows();
  s.given(create("sch-1", "wf-1"));
  schemas::schedule_changes changes;
  changes.cron_expression = "0 9 * * 1,4";
  changes.enabled = false;
  const auto d = s.when(update("sch-1", "wf-1", changes));
  ASSERT_EQ(names(d), strings{"schedule.updated"});
  EXPECT_EQ(nth<schemas::schedule_updated>(d),
            (schemas::schedule_updated{"sch-1", "wf-1", changes}));
  schemas::schedule_settings want = settings("0 9 * * 1,4");
  want.enabled = false;
  EXPECT_EQ(tenant(s).schedules.at("sch-1").settings, want);

  schemas::schedule_changes more;
  more.timezone = "Asia/Kolkata";
  more.inputs = json{{"x", 1}};
  more.missed_execution_policy = "queue";
  ASSERT_EQ(names(s.when(update("sch-1", "wf-1", more))), strings{"schedule.updated"});
  want.timezone = "Asia/Kolkata";
  want.inputs = json{{"x", 1}};
  want.missed_execution_policy = "queue";
  EXPECT_EQ(tenant(s).schedules.at("sch-1").settings, want);
}

TEST(update_schedule, rejects_an_unknown_foreign_or_misplaced_schedule) {
  scenario s = with_workflows();
  s.given(create("sch-1", "wf-1"));
  schemas::schedule_changes changes;
  changes.enabled = false;
  EXPECT_EQ(rejection(s.when(update("sch-x", "wf-1", changes))),
            (schemas::command_rejected{"schedule.update", "SCHEDULE_NOT_FOUND",
                                       "Schedule not found", "sch-x"}));
  EXPECT_EQ(rejection(s.when(update("sch-1", "wf-2", changes))).code, "SCHEDULE_NOT_FOUND");
  const auto other =
      s.when(update("sch-1", "wf-1", changes), {"tenant-b", "user-9", 1'700'000'000'000});
  EXPECT_EQ(rejection(other).code, "SCHEDULE_NOT_FOUND");
  EXPECT_TRUE(tenant(s).schedules.at("sch-1").settings.enabled);
}

TEST(update_schedule, rejects_no_changes_and_invalid_merged_settings) {
  scenario s = with_workflows();
  s.given(create("sch-1", "wf-1"));
  const auto empty = rejection(s.when(update("sch-1", "wf-1", {})));
  EXPECT_EQ(empty.code, "INVALID_SCHEDULE");
  EXPECT_EQ(empty.message, "no valid fields to update");

  schemas::schedule_changes cron;
  cron.cron_expression = "61 * * * *";
  EXPECT_EQ(rejection(s.when(update("sch-1", "wf-1", cron))).message,
            "cron_expression is invalid: minute: value 61 is out of range 0-59");
  schemas::schedule_changes zone;
  zone.timezone = "Nowhere";
  EXPECT_EQ(rejection(s.when(update("sch-1", "wf-1", zone))).message,
            "timezone is invalid: unknown IANA time zone 'Nowhere'");
  schemas::schedule_changes policy;
  policy.missed_execution_policy = "";
  EXPECT_EQ(rejection(s.when(update("sch-1", "wf-1", policy))).code, "INVALID_SCHEDULE");
  EXPECT_EQ(tenant(s).schedules.at("sch-1").settings, settings());
}

// ---- delete ----

TEST(delete_schedule, removes_it_once) {
  scenario s = with_workflows();
  s.given(create("sch-1", "wf-1")).given(create("sch-2", "wf-1"));
  const auto d = s.when(schemas::delete_schedule{"sch-1", "wf-1"});
  ASSERT_EQ(names(d), strings{"schedule.deleted"});
  EXPECT_EQ(nth<schemas::schedule_deleted>(d), (schemas::schedule_deleted{"sch-1", "wf-1"}));
  EXPECT_FALSE(tenant(s).schedules.contains("sch-1"));
  EXPECT_TRUE(tenant(s).schedules.contains("sch-2"));
  EXPECT_EQ(rejection(s.when(schemas::delete_schedule{"sch-1", "wf-1"})).code,
            "SCHEDULE_NOT_FOUND");
  schemas::schedule_changes changes;
  changes.enabled = false;
  EXPECT_EQ(rejection(s.when(update("sch-1", "wf-1", changes))).code, "SCHEDULE_NOT_FOUND");
}

TEST(delete_schedule, rejects_another_workflows_or_tenants_schedule) {
  scenario s = with_workflows();
  s.given(create("sch-1", "wf-1"));
  EXPECT_EQ(rejection(s.when(schemas::delete_schedule{"sch-1", "wf-2"})),
            (schemas::command_rejected{"schedule.delete", "SCHEDULE_NOT_FOUND",
                                       "Schedule not found", "sch-1"}));
  const auto other =
      s.when(schemas::delete_schedule{"sch-1", "wf-1"}, {"tenant-b", "user-9", 1'700'000'000'000});
  EXPECT_EQ(rejection(other).code, "SCHEDULE_NOT_FOUND");
  EXPECT_TRUE(tenant(s).schedules.contains("sch-1"));
}

// ---- workflow deletion ----

TEST(schedules, go_with_their_deleted_workflow_only) {
  scenario s = with_workflows();
  s.given(create("sch-1", "wf-1")).given(create("sch-2", "wf-1")).given(create("sch-3", "wf-2"));
  s.given(schemas::workflow_deleted{"wf-1", "first"});
  EXPECT_FALSE(tenant(s).schedules.contains("sch-1"));
  EXPECT_FALSE(tenant(s).schedules.contains("sch-2"));
  EXPECT_TRUE(tenant(s).schedules.contains("sch-3"));
  EXPECT_EQ(rejection(s.when(schemas::delete_schedule{"sch-1", "wf-1"})).code,
            "SCHEDULE_NOT_FOUND");
  // The re-fold of everything so far gives the same state (checked by when()).
  EXPECT_EQ(names(s.when(schemas::delete_schedule{"sch-3", "wf-2"})), strings{"schedule.deleted"});
  EXPECT_TRUE(tenant(s).schedules.empty());
}

TEST(schedules, events_for_unknown_schedules_change_nothing) {
  scenario s = with_workflows();
  s.given(create("sch-1", "wf-1"));
  schemas::schedule_changes changes;
  changes.enabled = false;
  s.given(schemas::schedule_updated{"sch-1", "wf-2", changes});
  s.given(schemas::schedule_deleted{"sch-1", "wf-2"});
  s.given(schemas::schedule_created{"sch-1", "wf-2", settings("* * * * *", "UTC")});
  const schedule_state& stored = tenant(s).schedules.at("sch-1");
  EXPECT_EQ(stored.workflow_id, "wf-1");
  EXPECT_EQ(stored.settings, settings());
}

// ---- archived workflows ----

TEST(update_schedule, refuses_to_enable_a_schedule_of_an_archived_workflow) {
  scenario s = with_workflows();
  schemas::schedule_settings disabled = settings();
  disabled.enabled = false;
  s.given(create("sch-1", "wf-1", disabled)).given(create("sch-2", "wf-1"));
  archive_first(s);
  schemas::schedule_changes enable;
  enable.enabled = true;
  EXPECT_EQ(rejection(s.when(update("sch-1", "wf-1", enable))).code, "WORKFLOW_ARCHIVED");
  EXPECT_FALSE(tenant(s).schedules.at("sch-1").settings.enabled);
  // Editing a disabled schedule and disabling an enabled one stay allowed.
  schemas::schedule_changes cron;
  cron.cron_expression = "0 10 * * 1";
  EXPECT_EQ(names(s.when(update("sch-1", "wf-1", cron))), strings{"schedule.updated"});
  schemas::schedule_changes disable;
  disable.enabled = false;
  EXPECT_EQ(names(s.when(update("sch-2", "wf-1", disable))), strings{"schedule.updated"});
}

}  // namespace
}  // namespace runlog::engine
