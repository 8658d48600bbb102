// Cron expressions: every syntax form, precise errors, and fire times across zones and DST.
// Expected instants were worked out by hand from the calendar (2026-03-19 is a Thursday;
// New York springs forward 2026-03-08 02:00 EST = 07:00Z and falls back 2026-11-01
// 02:00 EDT = 06:00Z; Asia/Kolkata is +05:30 all year).
#include <gtest/gtest.h>

#include <string>

#include "runlog/workflow/cron.hpp"
#include "runlog/workflow/errc.hpp"
#include "runlog/schemas/time.hpp"

namespace runlog::workflow {
namespace {

cron_expression parsed(std::string_view text) {
  auto c = parse_cron(text);
  EXPECT_TRUE(c) << text << ": " << c.error().message;
  return c ? *c : cron_expression{};
}

std::string parse_error(std::string_view text) {
  auto c = parse_cron(text);
  if (c) {
    ADD_FAILURE() << "'" << text << "' was accepted";
    return {};
  }
  EXPECT_EQ(c.error().code, make_error_code(errc::invalid_schedule));
  return c.error().message;
}

// The next fire time after an ISO instant, as ISO; "error: <message>" on failure.
std::string next(std::string_view cron, std::string_view after, std::string_view zone = "UTC") {
  const auto ms = schemas::parse_iso8601(after);
  if (!ms) return "bad test instant";
  auto at = next_after(cron, *ms, zone);
  if (!at) return "error: " + at.error().message;
  return schemas::format_iso8601(*at);
}

template <std::size_t N>
std::bitset<N> set_of(std::initializer_list<int> values) {
  std::bitset<N> out;
  for (const int v : values) out.set(static_cast<std::size_t>(v));
  return out;
}

// ---- syntax ----

TEST(cron_parse, star_admits_every_value_of_every_field) {
  const auto c = parsed("* * * * *");
  EXPECT_EQ(c.minutes.count(), 60u);
  EXPECT_EQ(c.hours.count(), 24u);
  EXPECT_EQ(c.days_of_month.count(), 31u);
  EXPECT_FALSE(c.days_of_month.test(0));
  EXPECT_EQ(c.months.count(), 12u);
  EXPECT_FALSE(c.months.test(0));
  EXPECT_EQ(c.days_of_week.count(), 7u);
  EXPECT_TRUE(c.day_of_month_star);
  EXPECT_TRUE(c.day_of_week_star);
}

TEST(cron_parse, single_values_lists_and_ranges) {
  const auto c = parsed("0 9 * * 1");
  EXPECT_EQ(c.minutes, set_of<60>({0}));
  EXPECT_EQ(c.hours, set_of<24>({9}));
  EXPECT_EQ(c.days_of_week, set_of<7>({1}));
  EXPECT_FALSE(c.day_of_week_star);
  EXPECT_EQ(parsed("1,4 * * * *").minutes, set_of<60>({1, 4}));
  EXPECT_EQ(parsed("* 1-5 * * *").hours, set_of<24>({1, 2, 3, 4, 5}));
  EXPECT_EQ(parsed("1-3,10,58-59 * * * *").minutes, set_of<60>({1, 2, 3, 10, 58, 59}));
  EXPECT_EQ(parsed("* * 31 * *").days_of_month, set_of<32>({31}));
  EXPECT_EQ(parsed("05 * * * *").minutes, set_of<60>({5}));
}

TEST(cron_parse, steps_over_star_and_over_ranges) {
  EXPECT_EQ(parsed("*/15 * * * *").minutes, set_of<60>({0, 15, 30, 45}));
  EXPECT_EQ(parsed("1-30/5 * * * *").minutes, set_of<60>({1, 6, 11, 16, 21, 26}));
  EXPECT_EQ(parsed("* */6 * * *").hours, set_of<24>({0, 6, 12, 18}));
  EXPECT_EQ(parsed("* * */10 * *").days_of_month, set_of<32>({1, 11, 21, 31}));
  EXPECT_EQ(parsed("* * * */4 *").months, set_of<13>({1, 5, 9}));
  EXPECT_EQ(parsed("*/60 * * * *").minutes, set_of<60>({0}));
  EXPECT_EQ(parsed("5-59/20,1 * * * *").minutes, set_of<60>({1, 5, 25, 45}));
}

TEST(cron_parse, month_and_weekday_names_in_any_case) {
  EXPECT_EQ(parsed("* * * JAN-MAR *").months, set_of<13>({1, 2, 3}));
  EXPECT_EQ(parsed("* * * jan,Jun,DEC *").months, set_of<13>({1, 6, 12}));
  EXPECT_EQ(parsed("* * * feb-nov/3 *").months, set_of<13>({2, 5, 8, 11}));
  EXPECT_EQ(parsed("* * * * MON-FRI").days_of_week, set_of<7>({1, 2, 3, 4, 5}));
  EXPECT_EQ(parsed("* * * * sun,Sat").days_of_week, set_of<7>({0, 6}));
  EXPECT_EQ(parsed("* * * * 1-Fri").days_of_week, set_of<7>({1, 2, 3, 4, 5}));
}

TEST(cron_parse, seven_is_sunday_too) {
  EXPECT_EQ(parsed("* * * * 7").days_of_week, set_of<7>({0}));
  EXPECT_EQ(parsed("* * * * 5-7").days_of_week, set_of<7>({0, 5, 6}));
  EXPECT_EQ(parsed("* * * * 0-7/2").days_of_week, set_of<7>({0, 2, 4, 6}));
  EXPECT_EQ(parsed("* * * * */7").days_of_week, set_of<7>({0}));
}

TEST(cron_parse, blanks_between_and_around_fields) {
  EXPECT_EQ(parsed("  0\t9  * *\t1 "), parsed("0 9 * * 1"));
}

TEST(cron_parse, a_day_field_starting_with_star_counts_as_unrestricted) {
  EXPECT_TRUE(parsed("* * */2 * 1").day_of_month_star);
  EXPECT_FALSE(parsed("* * 1-31 * 1").day_of_month_star);
  EXPECT_TRUE(parsed("* * 1 * */2").day_of_week_star);
  EXPECT_FALSE(parsed("* * 1 * 0-7").day_of_week_star);
}

TEST(cron_parse, rejects_a_wrong_number_of_fields) {
  const std::string want = "expected 5 fields (minute hour day-of-month month day-of-week), found ";
  EXPECT_EQ(parse_error(""), want + "0");
  EXPECT_EQ(parse_error("   "), want + "0");
  EXPECT_EQ(parse_error("* * * *"), want + "4");
  EXPECT_EQ(parse_error("0 0 * * * *"), want + "6");
  EXPECT_EQ(parse_error("@daily"), want + "1");
}

TEST(cron_parse, rejects_values_out_of_range_naming_the_field) {
  EXPECT_EQ(parse_error("60 * * * *"), "minute: value 60 is out of range 0-59");
  EXPECT_EQ(parse_error("* 24 * * *"), "hour: value 24 is out of range 0-23");
  EXPECT_EQ(parse_error("* * 0 * *"), "day-of-month: value 0 is out of range 1-31");
  EXPECT_EQ(parse_error("* * 32 * *"), "day-of-month: value 32 is out of range 1-31");
  EXPECT_EQ(parse_error("* * * 0 *"), "month: value 0 is out of range 1-12");
  EXPECT_EQ(parse_error("* * * 13 *"), "month: value 13 is out of range 1-12");
  EXPECT_EQ(parse_error("* * * * 8"), "day-of-week: value 8 is out of range 0-7");
  EXPECT_EQ(parse_error("99999999999 * * * *"), "minute: value 99999999999 is out of range 0-59");
  EXPECT_EQ(parse_error("* 1-24 * * *"), "hour: value 24 is out of range 0-23");
}

TEST(cron_parse, rejects_unknown_words_and_other_syntaxes) {
  EXPECT_EQ(parse_error("* * * FOO *"),
            "month: 'FOO' is not a valid value (expected 1-12 or JAN-DEC)");
  EXPECT_EQ(parse_error("* * * * MONDAY"),
            "day-of-week: 'MONDAY' is not a valid value (expected 0-7 or SUN-SAT)");
  EXPECT_EQ(parse_error("MON * * * *"), "minute: 'MON' is not a valid value (expected 0-59)");
  EXPECT_EQ(parse_error("* * * MON *"),
            "month: 'MON' is not a valid value (expected 1-12 or JAN-DEC)");
  EXPECT_EQ(parse_error("* * ? * *"), "day-of-month: '?' is not a valid value (expected 1-31)");
  EXPECT_EQ(parse_error("* * L * *"), "day-of-month: 'L' is not a valid value (expected 1-31)");
  EXPECT_EQ(parse_error("* * * * 5#3"),
            "day-of-week: '5#3' is not a valid value (expected 0-7 or SUN-SAT)");
  EXPECT_EQ(parse_error("1.5 * * * *"), "minute: '1.5' is not a valid value (expected 0-59)");
  EXPECT_EQ(parse_error("*-5 * * * *"), "minute: '*' is not a valid value (expected 0-59)");
}

TEST(cron_parse, rejects_malformed_ranges_steps_and_lists) {
  EXPECT_EQ(parse_error("5-1 * * * *"), "minute: range '5-1' starts after it ends");
  EXPECT_EQ(parse_error("* * * * SAT-SUN"), "day-of-week: range 'SAT-SUN' starts after it ends");
  EXPECT_EQ(parse_error("-1 * * * *"), "minute: range '-1' needs a value on both sides of '-'");
  EXPECT_EQ(parse_error("1- * * * *"), "minute: range '1-' needs a value on both sides of '-'");
  EXPECT_EQ(parse_error("1-2-3 * * * *"), "minute: '2-3' is not a valid value (expected 0-59)");
  EXPECT_EQ(parse_error("*/0 * * * *"), "minute: step '0' must be a number from 1 to 60");
  EXPECT_EQ(parse_error("*/61 * * * *"), "minute: step '61' must be a number from 1 to 60");
  EXPECT_EQ(parse_error("* */x * * *"), "hour: step 'x' must be a number from 1 to 24");
  EXPECT_EQ(parse_error("* */ * * *"), "hour: step '' must be a number from 1 to 24");
  EXPECT_EQ(parse_error("1-5/2/3 * * * *"), "minute: step '2/3' must be a number from 1 to 60");
  EXPECT_EQ(parse_error("5/15 * * * *"), "minute: step in '5/15' needs a range or '*' before '/'");
  EXPECT_EQ(parse_error("/5 * * * *"), "minute: '/5' has no range before '/'");
  EXPECT_EQ(parse_error("1,,2 * * * *"), "minute: empty list item");
  EXPECT_EQ(parse_error("1,2, * * * *"), "minute: empty list item");
  EXPECT_EQ(parse_error(",1 * * * *"), "minute: empty list item");
}

// ---- zones ----

TEST(cron_zone, accepts_iana_names_and_refuses_the_rest) {
  EXPECT_TRUE(check_timezone("UTC"));
  EXPECT_TRUE(check_timezone("America/New_York"));
  EXPECT_TRUE(check_timezone("Asia/Kolkata"));
  EXPECT_TRUE(check_timezone("Etc/GMT+5"));
  for (const std::string_view bad :
       {"Mars/Olympus_Mons", "", "america/new_york", "../etc/passwd", "UTC ", "/UTC"}) {
    const auto checked = check_timezone(bad);
    ASSERT_FALSE(checked) << bad;
    EXPECT_EQ(checked.error().code, make_error_code(errc::invalid_schedule));
    EXPECT_EQ(checked.error().message, "unknown IANA time zone '" + std::string(bad) + "'");
  }
  const auto local = check_timezone("localtime");
  ASSERT_FALSE(local);
  EXPECT_NE(local.error().message.find("localtime"), std::string::npos);
}

TEST(cron_zone, next_after_refuses_an_unknown_zone) {
  EXPECT_EQ(next("* * * * *", "2026-03-19T00:00:00.000Z", "Nowhere/Land"),
            "error: unknown IANA time zone 'Nowhere/Land'");
}

// ---- fire times ----

TEST(cron_next, the_spec_example_fires_on_the_next_monday_at_nine_new_york_time) {
  // Thursday 2026-03-19 18:15Z -> Monday 2026-03-23 09:00 EDT (UTC-4).
  EXPECT_EQ(next("0 9 * * 1", "2026-03-19T18:15:00.000Z", "America/New_York"),
            "2026-03-23T13:00:00.000Z");
}

TEST(cron_next, is_strictly_after_the_given_instant) {
  const std::string_view ny = "America/New_York";
  EXPECT_EQ(next("0 9 * * 1", "2026-03-23T12:59:59.999Z", ny), "2026-03-23T13:00:00.000Z");
  EXPECT_EQ(next("0 9 * * 1", "2026-03-23T13:00:00.000Z", ny), "2026-03-30T13:00:00.000Z");
  EXPECT_EQ(next("* * * * *", "2026-01-01T00:00:00.000Z"), "2026-01-01T00:01:00.000Z");
  EXPECT_EQ(next("* * * * *", "2026-01-01T00:00:30.500Z"), "2026-01-01T00:01:00.000Z");
  EXPECT_EQ(next("* * * * *", "2026-01-01T00:00:59.999Z"), "2026-01-01T00:01:00.000Z");
}

TEST(cron_next, steps_ranges_and_lists) {
  EXPECT_EQ(next("*/15 * * * *", "2026-05-05T10:07:00.000Z"), "2026-05-05T10:15:00.000Z");
  EXPECT_EQ(next("*/15 * * * *", "2026-05-05T10:45:00.000Z"), "2026-05-05T11:00:00.000Z");
  EXPECT_EQ(next("1-30/5 * * * *", "2026-05-05T10:26:00.000Z"), "2026-05-05T11:01:00.000Z");
  EXPECT_EQ(next("1-30/5 * * * *", "2026-05-05T10:02:00.000Z"), "2026-05-05T10:06:00.000Z");
  EXPECT_EQ(next("0 1,4 * * *", "2026-05-05T02:00:00.000Z"), "2026-05-05T04:00:00.000Z");
  EXPECT_EQ(next("0 1,4 * * *", "2026-05-05T04:00:00.000Z"), "2026-05-06T01:00:00.000Z");
  EXPECT_EQ(next("0 9-17 * * *", "2026-05-05T17:30:00.000Z"), "2026-05-06T09:00:00.000Z");
}

TEST(cron_next, rolls_over_days_months_and_years) {
  EXPECT_EQ(next("*/15 * * * *", "2026-12-31T23:50:00.000Z"), "2027-01-01T00:00:00.000Z");
  EXPECT_EQ(next("0 0 1 1 *", "2026-06-01T00:00:00.000Z"), "2027-01-01T00:00:00.000Z");
  EXPECT_EQ(next("59 23 31 12 *", "2026-12-31T23:59:00.000Z"), "2027-12-31T23:59:00.000Z");
  EXPECT_EQ(next("0 0 31 * *", "2026-04-01T00:00:00.000Z"), "2026-05-31T00:00:00.000Z");
}

TEST(cron_next, month_and_weekday_names) {
  EXPECT_EQ(next("0 0 1 JAN,jul *", "2026-02-10T00:00:00.000Z"), "2026-07-01T00:00:00.000Z");
  // Friday 2026-03-20 09:00Z -> Monday 08:30Z.
  EXPECT_EQ(next("30 8 * * mon-FRI", "2026-03-20T09:00:00.000Z"), "2026-03-23T08:30:00.000Z");
}

TEST(cron_next, sunday_is_0_7_and_sun) {
  for (const std::string_view cron : {"0 12 * * 0", "0 12 * * 7", "0 12 * * SUN"}) {
    EXPECT_EQ(next(cron, "2026-03-19T00:00:00.000Z"), "2026-03-22T12:00:00.000Z") << cron;
  }
}

TEST(cron_next, restricted_day_of_month_and_day_of_week_match_either) {
  // "13th or Friday": Thursday the 19th -> Friday the 20th; Saturday April 11 -> Monday the 13th.
  EXPECT_EQ(next("0 0 13 * 5", "2026-03-19T00:00:00.000Z"), "2026-03-20T00:00:00.000Z");
  EXPECT_EQ(next("0 0 13 * 5", "2026-04-11T00:00:00.000Z"), "2026-04-13T00:00:00.000Z");
  // 1-31 is a restriction (it does not start with '*'): any day or a Monday = any day.
  EXPECT_EQ(next("0 0 1-31 * 1", "2026-03-19T00:00:00.000Z"), "2026-03-20T00:00:00.000Z");
  // April 31 does not exist, but the Mondays of April do.
  EXPECT_EQ(next("0 0 31 4 1", "2026-03-19T00:00:00.000Z"), "2026-04-06T00:00:00.000Z");
}

TEST(cron_next, a_star_day_field_makes_both_day_fields_required) {
  EXPECT_EQ(next("0 0 * * 1", "2026-03-19T00:00:00.000Z"), "2026-03-23T00:00:00.000Z");
  EXPECT_EQ(next("0 0 13 * *", "2026-03-19T00:00:00.000Z"), "2026-04-13T00:00:00.000Z");
  // Odd days that are Fridays: March 20 is even, March 27 odd.
  EXPECT_EQ(next("0 0 */2 * 5", "2026-03-19T00:00:00.000Z"), "2026-03-27T00:00:00.000Z");
  // Vixie: "*/7" starts with '*', so it is ANDed: the 13th when it is a Sunday (0 or 7).
  EXPECT_EQ(next("0 0 13 * */1", "2026-03-19T00:00:00.000Z"), "2026-04-13T00:00:00.000Z");
  EXPECT_EQ(next("0 0 13 * */7", "2026-03-19T00:00:00.000Z"), "2026-09-13T00:00:00.000Z");
}

TEST(cron_next, february_29_waits_for_a_leap_year) {
  EXPECT_EQ(next("0 12 29 2 *", "2026-03-01T00:00:00.000Z"), "2028-02-29T12:00:00.000Z");
  EXPECT_EQ(next("0 12 29 2 *", "2028-02-29T11:00:00.000Z"), "2028-02-29T12:00:00.000Z");
  // 2100 is not a leap year: eight years between two February 29ths.
  EXPECT_EQ(next("0 12 29 2 *", "2096-03-01T00:00:00.000Z"), "2104-02-29T12:00:00.000Z");
}

TEST(cron_next, an_expression_that_matches_no_day_never_fires) {
  for (const std::string_view cron : {"0 0 30 2 *", "0 0 31 4,6,9,11 *", "0 0 30,31 feb *"}) {
    EXPECT_EQ(next(cron, "2026-03-19T00:00:00.000Z"), "error: the cron expression never fires")
        << cron;
  }
}

TEST(cron_next, a_fixed_offset_zone_shifts_every_fire_time) {
  // 18:15Z is 23:45 IST (+05:30).
  EXPECT_EQ(next("0 9 * * *", "2026-03-19T18:15:00.000Z", "Asia/Kolkata"),
            "2026-03-20T03:30:00.000Z");
  EXPECT_EQ(next("30 * * * *", "2026-03-19T18:15:00.000Z", "Asia/Kolkata"),
            "2026-03-19T19:00:00.000Z");
  EXPECT_EQ(next("0 0 1 * *", "2026-03-19T18:15:00.000Z", "Asia/Kolkata"),
            "2026-03-31T18:30:00.000Z");
}

TEST(cron_next, new_york_spring_forward_fires_a_skipped_time_at_the_end_of_the_gap) {
  const std::string_view ny = "America/New_York";
  EXPECT_EQ(next("30 2 * * *", "2026-03-07T00:00:00.000Z", ny), "2026-03-07T07:30:00.000Z");
  // 02:30 does not exist on March 8: it fires at 03:00 EDT (07:00Z), then normally again.
  EXPECT_EQ(next("30 2 * * *", "2026-03-07T12:00:00.000Z", ny), "2026-03-08T07:00:00.000Z");
  EXPECT_EQ(next("30 2 * * *", "2026-03-08T07:00:00.000Z", ny), "2026-03-09T06:30:00.000Z");
  // 09:00 moves from 14:00Z (EST) to 13:00Z (EDT).
  EXPECT_EQ(next("0 9 * * *", "2026-03-07T00:00:00.000Z", ny), "2026-03-07T14:00:00.000Z");
  EXPECT_EQ(next("0 9 * * *", "2026-03-07T15:00:00.000Z", ny), "2026-03-08T13:00:00.000Z");
  EXPECT_EQ(next("0 3 * * *", "2026-03-08T00:00:00.000Z", ny), "2026-03-08T07:00:00.000Z");
}

TEST(cron_next, new_york_spring_forward_collapses_the_skipped_quarter_hours) {
  const std::string_view ny = "America/New_York";
  EXPECT_EQ(next("*/15 * * * *", "2026-03-08T06:40:00.000Z", ny), "2026-03-08T06:45:00.000Z");
  // 02:00, 02:15, 02:30, 02:45 and 03:00 EDT are all 07:00Z: one firing.
  EXPECT_EQ(next("*/15 * * * *", "2026-03-08T06:45:00.000Z", ny), "2026-03-08T07:00:00.000Z");
  EXPECT_EQ(next("*/15 * * * *", "2026-03-08T07:00:00.000Z", ny), "2026-03-08T07:15:00.000Z");
}

TEST(cron_next, new_york_fall_back_fires_a_repeated_time_once_at_its_first_occurrence) {
  const std::string_view ny = "America/New_York";
  // 01:30 happens at 05:30Z (EDT) and 06:30Z (EST): only the first counts.
  EXPECT_EQ(next("30 1 * * *", "2026-11-01T00:00:00.000Z", ny), "2026-11-01T05:30:00.000Z");
  EXPECT_EQ(next("30 1 * * *", "2026-11-01T05:30:00.000Z", ny), "2026-11-02T06:30:00.000Z");
  // 02:00 exists once (EST) on that day.
  EXPECT_EQ(next("0 2 * * *", "2026-10-31T12:00:00.000Z", ny), "2026-11-01T07:00:00.000Z");
  // 09:00 moves from 13:00Z (EDT) to 14:00Z (EST).
  EXPECT_EQ(next("0 9 * * *", "2026-10-31T14:00:00.000Z", ny), "2026-11-01T14:00:00.000Z");
}

TEST(cron_next, new_york_fall_back_skips_the_second_pass_of_the_repeated_hour) {
  const std::string_view ny = "America/New_York";
  // Hourly: 01:00 EDT (05:00Z), then 02:00 EST (07:00Z); 01:00 EST (06:00Z) repeats 01:00.
  EXPECT_EQ(next("0 * * * *", "2026-11-01T04:30:00.000Z", ny), "2026-11-01T05:00:00.000Z");
  EXPECT_EQ(next("0 * * * *", "2026-11-01T05:00:00.000Z", ny), "2026-11-01T07:00:00.000Z");
  // From inside the second pass (01:10 EST) the next new wall time is 02:00 EST.
  EXPECT_EQ(next("*/15 * * * *", "2026-11-01T06:10:00.000Z", ny), "2026-11-01T07:00:00.000Z");
  EXPECT_EQ(next("*/15 * * * *", "2026-11-01T05:50:00.000Z", ny), "2026-11-01T07:00:00.000Z");
}

TEST(cron_next, refuses_instants_outside_the_supported_years) {
  const auto far = next_after("* * * * *", std::int64_t{400'000'000'000'000}, "UTC");
  ASSERT_FALSE(far);
  EXPECT_EQ(far.error().code, make_error_code(errc::invalid_schedule));
  EXPECT_FALSE(next_after("* * * * *", std::int64_t{-3'000'000'000'000}, "UTC"));
}

TEST(cron_next, parsed_and_text_forms_agree) {
  const auto c = parsed("0 9 * * 1");
  const auto after = *schemas::parse_iso8601("2026-03-19T18:15:00.000Z");
  const auto from_parsed = next_after(c, after, "America/New_York");
  const auto from_text = next_after("0 9 * * 1", after, "America/New_York");
  ASSERT_TRUE(from_parsed && from_text);
  EXPECT_EQ(*from_parsed, *from_text);
  EXPECT_FALSE(next_after("0 9 * *", after, "UTC"));
}

}  // namespace
}  // namespace runlog::workflow
