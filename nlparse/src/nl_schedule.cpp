// Schedule phrases -> schedule_parts. A scanner tries each phrase shape at every token and
// marks the tokens it used, so the clause splitter no longer sees them.
#include <algorithm>
#include <array>

#include "nl_schedule.hpp"
#include "runlog/workflow/cron.hpp"

namespace runlog::nlparse::nl {
namespace {

constexpr std::int64_t minute_ms = 60'000;
constexpr std::int64_t hour_ms = 60 * minute_ms;
constexpr std::int64_t day_ms = 24 * hour_ms;

class scanner {
 public:
  scanner(const std::vector<token>& tokens, std::string_view text)
      : t_(tokens), text_(text), consumed_(tokens.size(), false) {}

  schedule_scan run() {
    std::size_t i = 0;
    while (i < t_.size()) {
      std::size_t n = 0;
      for (const auto match :
           {&scanner::every, &scanner::cadence, &scanner::weekdays, &scanner::month_day,
            &scanner::range, &scanner::time_of_day, &scanner::zone}) {
        n = (this->*match)(i);
        if (n > 0) break;
      }
      if (n == 0) {
        ++i;
        continue;
      }
      for (std::size_t k = i; k < i + n && k < t_.size(); ++k) consumed_[k] = true;
      i += n;
    }
    return {to_schedule(p_), std::move(consumed_), std::move(unsupported_)};
  }

 private:
  std::string_view w(std::size_t i) const {
    return i < t_.size() && t_[i].kind != token_kind::newline ? std::string_view(t_[i].text) : "";
  }
  std::string_view s(std::size_t i) const {
    return i < t_.size() && t_[i].kind == token_kind::word ? std::string_view(t_[i].stem) : "";
  }
  bool is(std::size_t i, std::initializer_list<std::string_view> words) const {
    for (const auto x : words) {
      if (w(i) == x) return true;
    }
    return false;
  }
  std::optional<int> count_at(std::size_t i) const {
    if (i >= t_.size()) return std::nullopt;
    const token& tok = t_[i];
    if (tok.kind == token_kind::number && !tok.ordinal && tok.number >= 1 &&
        tok.number == static_cast<int>(tok.number) && tok.text.front() != '$') {
      return static_cast<int>(tok.number);
    }
    if (w(i) == "a" || w(i) == "an") return 1;
    return tok.kind == token_kind::word ? number_word(tok.text) : std::nullopt;
  }

  void step(int n, unit u) {
    p_.any = true;
    if (u == unit::second) {
      p_.interval_ms = n * 1000LL;
    } else if (u == unit::minute) {
      if (n < 60 && 60 % n == 0)
        p_.minute_step = n;
      else
        p_.interval_ms = n * minute_ms;
    } else if (u == unit::hour) {
      if (n < 24 && 24 % n == 0)
        p_.hour_step = n;
      else
        p_.interval_ms = n * hour_ms;
    } else if (u == unit::day) {
      if (n == 1)
        p_.daily = true;
      else
        p_.interval_ms = n * day_ms;
    } else if (u == unit::week) {
      if (n == 1)
        p_.weekly = true;
      else
        p_.interval_ms = n * 7 * day_ms;
    } else if (u == unit::month) {
      if (n == 12)
        p_.yearly = true;
      else if (n < 12 && 12 % n == 0)
        p_.month_step = n;
      else
        unsupported_.push_back("every " + std::to_string(n) + " months");
    } else if (u == unit::quarter) {
      p_.month_step = 3;
    } else if (u == unit::year) {
      p_.yearly = true;
    }
  }

  // "morning" -> 9:00 etc.; -1 when `word` is no part of the day.
  static int day_part(std::string_view word) {
    if (word == "morning" || word == "mornings") return 9 * 60;
    if (word == "afternoon" || word == "afternoons") return 15 * 60;
    if (word == "evening" || word == "evenings") return 18 * 60;
    if (word == "night" || word == "nights") return 0;
    return -1;
  }

  std::size_t every(std::size_t i) {
    if (!is(i, {"every", "each"})) return 0;
    const std::size_t j = i + 1;
    if (w(j) == "other") {
      const unit u = unit_of(s(j + 1));
      if (u == unit::none) return 0;
      step(2, u);
      return 3;
    }
    if (w(j) == "half" || (is(j, {"a", "an"}) && w(j + 1) == "half")) {
      const std::size_t k = w(j) == "half" ? j + 1 : j + 2;
      const std::size_t unit_at = is(k, {"a", "an"}) ? k + 1 : k;
      if (unit_of(s(unit_at)) != unit::hour) return 0;
      step(30, unit::minute);
      return unit_at + 1 - i;
    }
    if (const auto n = count_at(j); n && !is(j, {"a", "an"})) {
      const unit u = unit_of(s(j + 1));
      if (u == unit::none) return 0;
      step(*n, u);
      return 3;
    }
    if (const unit u = unit_of(s(j)); u != unit::none) {
      step(1, u);
      return 2;
    }
    if (const int at = day_part(w(j)); at >= 0) {
      p_.any = p_.daily = true;
      p_.default_time = at;
      return 2;
    }
    const std::size_t n = weekdays(j);
    return n > 0 ? n + 1 : 0;
  }

