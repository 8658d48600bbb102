#include "rate_limit.hpp"

#include <algorithm>
#include <functional>

namespace runlog::api::detail {
namespace {

/// The bucket of second `s` (also for negative seconds).
std::size_t slot(std::int64_t s) {
  const std::int64_t n = rate_limiter::window_seconds;
  return static_cast<std::size_t>(((s % n) + n) % n);
}

}  // namespace

rate_limiter::rate_limiter(std::uint32_t limit, std::size_t max_users)
    : limit_(std::max<std::uint32_t>(1, limit)),
      max_per_shard_(std::max<std::size_t>(1, max_users / shard_count)) {}

void rate_limiter::advance(window& w, std::int64_t now) {
  if (now <= w.last_second) return;
  if (now - w.last_second >= window_seconds) {
    w.buckets.fill(0);
    w.total = 0;
  } else {
    for (std::int64_t s = w.last_second + 1; s <= now; ++s) {
      auto& bucket = w.buckets[slot(s)];
      w.total -= bucket;
      bucket = 0;
    }
  }
  w.last_second = now;
}

std::uint32_t rate_limiter::reset_after(const window& w, std::int64_t now) {
  for (std::int64_t s = now - window_seconds + 1; s <= now; ++s) {
    if (w.buckets[slot(s)] != 0) {
      return static_cast<std::uint32_t>(s + window_seconds - now);
    }
  }
  return 0;
}

void rate_limiter::make_room(shard& s, std::int64_t now) {
  const bool full = s.users.size() >= max_per_shard_;
  if (!full && now - s.last_sweep < window_seconds) return;
  s.last_sweep = now;
  std::erase_if(s.users, [now](const auto& entry) {
    return now - entry.second.last_second >= window_seconds;
  });
  if (s.users.size() < max_per_shard_) return;
  const auto oldest = std::min_element(s.users.begin(), s.users.end(), [](const auto& a, const auto& b) {
    return a.second.last_second < b.second.last_second;
  });
  s.users.erase(oldest);
}

rate_decision rate_limiter::admit(std::string_view tenant, std::string_view user,
                                  std::int64_t now_seconds) {
  // Length-prefixed so that "a/b" + "c" and "a" + "b/c" stay different users.
  std::string key = std::to_string(tenant.size()) + ":" + std::string(tenant) + "/";
  key += user;
  shard& s = shards_[std::hash<std::string>{}(key) % shard_count];
  const std::lock_guard lock(s.mutex);
  auto it = s.users.find(key);
  if (it == s.users.end()) {
    make_room(s, now_seconds);
    it = s.users.emplace(std::move(key), window{}).first;
    it->second.last_second = now_seconds;
  }
  window& w = it->second;
  advance(w, now_seconds);
  rate_decision out;
  out.limit = limit_;
  out.allowed = w.total < limit_;
  if (out.allowed) {
    ++w.buckets[slot(now_seconds)];
    ++w.total;
  }
  out.remaining = limit_ - std::min(w.total, limit_);
  out.reset_seconds = reset_after(w, now_seconds);
  return out;
}

std::size_t rate_limiter::tracked_users() {
  std::size_t n = 0;
  for (auto& s : shards_) {
    const std::lock_guard lock(s.mutex);
    n += s.users.size();
  }
  return n;
}

}  // namespace runlog::api::detail
