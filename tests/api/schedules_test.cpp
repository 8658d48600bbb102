// Schedules over real HTTP against `runlog serve`: create, list, get, patch, delete, every
// error path, next_run_at against the cron in its zone, restart, and tenant isolation.

#include <chrono>

#include "api/e2e_fixture.hpp"
#include "runlog/schemas/time.hpp"

namespace runlog::e2e {
namespace {

constexpr std::string_view missing_wf = "00000000-0000-4000-8000-00000000000a";
constexpr std::string_view missing_schedule = "00000000-0000-4000-8000-00000000000c";
constexpr std::int64_t minute_ms = 60'000;
constexpr std::int64_t day_ms = 24 * 60 * minute_ms;
constexpr std::int64_t kolkata_offset_ms = (5 * 60 + 30) * minute_ms;  // +05:30, no DST

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// An ISO-8601 field of `j` as Unix ms; -1 when absent or malformed.
std::int64_t ms_of(const json& j, const char* name) {
  if (!j.is_object() || !j.contains(name) || !j[name].is_string()) return -1;
  const auto ms = schemas::parse_iso8601(j[name].get<std::string>());
  return ms ? *ms : -1;
}

struct wall_time {
  int weekday;  ///< 0 = Sunday
  int hour;
  int minute;
  int second;
};

// The wall clock at `unix_ms` in a zone with a fixed offset.
wall_time wall(std::int64_t unix_ms, std::int64_t offset_ms) {
  const std::int64_t local = unix_ms + offset_ms;
  const std::int64_t days = local / day_ms;  // instants here are after 1970
  const std::int64_t in_day = local % day_ms;
  return {static_cast<int>((days + 4) % 7),  // 1970-01-01 was a Thursday
          static_cast<int>(in_day / (60 * minute_ms)), static_cast<int>(in_day / minute_ms % 60),
          static_cast<int>(in_day / 1000 % 60)};
}

// The schedule without next_run_at (which moves with the clock).
json without_next(json schedule) {
  if (schedule.is_object()) schedule.erase("next_run_at");
  return schedule;
}

class schedules_test : public e2e_test {
 protected:
  void SetUp() override {
    e2e_test::SetUp();
    if (HasFatalFailure()) return;
    a_ = token(tenant_a, "alice");
    b_ = token(tenant_b, "bob");
    const json wf = create_workflow("scheduled", chain_definition(), a_);
    ASSERT_TRUE(wf.is_object());
    wf_ = wf["id"];
    const json other = create_workflow("other", chain_definition(), a_);
    ASSERT_TRUE(other.is_object());
    other_wf_ = other["id"];
  }

  std::string schedules(const std::string& workflow_id, std::string_view suffix = "") {
    return path("/" + workflow_id + "/schedules" + std::string(suffix));
  }
  std::string one(const std::string& workflow_id, const std::string& schedule_id) {
    return schedules(workflow_id, "/" + schedule_id);
  }
  http_response patch(std::string_view target, const json& body, std::string_view bearer) {
    return send("PATCH", target, bearer, body.dump());
  }
  // POST a schedule to wf_; expects 201 and returns `schedule` (null on failure).
  json create(const json& body) {
    const auto res = post(schedules(wf_), body, a_);
    EXPECT_EQ(res.status, 201) << res.describe();
    EXPECT_EQ(res.json.value("success", false), true) << res.body;
    return res.status == 201 ? res.json["schedule"] : json();
  }
  json list(const std::string& workflow_id) {
    const auto res = get(schedules(workflow_id), a_);
    EXPECT_EQ(res.status, 200) << res.describe();
    return res.json;
  }

