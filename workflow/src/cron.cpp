#include "runlog/workflow/cron.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <chrono>
#include <exception>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <date/date.h>
#include <date/tz.h>

#include "runlog/workflow/errc.hpp"

namespace runlog::workflow {
namespace {

using bits = std::uint64_t;  // bit v set: value v admitted (every field fits in 64 values)

constexpr std::array<std::string_view, 12> month_names{"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                       "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr std::array<std::string_view, 7> weekday_names{"SUN", "MON", "TUE", "WED",
                                                        "THU", "FRI", "SAT"};

struct field_spec {
  std::string_view name;
  int low;
  int high;
  std::span<const std::string_view> names;  ///< names[i] stands for low_name + i
  int low_name;                             ///< the value of names[0]
  std::string_view expected;                ///< what a value may be, for messages
};

constexpr std::array<field_spec, 5> fields{{
    {"minute", 0, 59, {}, 0, "0-59"},
    {"hour", 0, 23, {}, 0, "0-23"},
    {"day-of-month", 1, 31, {}, 0, "1-31"},
    {"month", 1, 12, month_names, 1, "1-12 or JAN-DEC"},
    {"day-of-week", 0, 7, weekday_names, 0, "0-7 or SUN-SAT"},
}};

tl::unexpected<error> invalid(const field_spec& f, const std::string& reason) {
  return fail(errc::invalid_schedule, std::string(f.name) + ": " + reason);
}

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

std::optional<int> name_value(const field_spec& f, std::string_view text) {
  if (text.size() != 3) return std::nullopt;
  for (std::size_t i = 0; i < f.names.size(); ++i) {
    bool same = true;
    for (std::size_t c = 0; c < 3; ++c) {
      same = same && std::toupper(static_cast<unsigned char>(text[c])) == f.names[i][c];
    }
    if (same) return f.low_name + static_cast<int>(i);
  }
  return std::nullopt;
}

// One value of a field: a decimal number or a name, within the field's range.
result<int> parse_value(const field_spec& f, std::string_view text) {
  const bool digits =
      !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
  if (!digits) {
    if (const auto named = name_value(f, text)) return *named;
    return invalid(
        f, quoted(text) + " is not a valid value (expected " + std::string(f.expected) + ")");
  }
  int v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size() || v < f.low || v > f.high) {
    return invalid(f, "value " + std::string(text) + " is out of range " + std::to_string(f.low) +
                          "-" + std::to_string(f.high));
  }
  return v;
}

result<int> parse_step(const field_spec& f, std::string_view text) {
  const int span = f.high - f.low + 1;
  int step = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), step);
  if (ec != std::errc{} || end != text.data() + text.size() || step < 1 || step > span) {
    return invalid(f,
                   "step " + quoted(text) + " must be a number from 1 to " + std::to_string(span));
  }
  return step;
}

struct range {
  int first;
  int last;
};

// The range part of an item: `*`, `a-b` or a single value `a`.
result<range> parse_range(const field_spec& f, std::string_view text) {
  if (text == "*") return range{f.low, f.high};
  const auto dash = text.find('-');
  if (dash == std::string_view::npos) {
    auto v = parse_value(f, text);
    if (!v) return tl::unexpected(v.error());
    return range{*v, *v};
  }
  if (dash == 0 || dash + 1 == text.size()) {
    return invalid(f, "range " + quoted(text) + " needs a value on both sides of '-'");
  }
  auto first = parse_value(f, text.substr(0, dash));
  if (!first) return tl::unexpected(first.error());
  auto last = parse_value(f, text.substr(dash + 1));
  if (!last) return tl::unexpected(last.error());
  if (*first > *last) {
    return invalid(f, "range " + quoted(text) + " starts after it ends");
  }
  return range{*first, *last};
}

// One comma-separated item: a range (or `*`, or a value) with an optional `/step`.
result<bits> parse_item(const field_spec& f, std::string_view item) {
  if (item.empty()) return invalid(f, "empty list item");
  const auto slash = item.find('/');
  const std::string_view base = item.substr(0, slash);
  if (base.empty()) return invalid(f, quoted(item) + " has no range before '/'");
  auto r = parse_range(f, base);
  if (!r) return tl::unexpected(r.error());
  int step = 1;
  if (slash != std::string_view::npos) {
    if (base != "*" && base.find('-') == std::string_view::npos) {
      return invalid(f, "step in " + quoted(item) + " needs a range or '*' before '/'");
    }
    auto s = parse_step(f, item.substr(slash + 1));
    if (!s) return tl::unexpected(s.error());
    step = *s;
  }
  bits out = 0;
  for (int v = r->first; v <= r->last; v += step) out |= bits{1} << v;
  return out;
}

result<bits> parse_field(const field_spec& f, std::string_view text) {
  bits out = 0;
  while (true) {
    const auto comma = text.find(',');
    auto item = parse_item(f, text.substr(0, comma));
    if (!item) return item;
    out |= *item;
    if (comma == std::string_view::npos) return out;
    text.remove_prefix(comma + 1);
  }
}

std::vector<std::string_view> split_blanks(std::string_view text) {
  std::vector<std::string_view> out;
  const char* const blanks = " \t";
  for (auto start = text.find_first_not_of(blanks); start != std::string_view::npos;) {
    const auto end = std::min(text.find_first_of(blanks, start), text.size());
    out.push_back(text.substr(start, end - start));
    start = text.find_first_not_of(blanks, end);
  }
  return out;
}

