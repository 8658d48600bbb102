// Schedule parts -> one cron expression (or an interval); the word tables of the scanner:
// units, weekdays, ordinals, and time-zone names -> IANA zones.
#include <algorithm>
#include <array>
#include <set>

#include "nl_schedule.hpp"

namespace runlog::nlparse::nl {
namespace {

struct zone_name {
  std::string_view words;  ///< one to three lower-case words separated by blanks
  std::string_view zone;
  bool abbreviation;  ///< accepted only right after a time or before "time"
};

constexpr std::array<zone_name, 70> zones{{
    {"utc", "UTC", false},
    {"gmt", "UTC", false},
    {"est", "America/New_York", true},
    {"edt", "America/New_York", true},
    {"et", "America/New_York", true},
    {"eastern", "America/New_York", true},
    {"cst", "America/Chicago", true},
    {"cdt", "America/Chicago", true},
    {"ct", "America/Chicago", true},
    {"central", "America/Chicago", true},
    {"mst", "America/Denver", true},
    {"mdt", "America/Denver", true},
    {"mountain", "America/Denver", true},
    {"pst", "America/Los_Angeles", true},
    {"pdt", "America/Los_Angeles", true},
    {"pt", "America/Los_Angeles", true},
    {"pacific", "America/Los_Angeles", true},
    {"cet", "Europe/Berlin", true},
    {"cest", "Europe/Berlin", true},
    {"bst", "Europe/London", true},
    {"ist", "Asia/Kolkata", true},
    {"jst", "Asia/Tokyo", true},
    {"aest", "Australia/Sydney", true},
    {"aedt", "Australia/Sydney", true},
    {"sgt", "Asia/Singapore", true},
    {"new york", "America/New_York", false},
    {"nyc", "America/New_York", false},
    {"boston", "America/New_York", false},
    {"toronto", "America/Toronto", false},
    {"chicago", "America/Chicago", false},
    {"denver", "America/Denver", false},
    {"los angeles", "America/Los_Angeles", false},
    {"san francisco", "America/Los_Angeles", false},
    {"seattle", "America/Los_Angeles", false},
    {"vancouver", "America/Vancouver", false},
    {"mexico city", "America/Mexico_City", false},
    {"sao paulo", "America/Sao_Paulo", false},
    {"buenos aires", "America/Argentina/Buenos_Aires", false},
    {"london", "Europe/London", false},
    {"dublin", "Europe/Dublin", false},
    {"lisbon", "Europe/Lisbon", false},
    {"berlin", "Europe/Berlin", false},
    {"munich", "Europe/Berlin", false},
    {"paris", "Europe/Paris", false},
    {"madrid", "Europe/Madrid", false},
    {"rome", "Europe/Rome", false},
    {"amsterdam", "Europe/Amsterdam", false},
    {"brussels", "Europe/Brussels", false},
    {"zurich", "Europe/Zurich", false},
    {"vienna", "Europe/Vienna", false},
    {"stockholm", "Europe/Stockholm", false},
    {"oslo", "Europe/Oslo", false},
    {"copenhagen", "Europe/Copenhagen", false},
    {"helsinki", "Europe/Helsinki", false},
    {"warsaw", "Europe/Warsaw", false},
    {"athens", "Europe/Athens", false},
    {"istanbul", "Europe/Istanbul", false},
    {"moscow", "Europe/Moscow", false},
    {"dubai", "Asia/Dubai", false},
    {"mumbai", "Asia/Kolkata", false},
    {"india", "Asia/Kolkata", false},
    {"singapore", "Asia/Singapore", false},
    {"hong kong", "Asia/Hong_Kong", false},
    {"shanghai", "Asia/Shanghai", false},
    {"beijing", "Asia/Shanghai", false},
    {"seoul", "Asia/Seoul", false},
    {"tokyo", "Asia/Tokyo", false},
    {"sydney", "Australia/Sydney", false},
    {"melbourne", "Australia/Melbourne", false},
    {"auckland", "Pacific/Auckland", false},
}};

std::string join(const std::vector<int>& values) {
  std::string out;
  for (const int v : values) {
    if (!out.empty()) out += ',';
    out += std::to_string(v);
  }
  return out;
}

// Weekdays as a cron field: runs of three or more days become ranges ("1-5"); "0,6" stays.
std::string weekday_field(const std::bitset<7>& days) {
  std::string out;
  for (int d = 0; d < 7;) {
    if (!days[d]) {
      ++d;
      continue;
    }
    int end = d;
    while (end + 1 < 7 && days[end + 1]) ++end;
    if (!out.empty()) out += ',';
    out += end - d >= 2 ? std::to_string(d) + "-" + std::to_string(end) : std::to_string(d);
    if (end - d == 1) out += "," + std::to_string(end);
    d = end + 1;
  }
  return out;
}

std::string hour_field(const schedule_parts& p, int step) {
  const bool ranged = p.range_from >= 0 && p.range_to > p.range_from;
  std::string out = ranged ? std::to_string(p.range_from) + "-" + std::to_string(p.range_to - 1)
                           : std::string("*");
  if (step > 1) out += "/" + std::to_string(step);
  return out;
}

std::string day_level_cron(const schedule_parts& p) {
  std::vector<int> times = p.times;
  if (times.empty()) times.push_back(p.default_time);
  std::set<int> hours;
  for (const int t : times) {
    if (t % 60 == times.front() % 60) hours.insert(t / 60);
  }
  const std::string minute = std::to_string(times.front() % 60);
  const std::string hour = join(std::vector<int>(hours.begin(), hours.end()));
  std::string dom = "*";
  std::string month = "*";
  if (!p.month_days.empty()) {
    std::vector<int> days = p.month_days;
    std::sort(days.begin(), days.end());
    days.erase(std::unique(days.begin(), days.end()), days.end());
    dom = join(days);
  } else if ((p.month_step > 0 || p.yearly) && p.weekdays.none()) {
    dom = "1";
  }
  if (p.yearly) {
    month = "1";
  } else if (p.month_step > 1) {
    month = "*/" + std::to_string(p.month_step);
  }
  std::string dow = "*";
  if (p.weekdays.any()) {
    dow = weekday_field(p.weekdays);
  } else if (p.weekly && dom == "*") {
    dow = "1";
  }
  return minute + " " + hour + " " + dom + " " + month + " " + dow;
}

}  // namespace

unit unit_of(std::string_view stem_text) {
  static constexpr std::array<std::pair<std::string_view, unit>, 14> units{
      {{"second", unit::second},
       {"sec", unit::second},
       {"minut", unit::minute},
       {"min", unit::minute},
       {"hour", unit::hour},
       {"hr", unit::hour},
       {"day", unit::day},
       {"week", unit::week},
       {"month", unit::month},
       {"year", unit::year},
       {"quarter", unit::quarter},
       {"mn", unit::minute},
       {"h", unit::hour},
       {"m", unit::minute}}};
  for (const auto& [name, u] : units) {
    if (name == stem_text) return u;
  }
  return unit::none;
}

std::optional<int> weekday_of(std::string_view stem_text, bool abbreviations) {
  static constexpr std::array<std::string_view, 7> full{
      "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
  static constexpr std::array<std::pair<std::string_view, int>, 11> shorts{{{"sun", 0},
                                                                            {"mon", 1},
                                                                            {"tue", 2},
                                                                            {"tues", 2},
                                                                            {"wed", 3},
                                                                            {"weds", 3},
                                                                            {"thu", 4},
                                                                            {"thur", 4},
                                                                            {"thurs", 4},
                                                                            {"fri", 5},
                                                                            {"sat", 6}}};
  for (int d = 0; d < 7; ++d) {
    if (full[d] == stem_text) return d;
  }
  if (!abbreviations) return std::nullopt;
  for (const auto& [name, d] : shorts) {
    if (name == stem_text) return d;
  }
  return std::nullopt;
}

std::optional<int> ordinal_word(std::string_view w) {
  static constexpr std::array<std::pair<std::string_view, int>, 9> words{{{"first", 1},
                                                                          {"second", 2},
                                                                          {"third", 3},
                                                                          {"fourth", 4},
                                                                          {"fifth", 5},
                                                                          {"tenth", 10},
                                                                          {"fifteenth", 15},
                                                                          {"twentieth", 20},
                                                                          {"thirtieth", 30}}};
  for (const auto& [name, n] : words) {
    if (name == w) return n;
  }
  return std::nullopt;
}

std::optional<parsed_schedule> to_schedule(const schedule_parts& p) {
  if (!p.any) return std::nullopt;
  parsed_schedule out;
  const std::string dow = p.weekdays.any() ? weekday_field(p.weekdays) : "*";
  if (p.interval_ms > 0) {
    out.interval_ms = p.interval_ms;
    return out;
  }
  if (p.minute_step > 0) {
    const std::string minute = p.minute_step == 1 ? "*" : "*/" + std::to_string(p.minute_step);
    out.cron_expression = minute + " " + hour_field(p, 1) + " * * " + dow;
  } else if (p.hour_step > 0) {
    out.cron_expression = "0 " + hour_field(p, p.hour_step) + " * * " + dow;
  } else {
    out.cron_expression = day_level_cron(p);
  }
  out.timezone = p.timezone.empty() ? "UTC" : p.timezone;
  return out;
}

std::optional<std::string> zone_of(const std::vector<std::string_view>& words, int& used,
                                   bool abbreviations) {
  for (const auto& z : zones) {
    if (z.abbreviation && !abbreviations) continue;
    std::string_view rest = z.words;
    int n = 0;
    bool ok = true;
    while (!rest.empty() && ok) {
      const auto blank = std::min(rest.find(' '), rest.size());
      ok = n < static_cast<int>(words.size()) && words[n] == rest.substr(0, blank);
      rest.remove_prefix(std::min(blank + 1, rest.size()));
      ++n;
    }
    if (ok) {
      used = n;
      return std::string(z.zone);
    }
  }
  return std::nullopt;
}

}  // namespace runlog::nlparse::nl