  std::string a_;
  std::string b_;
  std::string wf_;
  std::string other_wf_;
};

const json weekly_body = {{"cron_expression", "0 9 * * 1"},
                          {"timezone", "Asia/Kolkata"},
                          {"inputs", {{"date_range", "LAST_WEEK"}}},
                          {"missed_execution_policy", "skip"}};

TEST_F(schedules_test, create_returns_the_whole_schedule_with_next_run_at_from_the_cron) {
  const std::int64_t before = now_ms();
  const json s = create(weekly_body);
  ASSERT_TRUE(s.is_object());
  EXPECT_EQ(s["id"].get<std::string>().size(), 36u) << s;
  EXPECT_EQ(s["workflow_id"], wf_);
  EXPECT_EQ(s["customer_id"], tenant_a);
  EXPECT_EQ(s["cron_expression"], "0 9 * * 1");
  EXPECT_EQ(s["timezone"], "Asia/Kolkata");
  EXPECT_EQ(s["inputs"], (json{{"date_range", "LAST_WEEK"}}));
  EXPECT_EQ(s["missed_execution_policy"], "skip");
  EXPECT_EQ(s["enabled"], true);
  EXPECT_TRUE(s["last_run_at"].is_null());
  EXPECT_EQ(s["created_by"], "alice");
  EXPECT_GE(ms_of(s, "created_at"), before);
  EXPECT_EQ(s["updated_at"], s["created_at"]);
  // Next Monday 09:00:00 in Kolkata, after now and at most a week away.
  const std::int64_t next = ms_of(s, "next_run_at");
  EXPECT_GT(next, before) << s;
  EXPECT_LE(next, before + 7 * day_ms) << s;
  const wall_time w = wall(next, kolkata_offset_ms);
  EXPECT_EQ(w.weekday, 1) << s;
  EXPECT_EQ(w.hour, 9) << s;
  EXPECT_EQ(w.minute, 0) << s;
  EXPECT_EQ(w.second, 0) << s;
  EXPECT_EQ(next % 1000, 0) << s;
}

TEST_F(schedules_test, create_fills_defaults) {
  const std::int64_t before = now_ms();
  const json s = create({{"cron_expression", "*/15 * * * *"}});
  ASSERT_TRUE(s.is_object());
  EXPECT_EQ(s["timezone"], "UTC");
  EXPECT_EQ(s["inputs"], json::object());
  EXPECT_EQ(s["missed_execution_policy"], "run_immediately");
  EXPECT_EQ(s["enabled"], true);
  const std::int64_t next = ms_of(s, "next_run_at");
  EXPECT_GT(next, before) << s;
  EXPECT_LE(next, before + 15 * minute_ms) << s;
  EXPECT_EQ(wall(next, 0).minute % 15, 0) << s;
  EXPECT_EQ(wall(next, 0).second, 0) << s;

  const json off = create({{"cron_expression", "0 0 * * *"}, {"enabled", false}});
  ASSERT_TRUE(off.is_object());
  EXPECT_EQ(off["enabled"], false);
  EXPECT_TRUE(off["next_run_at"].is_null()) << off;
}

TEST_F(schedules_test, list_get_patch_and_delete) {
  const json first = create(weekly_body);
  const json second = create({{"cron_expression", "30 6 * * *"}, {"timezone", "UTC"}});
  ASSERT_TRUE(first.is_object() && second.is_object());
  const std::string id = first["id"];

  const json listed = list(wf_);
  EXPECT_EQ(listed.value("success", false), true);
  EXPECT_EQ(listed.value("count", -1), 2);
  ASSERT_EQ(listed["schedules"].size(), 2u) << listed;
  EXPECT_EQ(listed["schedules"][0], first) << "oldest created first";
  EXPECT_EQ(listed["schedules"][1], second);
  EXPECT_EQ(list(other_wf_).value("count", -1), 0);

  const auto got = get(one(wf_, id), a_);
  ASSERT_EQ(got.status, 200) << got.describe();
  EXPECT_EQ(got.json["schedule"], first);

  const auto patched =
      patch(one(wf_, id), {{"cron_expression", "30 7 * * *"}, {"enabled", false}}, a_);
  ASSERT_EQ(patched.status, 200) << patched.describe();
  json p = patched.json["schedule"];
  EXPECT_EQ(p["cron_expression"], "30 7 * * *");
  EXPECT_EQ(p["enabled"], false);
  EXPECT_TRUE(p["next_run_at"].is_null());
  EXPECT_EQ(p["created_at"], first["created_at"]);
  EXPECT_GE(ms_of(p, "updated_at"), ms_of(first, "updated_at"));
  EXPECT_EQ(p["timezone"], "Asia/Kolkata");
  EXPECT_EQ(p["inputs"], first["inputs"]);
  EXPECT_EQ(p["missed_execution_policy"], "skip");
  EXPECT_EQ(p["created_by"], "alice");

  const auto enabled = patch(one(wf_, id), {{"enabled", true}, {"inputs", {{"n", 1}}}}, a_);
  ASSERT_EQ(enabled.status, 200) << enabled.describe();
  p = enabled.json["schedule"];
  EXPECT_EQ(p["inputs"], (json{{"n", 1}}));
  const wall_time w = wall(ms_of(p, "next_run_at"), kolkata_offset_ms);
  EXPECT_EQ(w.hour, 7) << p;
  EXPECT_EQ(w.minute, 30) << p;
  EXPECT_EQ(get(one(wf_, id), a_).json["schedule"], p);

  const auto deleted = del(one(wf_, id), a_);
  ASSERT_EQ(deleted.status, 200) << deleted.describe();
  EXPECT_EQ(deleted.json, (json{{"success", true}, {"message", "Schedule deleted successfully"}}));
  EXPECT_TRUE(is_error(get(one(wf_, id), a_), 404, "SCHEDULE_NOT_FOUND"));
  EXPECT_TRUE(is_error(del(one(wf_, id), a_), 404, "SCHEDULE_NOT_FOUND"));
  EXPECT_TRUE(is_error(patch(one(wf_, id), {{"enabled", true}}, a_), 404, "SCHEDULE_NOT_FOUND"));
  const json after = list(wf_);
  EXPECT_EQ(after.value("count", -1), 1);
  EXPECT_EQ(after["schedules"][0]["id"], second["id"]);
}

TEST_F(schedules_test, create_rejects_invalid_bodies_naming_the_field) {
  struct bad_case {
    json body;
    std::string message;
  };
  const std::vector<bad_case> cases{
      {json::object(), "cron_expression is required"},
      {{{"cron_expression", nullptr}}, "cron_expression is required"},
      {{{"cron_expression", 5}}, "cron_expression must be a string"},
      {{{"cron_expression", "0 24 * * *"}},
       "cron_expression is invalid: hour: value 24 is out of range 0-23"},
      {{{"cron_expression", "* * * *"}},
       "cron_expression is invalid: expected 5 fields (minute hour day-of-month month "
       "day-of-week), found 4"},
      {{{"cron_expression", "0 9 * * MONDAY"}},
       "cron_expression is invalid: day-of-week: 'MONDAY' is not a valid value (expected 0-7 or "
       "SUN-SAT)"},
      {{{"cron_expression", "0 0 30 2 *"}},
       "cron_expression is invalid: the cron expression never fires"},
      {{{"cron_expression", "0 9 * * 1"}, {"timezone", "Mars/Olympus_Mons"}},
       "timezone is invalid: unknown IANA time zone 'Mars/Olympus_Mons'"},
      {{{"cron_expression", "0 9 * * 1"}, {"timezone", 5}}, "timezone must be a string"},
      {{{"cron_expression", "0 9 * * 1"}, {"inputs", json::array()}}, "inputs must be an object"},
      {{{"cron_expression", "0 9 * * 1"}, {"inputs", "x"}}, "inputs must be an object"},
      {{{"cron_expression", "0 9 * * 1"}, {"missed_execution_policy", "later"}},
       "missed_execution_policy must be one of run_immediately, skip, queue"},
      {{{"cron_expression", "0 9 * * 1"}, {"missed_execution_policy", true}},
       "missed_execution_policy must be one of run_immediately, skip, queue"},
      {{{"cron_expression", "0 9 * * 1"}, {"enabled", "yes"}}, "enabled must be a boolean"},
  };
  for (const auto& c : cases) {
    const auto res = post(schedules(wf_), c.body, a_);
    EXPECT_TRUE(is_error(res, 400, "INVALID_SCHEDULE")) << c.body;
    EXPECT_EQ(res.json["error"].value("message", ""), c.message) << c.body;
  }
  EXPECT_EQ(list(wf_).value("count", -1), 0) << "nothing was created";
}

TEST_F(schedules_test, patch_rejects_no_valid_field_and_invalid_values) {
  const json s = create(weekly_body);
  ASSERT_TRUE(s.is_object());
  const std::string target = one(wf_, s["id"]);
  for (const json& body : {json::object(), json{{"unknown", 1}}, json{{"id", "x"}}}) {
    const auto res = patch(target, body, a_);
    EXPECT_TRUE(is_error(res, 400, "INVALID_SCHEDULE")) << body;
    EXPECT_NE(res.json["error"].value("message", "").find("no valid fields"), std::string::npos)
        << res.body;
  }
  const std::vector<std::pair<json, std::string>> cases{
      {{{"cron_expression", "61 * * * *"}},
       "cron_expression is invalid: minute: value 61 is out of range 0-59"},
      {{{"cron_expression", "0 0 31 2 *"}},
       "cron_expression is invalid: the cron expression never fires"},
      {{{"cron_expression", nullptr}}, "cron_expression must be a string"},
      {{{"timezone", "Nowhere"}}, "timezone is invalid: unknown IANA time zone 'Nowhere'"},
      {{{"inputs", 3}}, "inputs must be an object"},
      {{{"enabled", 1}}, "enabled must be a boolean"},
      {{{"missed_execution_policy", "never"}},
       "missed_execution_policy must be one of run_immediately, skip, queue"},
      {{{"enabled", false}, {"timezone", "Bad/Zone"}},
       "timezone is invalid: unknown IANA time zone 'Bad/Zone'"},
  };
  for (const auto& [body, message] : cases) {
    const auto res = patch(target, body, a_);
    EXPECT_TRUE(is_error(res, 400, "INVALID_SCHEDULE")) << body;
    EXPECT_EQ(res.json["error"].value("message", ""), message) << body;
  }
  EXPECT_EQ(without_next(get(target, a_).json["schedule"]), without_next(s)) << "unchanged";
}

TEST_F(schedules_test, missing_workflows_and_schedules_are_404) {
  const json s = create(weekly_body);
  ASSERT_TRUE(s.is_object());
  const std::string id = s["id"];
  const std::string mw(missing_wf);
  const std::string ms(missing_schedule);
  const json body = {{"cron_expression", "0 9 * * 1"}};
  EXPECT_TRUE(is_error(post(schedules(mw), body, a_), 404, "WORKFLOW_NOT_FOUND"));
  EXPECT_TRUE(is_error(get(schedules(mw), a_), 404, "WORKFLOW_NOT_FOUND"));
  EXPECT_TRUE(is_error(get(one(mw, id), a_), 404, "WORKFLOW_NOT_FOUND"));
  EXPECT_TRUE(is_error(post(schedules("not-a-uuid"), body, a_), 404, "WORKFLOW_NOT_FOUND"));
  for (const std::string& sid : {ms, std::string("not-a-uuid")}) {
    EXPECT_TRUE(is_error(get(one(wf_, sid), a_), 404, "SCHEDULE_NOT_FOUND")) << sid;
    EXPECT_TRUE(
        is_error(patch(one(wf_, sid), {{"enabled", false}}, a_), 404, "SCHEDULE_NOT_FOUND"));
    EXPECT_TRUE(is_error(del(one(wf_, sid), a_), 404, "SCHEDULE_NOT_FOUND")) << sid;
  }
  // The schedule under another workflow of the same tenant is not found either.
  EXPECT_TRUE(is_error(get(one(other_wf_, id), a_), 404, "SCHEDULE_NOT_FOUND"));
  EXPECT_TRUE(
      is_error(patch(one(other_wf_, id), {{"enabled", false}}, a_), 404, "SCHEDULE_NOT_FOUND"));
  EXPECT_TRUE(is_error(del(one(other_wf_, id), a_), 404, "SCHEDULE_NOT_FOUND"));
  EXPECT_EQ(without_next(get(one(wf_, id), a_).json["schedule"]), without_next(s));
  // An invalid body for a missing workflow is still a 404: the workflow is checked first.
  EXPECT_TRUE(is_error(post(schedules(mw), json::object(), a_), 404, "WORKFLOW_NOT_FOUND"));
}

TEST_F(schedules_test, another_tenant_gets_404_on_every_schedule_route) {
  const json s = create(weekly_body);
  ASSERT_TRUE(s.is_object());
  const std::string id = s["id"];
  const std::string mw(missing_wf);
  const json body = {{"cron_expression", "* * * * *"}};
  const auto same_as_missing = [&](const http_response& foreign, const http_response& missing) {
    EXPECT_EQ(foreign.status, 404) << foreign.describe();
    EXPECT_EQ(foreign.error_code(), missing.error_code());
    EXPECT_EQ(foreign.json["error"], missing.json["error"]);
  };
  same_as_missing(post(schedules(wf_), body, b_), post(schedules(mw), body, b_));
  same_as_missing(get(schedules(wf_), b_), get(schedules(mw), b_));
  same_as_missing(get(one(wf_, id), b_), get(one(mw, id), b_));
  same_as_missing(patch(one(wf_, id), {{"enabled", false}}, b_),
                  patch(one(mw, id), {{"enabled", false}}, b_));
  same_as_missing(del(one(wf_, id), b_), del(one(mw, id), b_));
  // A's schedule id under B's own workflow.
  const json own = create_workflow("bobs", chain_definition(), b_);
  ASSERT_TRUE(own.is_object());
  const std::string own_id = own["id"];
  EXPECT_TRUE(is_error(get(one(own_id, id), b_), 404, "SCHEDULE_NOT_FOUND"));
  EXPECT_TRUE(
      is_error(patch(one(own_id, id), {{"enabled", false}}, b_), 404, "SCHEDULE_NOT_FOUND"));
  EXPECT_TRUE(is_error(del(one(own_id, id), b_), 404, "SCHEDULE_NOT_FOUND"));
  const auto b_list = get(schedules(own_id), b_);
  EXPECT_EQ(b_list.json.value("count", -1), 0) << b_list.body;
  // A's schedule is untouched and A's list still has exactly it.
  EXPECT_EQ(without_next(get(one(wf_, id), a_).json["schedule"]), without_next(s));
  EXPECT_EQ(list(wf_).value("count", -1), 1);
}

TEST_F(schedules_test, schedules_survive_a_restart) {
  const json first = create(weekly_body);
  const json second = create({{"cron_expression", "*/5 * * * *"}, {"enabled", false}});
  ASSERT_TRUE(first.is_object() && second.is_object());
  const auto patched = patch(one(wf_, second["id"]), {{"missed_execution_policy", "queue"}}, a_);
  ASSERT_EQ(patched.status, 200) << patched.describe();
  const json before = list(wf_);
  ASSERT_EQ(before.value("count", -1), 2);

  restart_server();
  ASSERT_FALSE(HasFatalFailure());
  const json after = list(wf_);
  ASSERT_EQ(after.value("count", -1), 2) << after;
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(without_next(after["schedules"][i]), without_next(before["schedules"][i]));
  }
  EXPECT_EQ(after["schedules"][1]["missed_execution_policy"], "queue");
  // Still writable after the restart: the engine state was rebuilt from the log too.
  const auto deleted = del(one(wf_, first["id"]), a_);
  EXPECT_EQ(deleted.status, 200) << deleted.describe();
  EXPECT_EQ(list(wf_).value("count", -1), 1);
}

}  // namespace
}  // namespace runlog::e2e
