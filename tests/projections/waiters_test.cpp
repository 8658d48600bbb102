// waiter_set: every waiter is taken once, by command, by deadline or at shutdown.

#include <gtest/gtest.h>

#include "../../projections/src/waiters.hpp"

namespace runlog::projections {
namespace {

using clock = waiter_set::clock;
using namespace std::chrono_literals;

struct calls {
  int n = 0;
  waiter_set::callback make() {
    return [this](std::optional<outcome>) { ++n; };
  }
};

TEST(waiters, take_by_command_takes_every_waiter_of_that_command_only) {
  waiter_set w;
  calls c;
  const auto now = clock::now();
  w.add("cmd-1", now + 1s, c.make());
  w.add("cmd-1", now + 2s, c.make());
  w.add("cmd-2", now + 1s, c.make());
  EXPECT_TRUE(w.wants("cmd-1"));
  auto taken = w.take_command("cmd-1");
  EXPECT_EQ(taken.size(), 2u);
  EXPECT_FALSE(w.wants("cmd-1"));
  EXPECT_TRUE(w.wants("cmd-2"));
  EXPECT_EQ(w.size(), 1u);
  EXPECT_TRUE(w.take_command("cmd-1").empty());
}

TEST(waiters, take_expired_takes_only_past_deadlines_in_order) {
  waiter_set w;
  std::vector<int> order;
  const auto now = clock::now();
  w.add("b", now + 2ms, [&](std::optional<outcome>) { order.push_back(2); });
  w.add("a", now + 1ms, [&](std::optional<outcome>) { order.push_back(1); });
  w.add("c", now + 1h, [&](std::optional<outcome>) { order.push_back(3); });
  for (auto& done : w.take_expired(now + 5ms)) done(std::nullopt);
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
  EXPECT_EQ(w.size(), 1u);
  EXPECT_FALSE(w.wants("a"));
}

TEST(waiters, a_token_is_taken_once) {
  waiter_set w;
  calls c;
  const auto t = w.add("cmd", clock::now() + 1s, c.make());
  EXPECT_TRUE(w.take(t).has_value());
  EXPECT_FALSE(w.take(t).has_value());
  EXPECT_TRUE(w.take_expired(clock::now() + 1h).empty());
  EXPECT_TRUE(w.empty());
}

TEST(waiters, take_all_empties_the_set) {
  waiter_set w;
  calls c;
  w.add("x", clock::now(), c.make());
  w.add("y", clock::now(), c.make());
  EXPECT_EQ(w.take_all().size(), 2u);
  EXPECT_TRUE(w.empty());
  EXPECT_FALSE(w.wants("x"));
}

}  // namespace
}  // namespace runlog::projections
