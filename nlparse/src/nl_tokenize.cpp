// The tokenizer of the natural-language parser: words (with inner joiners such as
// "salesforce.query" or "Europe/Berlin"), numbers ("10,000", "$10k", "15th"), clock times
// ("9am", "5:30 pm", "17:30"), punctuation and line breaks, each with its byte offsets.
#include <algorithm>
#include <unordered_map>

#include "nl_text.hpp"

namespace runlog::nlparse::nl {
namespace {

bool is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Length of a typographic quote or dash (U+2013/2014/2018/2019/201C/201D) at `i`, else 0.
std::size_t typographic_len(std::string_view t, std::size_t i) {
  if (i + 2 >= t.size() || static_cast<unsigned char>(t[i]) != 0xE2 ||
      static_cast<unsigned char>(t[i + 1]) != 0x80) {
    return 0;
  }
  const auto c = static_cast<unsigned char>(t[i + 2]);
  return (c == 0x93 || c == 0x94 || c == 0x98 || c == 0x99 || c == 0x9C || c == 0x9D) ? 3 : 0;
}

// A byte that may be part of a word: ASCII letters and digits, and any non-ASCII byte that is
// not a typographic quote or dash.
bool is_word_byte(std::string_view t, std::size_t i) {
  const auto c = static_cast<unsigned char>(t[i]);
  if (is_alpha(c) || is_digit(c)) return true;
  return c >= 0x80 && typographic_len(t, i) == 0;
}

class tokenizer {
 public:
  explicit tokenizer(std::string_view text) : t_(text) {}

  std::vector<token> run() {
    while (i_ < t_.size()) {
      const auto c = static_cast<unsigned char>(t_[i_]);
      if (c == '\n') {
        push(token_kind::newline, "\n", i_, i_ + 1);
        ++i_;
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
        ++i_;
      } else if (is_digit(c) || (c == '$' && i_ + 1 < t_.size() && is_digit(t_[i_ + 1]))) {
        number();
      } else if (is_word_byte(t_, i_) ||
                 ((c == '#' || c == '@') && i_ + 1 < t_.size() && is_word_byte(t_, i_ + 1))) {
        word(i_);
      } else if (const auto len = typographic_len(t_, i_); len > 0) {
        const auto d = static_cast<unsigned char>(t_[i_ + 2]);
        if (d == 0x93 || d == 0x94) push(token_kind::punct, "-", i_, i_ + len);
        i_ += len;
      } else {
        push(token_kind::punct, std::string(1, static_cast<char>(c)), i_, i_ + 1);
        ++i_;
      }
    }
    return std::move(out_);
  }

 private:
  token& push(token_kind kind, std::string text, std::size_t b, std::size_t e) {
    token tok;
    tok.kind = kind;
    tok.stem = kind == token_kind::word ? stem(text) : text;
    tok.text = std::move(text);
    tok.begin = b;
    tok.end = e;
    out_.push_back(std::move(tok));
    return out_.back();
  }

  // A joiner (. _ / @ # ' - or a typographic apostrophe) between two word bytes stays inside.
  std::size_t joiner_len(std::size_t j) const {
    const char c = t_[j];
    std::size_t len = 0;
    if (c == '.' || c == '_' || c == '/' || c == '@' || c == '#' || c == '\'' || c == '-') {
      len = 1;
    } else if (typographic_len(t_, j) == 3 && static_cast<unsigned char>(t_[j + 2]) == 0x99) {
      len = 3;
    }
    if (len == 0 || j + len >= t_.size() || !is_word_byte(t_, j + len)) return 0;
    return len;
  }

  // "http://..." or "https://..." up to the next blank is one word (its text keeps case).
  bool url(std::size_t start) {
    std::string head;
    for (std::size_t k = start; k < t_.size() && k < start + 8; ++k) head += lower(t_[k]);
    if (head.rfind("http://", 0) != 0 && head.rfind("https://", 0) != 0) return false;
    std::size_t j = start;
    while (j < t_.size() && t_[j] != ' ' && t_[j] != '\t' && t_[j] != '\n' && t_[j] != '\r') ++j;
    while (j > start && (t_[j - 1] == '.' || t_[j - 1] == ',' || t_[j - 1] == ')')) --j;
    i_ = j;
    push(token_kind::word, std::string(t_.substr(start, j - start)), start, j);
    return true;
  }

  void word(std::size_t start) {
    if (url(start)) return;
    std::size_t j = start + 1;
    while (j < t_.size()) {
      if (is_word_byte(t_, j)) {
        ++j;
      } else if (const auto len = joiner_len(j); len > 0) {
        j += len;
      } else {
        break;
      }
    }
    i_ = j;
    std::string raw;
    for (std::size_t k = start; k < j; ++k) {
      if (typographic_len(t_, k) == 3) {
        raw += '\'';
        k += 2;
      } else {
        raw += lower(t_[k]);
      }
    }
    emit_word(raw, start, j);
  }

