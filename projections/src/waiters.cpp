#include "waiters.hpp"

#include <algorithm>

namespace runlog::projections {

waiter_set::token waiter_set::add(std::string command_id, clock::time_point deadline,
                                  callback done) {
  const token t = next_++;
  by_command_[command_id].push_back(t);
  by_deadline_.emplace(deadline, t);
  entries_.emplace(t, entry{std::move(command_id), deadline, std::move(done)});
  return t;
}

waiter_set::callback waiter_set::remove(std::unordered_map<token, entry>::iterator it) {
  const token t = it->first;
  entry& e = it->second;
  by_deadline_.erase({e.deadline, t});
  if (const auto c = by_command_.find(e.command_id); c != by_command_.end()) {
    std::erase(c->second, t);
    if (c->second.empty()) by_command_.erase(c);
  }
  callback done = std::move(e.done);
  entries_.erase(it);
  return done;
}

std::optional<waiter_set::callback> waiter_set::take(token t) {
  const auto it = entries_.find(t);
  if (it == entries_.end()) return std::nullopt;
  return remove(it);
}

std::vector<waiter_set::callback> waiter_set::take_command(std::string_view command_id) {
  std::vector<callback> out;
  const auto c = by_command_.find(std::string(command_id));
  if (c == by_command_.end()) return out;
  const std::vector<token> tokens = c->second;
  for (const token t : tokens) {
    if (auto done = take(t)) out.push_back(std::move(*done));
  }
  return out;
}

std::vector<waiter_set::callback> waiter_set::take_expired(clock::time_point now) {
  std::vector<callback> out;
  while (!by_deadline_.empty() && by_deadline_.begin()->first <= now) {
    auto done = take(by_deadline_.begin()->second);
    if (!done)
      by_deadline_.erase(by_deadline_.begin());  // unreachable while indexes agree
    else
      out.push_back(std::move(*done));
  }
  return out;
}

std::vector<waiter_set::callback> waiter_set::take_all() {
  std::vector<callback> out;
  while (!entries_.empty()) out.push_back(remove(entries_.begin()));
  return out;
}

bool waiter_set::wants(std::string_view command_id) const {
  return by_command_.contains(std::string(command_id));
}

}  // namespace runlog::projections