template <std::size_t N>
std::bitset<N> to_bitset(bits b) {
  return std::bitset<N>(b & ((bits{1} << N) - 1));
}

// ---- fire times ----

namespace chrono = std::chrono;
using local_minutes = date::local_time<chrono::minutes>;

result<const date::time_zone*> find_zone(std::string_view zone) {
  if (zone == "localtime") {
    return fail(errc::invalid_schedule,
                "'localtime' is not an IANA time zone (it names this machine's zone)");
  }
  try {
    return date::locate_zone(zone);
  } catch (const std::exception&) {  // unknown name, or no tz database on this machine
    return fail(errc::invalid_schedule, "unknown IANA time zone " + quoted(zone));
  }
}

bool day_matches(const cron_expression& cron, date::local_days day) {
  const date::year_month_day ymd{day};
  if (!cron.months.test(static_cast<unsigned>(ymd.month()))) return false;
  const bool dom = cron.days_of_month.test(static_cast<unsigned>(ymd.day()));
  const bool dow = cron.days_of_week.test(date::weekday{day}.c_encoding());
  if (cron.day_of_month_star || cron.day_of_week_star) return dom && dow;
  return dom || dow;
}

// The instant a wall time fires at: itself, its first occurrence when it is ambiguous, the end
// of the gap when it does not exist.
date::sys_seconds fire_instant(const date::time_zone& tz, local_minutes wall) {
  const date::local_info info = tz.get_info(wall);
  const date::local_seconds local{wall};
  switch (info.result) {
    case date::local_info::unique:
    case date::local_info::ambiguous:
      return date::sys_seconds{(local - info.first.offset).time_since_epoch()};
    case date::local_info::nonexistent:
      return info.second.begin;
  }
  return date::sys_seconds{(local - info.first.offset).time_since_epoch()};
}

// The first matching wall time of `day` not before `from` that fires after `after`.
std::optional<date::sys_seconds> fire_on(const cron_expression& cron, const date::time_zone& tz,
                                         date::local_days day, local_minutes from,
                                         date::sys_time<chrono::milliseconds> after) {
  for (int h = 0; h < 24; ++h) {
    if (!cron.hours.test(static_cast<std::size_t>(h))) continue;
    for (int m = 0; m < 60; ++m) {
      if (!cron.minutes.test(static_cast<std::size_t>(m))) continue;
      const local_minutes wall = day + chrono::hours{h} + chrono::minutes{m};
      if (wall < from) continue;
      const date::sys_seconds at = fire_instant(tz, wall);
      if (at > after) return at;
    }
  }
  return std::nullopt;
}

// 400 Gregorian years are 146097 days (a whole number of weeks): after one cycle every
// (date, weekday) pair repeats. One more day covers the part of the first day already past.
constexpr int max_days = 146097 + 1;

}  // namespace

result<cron_expression> parse_cron(std::string_view text) {
  const auto parts = split_blanks(text);
  if (parts.size() != fields.size()) {
    return fail(errc::invalid_schedule,
                "expected 5 fields (minute hour day-of-month month day-of-week), found " +
                    std::to_string(parts.size()));
  }
  std::array<bits, 5> parsed{};
  for (std::size_t i = 0; i < fields.size(); ++i) {
    auto b = parse_field(fields[i], parts[i]);
    if (!b) return tl::unexpected(b.error());
    parsed[i] = *b;
  }
  const bits sunday_as_7 = bits{1} << 7;
  cron_expression out;
  out.minutes = to_bitset<60>(parsed[0]);
  out.hours = to_bitset<24>(parsed[1]);
  out.days_of_month = to_bitset<32>(parsed[2]);
  out.months = to_bitset<13>(parsed[3]);
  out.days_of_week = to_bitset<7>(parsed[4] | ((parsed[4] & sunday_as_7) ? bits{1} : bits{0}));
  out.day_of_month_star = parts[2].front() == '*';
  out.day_of_week_star = parts[4].front() == '*';
  return out;
}

result<void> check_timezone(std::string_view zone) {
  auto tz = find_zone(zone);
  if (!tz) return tl::unexpected(tz.error());
  return {};
}

result<std::int64_t> next_after(const cron_expression& cron, std::int64_t after_ms,
                                std::string_view zone) {
  using namespace date::literals;
  constexpr auto earliest = date::sys_days{1900_y / 1 / 1};
  constexpr auto latest = date::sys_days{9000_y / 1 / 1};
  const date::sys_time<chrono::milliseconds> after{chrono::milliseconds{after_ms}};
  if (after < earliest || after >= latest) {
    return fail(errc::invalid_schedule,
                "time " + std::to_string(after_ms) + " ms is outside the years 1900-9000");
  }
  auto tz = find_zone(zone);
  if (!tz) return tl::unexpected(tz.error());
  const local_minutes from = chrono::floor<chrono::minutes>((*tz)->to_local(after));
  date::local_days day = chrono::floor<date::days>(from);
  for (int i = 0; i < max_days; ++i, day += date::days{1}) {
    if (!day_matches(cron, day)) continue;
    if (const auto at = fire_on(cron, **tz, day, from, after)) {
      return chrono::duration_cast<chrono::milliseconds>(at->time_since_epoch()).count();
    }
  }
  return fail(errc::invalid_schedule, "the cron expression never fires");
}

result<std::int64_t> next_after(std::string_view cron, std::int64_t after_ms,
                                std::string_view zone) {
  auto parsed = parse_cron(cron);
  if (!parsed) return tl::unexpected(parsed.error());
  return next_after(*parsed, after_ms, zone);
}

}  // namespace runlog::workflow