  std::size_t cadence(std::size_t i) {
    const auto word = w(i);
    std::size_t n = 1;
    if (word == "hourly") {
      p_.hour_step = 1;
    } else if (word == "daily" || word == "everyday") {
      p_.daily = true;
    } else if (word == "nightly") {
      p_.daily = true;
      p_.default_time = 0;
    } else if (word == "weekly") {
      p_.weekly = true;
    } else if (word == "biweekly" || word == "fortnightly") {
      p_.interval_ms = 14 * day_ms;
    } else if (word == "monthly") {
      p_.month_step = std::max(p_.month_step, 1);
    } else if (word == "quarterly") {
      p_.month_step = 3;
    } else if (word == "yearly" || word == "annually") {
      p_.yearly = true;
    } else if (is(i, {"once", "twice"}) && is(i + 1, {"a", "per", "every", "each"}) &&
               unit_of(s(i + 2)) != unit::none) {
      n = 3;
      if (word == "twice" && unit_of(s(i + 2)) == unit::day) {
        p_.times.insert(p_.times.end(), {9 * 60, 17 * 60});
      } else {
        step(1, unit_of(s(i + 2)));
      }
    } else {
      return 0;
    }
    p_.any = true;
    return n;
  }

  // One day name, a day group ("weekdays"), a list or a range of them; optional "on"/"every".
  std::size_t weekdays(std::size_t i) {
    const bool prefixed = is(i, {"on", "every", "each", "from"});
    std::size_t j = prefixed ? i + 1 : i;
    const auto first = one_day_group(j, prefixed || w(j + 1) == "-");
    if (first == 0) return 0;
    j += first;
    while (true) {
      const bool range_sep = is(j, {"-", "to", "through", "thru", "till", "until"});
      const bool list_sep = is(j, {",", "and", "&", "or", "/"});
      if (!range_sep && !list_sep) break;
      const std::size_t k = is(j + 1, {"on", "every"}) ? j + 2 : j + 1;
      const auto day = weekday_of(s(k), true);
      if (!day) break;
      if (range_sep) {
        for (int d = last_day_; d != *day; d = (d + 1) % 7) p_.weekdays.set(d);
      }
      p_.weekdays.set(*day);
      last_day_ = *day;
      j = k + 1;
    }
    p_.any = true;
    return j - i;
  }

  std::size_t one_day_group(std::size_t j, bool abbreviations) {
    if (const auto day = weekday_of(s(j), abbreviations)) {
      p_.weekdays.set(*day);
      last_day_ = *day;
      return 1;
    }
    const auto word = s(j);
    if (word == "weekday" || word == "workday") {
      for (int d = 1; d <= 5; ++d) p_.weekdays.set(d);
      return 1;
    }
    if ((word == "business" || word == "working" || word == "work") && s(j + 1) == "day") {
      for (int d = 1; d <= 5; ++d) p_.weekdays.set(d);
      return 2;
    }
    if (word == "weekend") {
      p_.weekdays.set(0).set(6);
      return 1;
    }
    return 0;
  }

  std::optional<int> ordinal_at(std::size_t i) const {
    if (i < t_.size() && t_[i].kind == token_kind::number && t_[i].ordinal && t_[i].number >= 1 &&
        t_[i].number <= 31) {
      return static_cast<int>(t_[i].number);
    }
    return ordinal_word(w(i));
  }

  // "of the month" / "of each month" / "of every month" at i; its length or 0.
  std::size_t of_month(std::size_t i) const {
    if (w(i) != "of" || !is(i + 1, {"the", "each", "every", "a"})) return 0;
    return s(i + 2) == "month" ? 3 : 0;
  }

  std::size_t month_day(std::size_t i) {
    std::size_t j = w(i) == "on" ? i + 1 : i;
    if (w(j) == "the") ++j;
    if (is(j, {"start", "beginning"}) ||
        (is(j, {"end"}) || (w(j) == "last" && s(j + 1) == "day"))) {
      const std::size_t k = w(j) == "last" ? j + 2 : j + 1;
      const std::size_t of = of_month(k);
      if (of == 0) return 0;
      if (w(j) == "end" || w(j) == "last") {
        unsupported_.push_back("the last day of the month");
      } else {
        p_.month_days.push_back(1);
        p_.any = true;
      }
      return k + of - i;
    }
    const auto day = ordinal_at(j);
    if (!day) return 0;
    std::size_t k = j + 1;
    if (s(k) == "day") ++k;
    const std::size_t of = of_month(k);
    const bool monthly_context = p_.month_step > 0 && j > i;
    if (of == 0 && !monthly_context) return 0;
    p_.month_days.push_back(*day);
    p_.any = true;
    return k + of - i;
  }

