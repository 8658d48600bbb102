#pragma once
// Schedule phrases of an instruction -> cron expression or interval, plus a time zone.

#include <bitset>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "nl_text.hpp"
#include "runlog/nlparse/parse.hpp"

namespace runlog::nlparse::nl {

/// A unit of time in a schedule or a duration.
enum class unit { none, second, minute, hour, day, week, month, year, quarter };

/// The unit a stem names ("minut" -> minute, "hr" -> hour), unit::none otherwise.
unit unit_of(std::string_view stem_text);
/// The weekday (0 = Sunday) a stem names; abbreviations ("mon") only when `abbreviations`.
std::optional<int> weekday_of(std::string_view stem_text, bool abbreviations);
/// "first" -> 1 ... "thirtieth" -> 30, for the day of the month.
std::optional<int> ordinal_word(std::string_view w);

/// What the schedule words say, before they become one cron expression.
struct schedule_parts {
  int minute_step = 0;           ///< "every 15 minutes" -> 15
  int hour_step = 0;             ///< "every 2 hours" -> 2; "hourly" -> 1
  int month_step = 0;            ///< "every 3 months" -> 3; "monthly" -> 1; "quarterly" -> 3
  std::int64_t interval_ms = 0;  ///< a period cron cannot express ("every 90 minutes")
  bool daily = false;
  bool weekly = false;
  bool yearly = false;
  std::bitset<7> weekdays;      ///< bit 0 = Sunday
  std::vector<int> month_days;  ///< 1..31
  std::vector<int> times;       ///< minutes after midnight
  int default_time = 9 * 60;    ///< "every evening" -> 18:00
  int range_from = -1;          ///< "between 9am and 5pm": hours 9..16
  int range_to = -1;
  std::string timezone;  ///< IANA
  bool any = false;      ///< a cadence or a time was named
};

/// The schedule of an instruction and which tokens said it.
struct schedule_scan {
  std::optional<parsed_schedule> schedule;
  std::vector<bool> consumed;            ///< per token: part of a schedule phrase
  std::vector<std::string> unsupported;  ///< phrases cron cannot express
};

/// Reads every schedule phrase of `tokens` (`text` is the original instruction, for time-zone
/// names whose case matters, such as "Europe/Berlin").
schedule_scan scan_schedule(const std::vector<token>& tokens, std::string_view text);

/// Assembles the parts into a schedule; nullopt when no cadence or time was named.
std::optional<parsed_schedule> to_schedule(const schedule_parts& parts);

/// The IANA zone of a time-zone word or city ("est" -> America/New_York, "berlin" ->
/// Europe/Berlin); `words` are up to three consecutive lower-case words; `used` gets how many
/// of them the name took. nullopt when none names a zone.
std::optional<std::string> zone_of(const std::vector<std::string_view>& words, int& used,
                                   bool abbreviations);

}  // namespace runlog::nlparse::nl
