#pragma once
/// Cron expressions and their fire times in IANA time zones: what the API validates a schedule
/// with and what the scheduler uses to find a schedule's next run.
///
/// Syntax: the standard five fields `minute hour day-of-month month day-of-week`, separated by
/// blanks. Each field is `*` or a comma-separated list of items; an item is a value `5`, a
/// range `1-5`, or a range or `*` with a step (`*/15`, `1-30/5`). Months may be written
/// JAN-DEC and weekdays SUN-SAT (any case); day-of-week takes 0-7 where both 0 and 7 are
/// Sunday. Nothing else is accepted (no `?`, `L`, `W`, `#`, `@daily`, seconds field).
///
/// Day rule (Vixie cron): when day-of-month and day-of-week are both restricted, a day matches
/// if EITHER matches; when one of them starts with `*` (`*` or `*/n`), both must match.
///
/// Time zones and DST: fields are matched against the wall clock of the zone.
/// - A wall time that does not exist (skipped by a spring-forward gap) fires once, at the first
///   valid instant after it: the end of the gap (e.g. 02:30 on the day New York springs
///   forward fires at 03:00 EDT). Several skipped times collapse into that one firing.
/// - A wall time that occurs twice (fall-back) fires once, at its first occurrence. So does
///   every minute of the repeated hour: an hourly schedule does not fire in its second pass.
/// - Zone rules come from the OS tz database (/usr/share/zoneinfo). Past the last transition
///   a zone file lists (2037 for most zones) the last offset is kept: no DST after that.
///
/// Everything here is pure and thread-safe (the tz database is loaded once, lazily).

#include <bitset>
#include <cstdint>
#include <string_view>

#include "runlog/schemas/error.hpp"

namespace runlog::workflow {

/// A parsed cron expression: the set of values each field admits.
struct cron_expression {
  std::bitset<60> minutes;         ///< bit m: minute m (0-59)
  std::bitset<24> hours;           ///< bit h: hour h (0-23)
  std::bitset<32> days_of_month;   ///< bit d: day d (1-31); bit 0 unused
  std::bitset<13> months;          ///< bit m: month m (1-12); bit 0 unused
  std::bitset<7> days_of_week;     ///< bit w: weekday w (0 = Sunday ... 6 = Saturday)
  bool day_of_month_star = false;  ///< the field starts with `*` (see the day rule)
  bool day_of_week_star = false;   ///< the field starts with `*`
  friend bool operator==(const cron_expression&, const cron_expression&) = default;
};

/// Parses a five-field cron expression. Errors: errc::invalid_schedule with a message naming
/// the field and the reason, e.g. "hour: value 24 is out of range 0-23".
[[nodiscard]] result<cron_expression> parse_cron(std::string_view text);

/// Checks that `zone` names an IANA time zone of the tz database ("UTC", "America/New_York";
/// exact case). "localtime" is refused: it means the machine's zone. Errors: invalid_schedule.
[[nodiscard]] result<void> check_timezone(std::string_view zone);

/// The first fire time strictly after `after_ms` (Unix ms), as Unix ms, with the fields read
/// on the wall clock of `zone` (see the DST rules above). The search covers 400 years, a whole
/// cycle of the Gregorian calendar, so an expression that finds nothing never fires.
/// Errors: invalid_schedule for an unknown zone, an expression that never fires
/// ("... never fires", e.g. "0 0 30 2 *") or `after_ms` outside years 1900-9000.
[[nodiscard]] result<std::int64_t> next_after(const cron_expression& cron, std::int64_t after_ms,
                                              std::string_view zone);

/// parse_cron() then next_after(): the convenience the API and the deciders use.
[[nodiscard]] result<std::int64_t> next_after(std::string_view cron, std::int64_t after_ms,
                                              std::string_view zone);

}  // namespace runlog::workflow