  // A clock time at i: 9am, 17:30, noon, midnight; bare hours only when `bare` (after "at").
  std::optional<int> clock_at(std::size_t i, bool bare, std::size_t& used) const {
    used = 1;
    if (i >= t_.size()) return std::nullopt;
    if (t_[i].kind == token_kind::time) return t_[i].minutes;
    if (is(i, {"noon", "midday"})) return 12 * 60;
    if (w(i) == "midnight") return 0;
    if (!bare || t_[i].kind != token_kind::number || t_[i].ordinal || t_[i].text.front() == '$' ||
        t_[i].number > 23 || t_[i].number != static_cast<int>(t_[i].number)) {
      return std::nullopt;
    }
    if (is(i + 1, {"%", "percent", "points", "stars", "star", "degrees", "items", "people"}) ||
        unit_of(s(i + 1)) != unit::none) {
      return std::nullopt;
    }
    int h = static_cast<int>(t_[i].number);
    if (w(i + 1) == "oclock") used = 2;
    if (w(i + used) == "in" && w(i + used + 1) == "the" && day_part(w(i + used + 2)) > 0) {
      if (day_part(w(i + used + 2)) >= 12 * 60 && h < 12) h += 12;
      used += 3;
    }
    return h * 60;
  }

  std::size_t time_of_day(std::size_t i) {
    if (is(i, {"eod", "cob"}) ||
        (w(i) == "end" && w(i + 1) == "of" &&
         (s(i + 2) == "day" || (w(i + 2) == "the" && s(i + 3) == "day")))) {
      p_.times.push_back(17 * 60);
      p_.any = true;
      return w(i) == "end" ? (w(i + 2) == "the" ? 4 : 3) : 1;
    }
    if (w(i) == "in" && w(i + 1) == "the" && day_part(w(i + 2)) >= 0) {
      p_.default_time = day_part(w(i + 2));
      p_.any = true;
      return 3;
    }
    const bool at = is(i, {"at", "around", "@"});
    if (!at && i > 0 && is(i - 1, {"until", "till", "by", "before", "after", "from"})) return 0;
    if (at && i > 0 && is(i - 1, {"is", "are", "was", "be", "stays", "remains", "reaches"}))
      return 0;
    std::size_t j = at ? i + 1 : i;
    std::size_t used = 0;
    const auto first = clock_at(j, at, used);
    if (!first) return 0;
    p_.times.push_back(*first);
    j += used;
    while (is(j, {"and", ",", "&"})) {
      const std::size_t k = w(j + 1) == "at" ? j + 2 : j + 1;
      const auto more = clock_at(k, w(j + 1) == "at", used);
      if (!more) break;
      p_.times.push_back(*more);
      j = k + used;
    }
    p_.any = true;
    return j - i;
  }

  // "between 9am and 5pm", "from 9 to 17", "during business hours".
  std::size_t range(std::size_t i) {
    if (w(i) == "during" || (w(i) == "in" && s(i + 1) == "business")) {
      if (is(i + 1, {"business", "working", "office", "work"}) && s(i + 2) == "hour") {
        p_.range_from = 9;
        p_.range_to = 17;
        if (p_.weekdays.none())
          for (int d = 1; d <= 5; ++d) p_.weekdays.set(d);
        return 3;
      }
      return 0;
    }
    if (!is(i, {"between", "from"})) return 0;
    std::size_t used1 = 0;
    std::size_t used2 = 0;
    const auto from = clock_at(i + 1, true, used1);
    const std::size_t sep = i + 1 + used1;
    if (!from || !is(sep, {"and", "to", "until", "till", "-"})) return 0;
    const auto to = clock_at(sep + 1, true, used2);
    if (!to) return 0;
    int a = *from / 60;
    int b = *to / 60;
    if (b <= a && b < 12) b += 12;
    if (b <= a) return 0;
    p_.range_from = a;
    p_.range_to = b;
    return sep + 1 + used2 - i;
  }

  std::size_t zone(std::size_t i) {
    if (i >= t_.size() || t_[i].kind != token_kind::word) return 0;
    std::string_view original = text_.substr(t_[i].begin, t_[i].end - t_[i].begin);
    if (original.find('/') != std::string_view::npos) {
      if (!check_timezone(original)) return 0;
      p_.timezone = std::string(original);
      return 1 + time_word(i + 1);
    }
    const bool after_time = i > 0 && consumed_[i - 1];
    const std::size_t j = (w(i) == "in" && after_time) ? i + 1 : i;
    std::vector<std::string_view> words{w(j), w(j + 1), w(j + 2)};
    int used = 0;
    const auto found = zone_of(words, used, true);
    if (!found) return 0;
    const std::size_t tail = time_word(j + used);
    if (*found != "UTC" && !after_time && tail == 0) return 0;
    p_.timezone = *found;
    return j + used + tail - i;
  }

  std::size_t time_word(std::size_t i) const {
    return is(i, {"time", "timezone", "tz", "zone"}) ? 1 : 0;
  }

  const std::vector<token>& t_;
  std::string_view text_;
  std::vector<bool> consumed_;
  schedule_parts p_;
  std::vector<std::string> unsupported_;
  int last_day_ = 0;
};

}  // namespace

schedule_scan scan_schedule(const std::vector<token>& tokens, std::string_view text) {
  return scanner(tokens, text).run();
}

}  // namespace runlog::nlparse::nl
