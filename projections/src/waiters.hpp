#pragma once
// The outcome waiters of a projector: by command id (to wake them when the outcome is
// projected) and by deadline (to time them out). Plain data, not thread-safe: the projector
// guards it with its mutex. Every take_* removes what it returns, so each callback is taken,
// and therefore called, at most once.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "runlog/projections/views.hpp"

namespace runlog::projections {

class waiter_set {
 public:
  using clock = std::chrono::steady_clock;
  using callback = std::function<void(std::optional<outcome>)>;
  using token = std::uint64_t;

  token add(std::string command_id, clock::time_point deadline, callback done);
  /// The callback of one waiter, if nobody took it yet.
  std::optional<callback> take(token t);
  /// Every waiter of a command.
  std::vector<callback> take_command(std::string_view command_id);
  /// Every waiter whose deadline is at or before `now`.
  std::vector<callback> take_expired(clock::time_point now);
  std::vector<callback> take_all();

  bool wants(std::string_view command_id) const;
  bool empty() const { return entries_.empty(); }
  std::size_t size() const { return entries_.size(); }

 private:
  struct entry {
    std::string command_id;
    clock::time_point deadline;
    callback done;
  };
  callback remove(std::unordered_map<token, entry>::iterator it);

  token next_ = 1;
  std::unordered_map<token, entry> entries_;
  std::unordered_map<std::string, std::vector<token>> by_command_;
  std::set<std::pair<clock::time_point, token>> by_deadline_;
};

}  // namespace runlog::projections
