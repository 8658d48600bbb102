#include "runlog/schemas/time.hpp"

#include <chrono>
#include <cstdio>

namespace runlog::schemas {

std::string format_iso8601(std::int64_t unix_ms) {
  using namespace std::chrono;
  const sys_time<milliseconds> tp{milliseconds{unix_ms}};
  const auto day = floor<days>(tp);
  const year_month_day ymd{day};
  const hh_mm_ss hms{tp - day};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ld.%03ldZ",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<long>(hms.hours().count()),
                static_cast<long>(hms.minutes().count()), static_cast<long>(hms.seconds().count()),
                static_cast<long>(hms.subseconds().count()));
  return buf;
}

std::optional<std::int64_t> parse_iso8601(std::string_view text) {
  using namespace std::chrono;
  int y = 0;
  unsigned mo = 0, d = 0, h = 0, mi = 0, s = 0, ms = 0;
  const std::string str(text);
  int consumed = 0;
  if (std::sscanf(str.c_str(), "%4d-%2u-%2u%n", &y, &mo, &d, &consumed) != 3 || consumed != 10) {
    return std::nullopt;
  }
  std::string_view rest = text.substr(10);
  if (!rest.empty()) {
    if (rest.size() < 9 || (rest[0] != 'T' && rest[0] != ' ')) return std::nullopt;
    int used = 0;
    const std::string tail(rest.substr(1));
    if (std::sscanf(tail.c_str(), "%2u:%2u:%2u%n", &h, &mi, &s, &used) != 3 || used != 8) {
      return std::nullopt;
    }
    std::string_view frac = rest.substr(9);
    if (!frac.empty() && frac[0] == '.') {
      std::size_t i = 1;
      unsigned scale = 100;
      for (; i < frac.size() && frac[i] >= '0' && frac[i] <= '9'; ++i) {
        ms += static_cast<unsigned>(frac[i] - '0') * scale;
        scale /= 10;
      }
      if (i == 1) return std::nullopt;
      frac = frac.substr(i);
    }
    if (frac != "Z" && frac != "" && frac != "+00:00") return std::nullopt;
    if (h > 23 || mi > 59 || s > 60) return std::nullopt;
  }
  const year_month_day ymd{year{y}, month{mo}, day{d}};
  if (!ymd.ok()) return std::nullopt;
  const auto tp = sys_days{ymd} + hours{h} + minutes{mi} + seconds{s} + milliseconds{ms};
  return tp.time_since_epoch().count() / 1;
}

}  // namespace runlog::schemas