  void emit_word(std::string raw, std::size_t b, std::size_t e) {
    if (ends_with(raw, "'s")) raw.resize(raw.size() - 2);
    std::erase(raw, '\'');
    static const std::unordered_map<std::string_view, std::string_view> joined{
        {"e-mail", "email"},         {"e-mails", "emails"},
        {"sign-off", "signoff"},     {"follow-up", "followup"},
        {"follow-ups", "followups"}, {"on-call", "oncall"},
        {"pre-screen", "prescreen"}, {"pre-screening", "prescreening"},
        {"check-in", "checkin"},     {"sign-up", "signup"},
        {"sign-ups", "signups"},     {"set-up", "setup"},
        {"back-up", "backup"},       {"log-in", "login"}};
    if (raw.find('-') != std::string::npos) {
      if (const auto it = joined.find(raw); it != joined.end()) {
        raw = std::string(it->second);
      } else {
        split_hyphens(raw, b);
        return;
      }
    }
    if (raw.empty()) return;
    const bool cap = t_[b] >= 'A' && t_[b] <= 'Z';
    push(token_kind::word, std::move(raw), b, e).capitalized = cap;
  }

  void split_hyphens(const std::string& raw, std::size_t b) {
    std::size_t start = 0;
    while (start <= raw.size()) {
      const auto dash = std::min(raw.find('-', start), raw.size());
      if (dash > start) {
        push(token_kind::word, raw.substr(start, dash - start), b + start, b + dash).capitalized =
            t_[b + start] >= 'A' && t_[b + start] <= 'Z';
      }
      if (dash < raw.size()) push(token_kind::punct, "-", b + dash, b + dash + 1);
      start = dash + 1;
    }
  }

  // am / pm / a.m. / p.m. at j (after optional blanks); returns its end or 0.
  std::size_t meridiem_end(std::size_t j, bool& pm) const {
    while (j < t_.size() && t_[j] == ' ') ++j;
    if (j + 1 >= t_.size()) return 0;
    const char a = lower(t_[j]);
    if (a != 'a' && a != 'p') return 0;
    std::size_t k = j + 1;
    if (k < t_.size() && t_[k] == '.') ++k;
    if (k >= t_.size() || lower(t_[k]) != 'm') return 0;
    ++k;
    if (k < t_.size() && t_[k] == '.') ++k;
    if (k < t_.size() && is_word_byte(t_, k)) return 0;
    pm = a == 'p';
    return k;
  }

  std::size_t digits(std::size_t j, double& value) const {
    while (j < t_.size() && is_digit(t_[j])) value = value * 10 + (t_[j++] - '0');
    return j;
  }

  void number() {
    const std::size_t start = i_;
    const bool money = t_[i_] == '$';
    std::size_t j = money ? i_ + 1 : i_;
    double value = 0;
    j = digits(j, value);
    while (j + 3 < t_.size() && t_[j] == ',' && is_digit(t_[j + 1]) && is_digit(t_[j + 2]) &&
           is_digit(t_[j + 3]) && (j + 4 >= t_.size() || !is_digit(t_[j + 4]))) {
      j = digits(j + 1, value);
    }
    int minute = -1;
    if (!money && j + 2 < t_.size() && t_[j] == ':' && is_digit(t_[j + 1]) && is_digit(t_[j + 2]) &&
        (j + 3 >= t_.size() || !is_digit(t_[j + 3]))) {
      minute = (t_[j + 1] - '0') * 10 + (t_[j + 2] - '0');
      j += 3;
    } else if (j + 1 < t_.size() && t_[j] == '.' && is_digit(t_[j + 1])) {
      double scale = 0.1;
      for (++j; j < t_.size() && is_digit(t_[j]); ++j, scale /= 10) value += (t_[j] - '0') * scale;
    }
    bool pm = false;
    if (const auto m_end = money ? 0 : meridiem_end(j, pm); m_end > 0) {
      time_token(start, m_end, value, minute < 0 ? 0 : minute, true, pm);
      return;
    }
    if (minute >= 0) {
      time_token(start, j, value, minute, false, false);
      return;
    }
    suffixed_number(start, j, value);
  }

  void time_token(std::size_t b, std::size_t e, double hour, int minute, bool meridiem, bool pm) {
    int h = static_cast<int>(hour);
    bool ok = minute < 60 && hour == h;
    if (meridiem) {
      ok = ok && h >= 1 && h <= 12;
      h = (h % 12) + (pm ? 12 : 0);
    } else {
      ok = ok && h <= 23;
    }
    i_ = e;
    std::string text(t_.substr(b, e - b));
    std::transform(text.begin(), text.end(), text.begin(), lower);
    token& tok = push(ok ? token_kind::time : token_kind::number, std::move(text), b, e);
    tok.minutes = ok ? h * 60 + minute : -1;
    tok.number = hour;
    tok.has_meridiem = meridiem;
  }

  void suffixed_number(std::size_t b, std::size_t j, double value) {
    std::size_t k = j;
    while (k < t_.size() && is_alpha(t_[k])) ++k;
    std::string suffix(t_.substr(j, k - j));
    std::transform(suffix.begin(), suffix.end(), suffix.begin(), lower);
    bool ordinal = false;
    std::size_t end = j;
    if (suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th") {
      ordinal = true;
      end = k;
    } else if (suffix == "k" || suffix == "m") {
      value *= suffix == "k" ? 1000 : 1000000;
      end = k;
    }
    i_ = end;
    std::string text(t_.substr(b, end - b));
    std::transform(text.begin(), text.end(), text.begin(), lower);
    token& tok = push(token_kind::number, std::move(text), b, end);
    tok.number = value;
    tok.ordinal = ordinal;
  }

  std::string_view t_;
  std::size_t i_ = 0;
  std::vector<token> out_;
};

}  // namespace

std::vector<token> tokenize(std::string_view text) { return tokenizer(text).run(); }

}  // namespace runlog::nlparse::nl
