#pragma once
/// Per-user request rate limiting: a sliding window of 60 one-second buckets per user.
///
/// A request is admitted when fewer than `limit` requests of the same user were admitted in
/// the last 60 s (counted at one-second granularity: an admitted request stops counting 59 to
/// 60 s later). Rejected requests are not counted. Users are keyed by tenant and `sub`.
///
/// Thread-safe: users are spread over shards, each with its own mutex and map, so io threads
/// rarely contend. Memory is bounded: a shard drops users idle for a whole window when it
/// sweeps (at most once per window, or when full), and when still full evicts the user seen
/// least recently.

#include <array>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace runlog::api::detail {

/// The verdict on one request, with what the rate-limit headers report.
struct rate_decision {
  bool allowed = false;
  std::uint32_t limit = 0;
  std::uint32_t remaining = 0;     ///< requests still admitted in the current window
  std::uint32_t reset_seconds = 0; ///< until the oldest counted request leaves the window
};

class rate_limiter {
 public:
  static constexpr std::int64_t window_seconds = 60;

  /// `limit` requests per window per user (> 0); at most `max_users` users are tracked.
  explicit rate_limiter(std::uint32_t limit, std::size_t max_users = 100000);

  /// Counts one request of `tenant`/`user` at `now_seconds` (a monotonic clock) if admitted.
  [[nodiscard]] rate_decision admit(std::string_view tenant, std::string_view user,
                                    std::int64_t now_seconds);

  /// Users currently tracked (for tests and metrics).
  [[nodiscard]] std::size_t tracked_users();

 private:
  struct window {
    std::array<std::uint32_t, window_seconds> buckets{};  ///< admitted per second, by second % 60
    std::uint32_t total = 0;
    std::int64_t last_second = 0;  ///< the newest second the buckets describe
  };
  struct shard {
    std::mutex mutex;
    std::unordered_map<std::string, window> users;
    std::int64_t last_sweep = 0;
  };
  static constexpr std::size_t shard_count = 16;

  static void advance(window& w, std::int64_t now);
  static std::uint32_t reset_after(const window& w, std::int64_t now);
  void make_room(shard& s, std::int64_t now);

  std::uint32_t limit_;
  std::size_t max_per_shard_;
  std::array<shard, shard_count> shards_;
};

}  // namespace runlog::api::detail
