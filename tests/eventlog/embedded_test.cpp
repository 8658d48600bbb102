// Embedded (RocksDB) backend specifics beyond the conformance suite: group commit, the stored
// partition count, draining on close, large and oversized batches, subscription fairness.

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "runlog/eventlog/embedded_log.hpp"
#include "support/temp_dir.hpp"

namespace runlog::eventlog {
namespace {

using namespace std::chrono_literals;
using runlog::testing::temp_dir;

// Counts completed append callbacks and lets a test wait for them (bounded).
class completions {
 public:
  event_log::append_callback callback() {
    return [this](result<std::vector<position>> r) {
      std::lock_guard lock(mu_);
      if (r) {
        ++ok_;
      } else {
        errors_.push_back(r.error().code);
      }
      cv_.notify_all();
    };
  }
  bool wait_for(std::size_t n) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, 30s, [&] { return ok_ + errors_.size() >= n; });
  }
  std::size_t ok() {
    std::lock_guard lock(mu_);
    return ok_;
  }
  std::vector<std::error_code> errors() {
    std::lock_guard lock(mu_);
    return errors_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::size_t ok_ = 0;
  std::vector<std::error_code> errors_;
};

class embedded : public ::testing::Test {
 protected:
  std::unique_ptr<event_log> open(std::uint32_t partitions = 4) {
    auto log = open_embedded({dir_.path() / "log", partitions});
    EXPECT_TRUE(log) << log.error().message;
    return log ? std::move(*log) : nullptr;
  }

  temp_dir dir_{"runlog-embedded"};
};

TEST_F(embedded, concurrent_appends_share_synced_writes) {
  auto log = open();
  ASSERT_TRUE(log);
  // The first callback holds the writer until every other append is queued, so they must all
  // go into one group commit.
  std::promise<void> all_queued;
  auto queued = all_queued.get_future().share();
  completions done;
  auto counted = done.callback();
  log->append_async({{"first", "0"}}, [queued, counted](result<std::vector<position>> r) {
    queued.wait();
    counted(std::move(r));
  });
  constexpr int others = 50;
  for (int i = 0; i < others; ++i) {
    log->append_async({{"key-" + std::to_string(i), std::to_string(i)}}, done.callback());
  }
  all_queued.set_value();
  ASSERT_TRUE(done.wait_for(others + 1));
  EXPECT_EQ(done.ok(), static_cast<std::size_t>(others + 1));
  const auto stats = stats_of(*log);
  EXPECT_EQ(stats.appends, static_cast<std::uint64_t>(others + 1));
  EXPECT_EQ(stats.records, static_cast<std::uint64_t>(others + 1));
  EXPECT_LE(stats.synced_writes, 2u);
  EXPECT_LT(stats.synced_writes, stats.appends);
}

TEST_F(embedded, reopening_with_another_partition_count_fails) {
  ASSERT_TRUE(open(4));
  auto other = open_embedded({dir_.path() / "log", 5});
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, make_error_code(errc::invalid_argument));
  auto same = open_embedded({dir_.path() / "log", 4});
  ASSERT_TRUE(same) << same.error().message;
  EXPECT_EQ((*same)->partitions(), 4u);
}

TEST_F(embedded, zero_partitions_is_invalid) {
  auto log = open_embedded({dir_.path() / "log", 0});
  ASSERT_FALSE(log);
  EXPECT_EQ(log.error().code, make_error_code(errc::invalid_argument));
}

TEST_F(embedded, empty_batch_completes_with_no_positions) {
  auto log = open();
  ASSERT_TRUE(log);
  auto r = log->append({});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->empty());
  EXPECT_EQ(log->append({{"k", "v"}}).value_or(std::vector<position>{}).size(), 1u);
}

TEST_F(embedded, closing_completes_every_queued_append) {
  completions done;
  constexpr int appends = 200;
  {
    auto log = open();
    ASSERT_TRUE(log);
    for (int i = 0; i < appends; ++i) {
      log->append_async({{"k" + std::to_string(i % 7), std::to_string(i)}}, done.callback());
    }
  }
  ASSERT_TRUE(done.wait_for(appends));
  EXPECT_EQ(done.ok(), static_cast<std::size_t>(appends));
  auto log = open();
  ASSERT_TRUE(log);
  offset total = 0;
  for (partition_id p = 0; p < log->partitions(); ++p) total += log->end_offset(p).value_or(0);
  EXPECT_EQ(total, static_cast<offset>(appends));
}

TEST_F(embedded, subscription_outliving_its_log_reports_closed) {
  auto log = open();
  ASSERT_TRUE(log);
  auto sub = log->subscribe({{0, 0}});
  ASSERT_TRUE(sub);
  log.reset();
  auto r = (*sub)->poll(10ms, 10);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, make_error_code(errc::closed));
}

TEST_F(embedded, large_batch_round_trips) {
  auto log = open();
  ASSERT_TRUE(log);
  std::vector<record_to_append> batch;
  for (int i = 0; i < 5000; ++i) {
    batch.push_back({"key-" + std::to_string(i % 13), std::string(100, 'a' + i % 26)});
  }
  auto positions = log->append(batch);
  ASSERT_TRUE(positions) << positions.error().message;
  ASSERT_EQ(positions->size(), batch.size());
  std::map<partition_id, std::vector<stored_record>> stored;
  for (partition_id p = 0; p < log->partitions(); ++p) {
    auto records = log->read(p, 0, 10000);
    ASSERT_TRUE(records) << records.error().message;
    stored[p] = std::move(*records);
  }
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const auto [p, off] = (*positions)[i];
    ASSERT_LT(off, stored[p].size());
    EXPECT_EQ(stored[p][off].key, batch[i].key);
    EXPECT_EQ(stored[p][off].value, batch[i].value);
  }
}

TEST_F(embedded, oversized_record_is_rejected_and_the_log_goes_on) {
  auto log = open();
  ASSERT_TRUE(log);
  auto big = log->append({{"k", "small"}, {"k", std::string((32u << 20) + 1, 'x')}});
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().code, make_error_code(errc::invalid_argument));
  auto next = log->append({{"k", "after"}});
  ASSERT_TRUE(next) << next.error().message;
  EXPECT_EQ(next->front().off, 0u);
}

TEST_F(embedded, duplicate_partitions_in_subscribe_are_invalid) {
  auto log = open();
  ASSERT_TRUE(log);
  auto sub = log->subscribe({{1, 0}, {1, 5}});
  ASSERT_FALSE(sub);
  EXPECT_EQ(sub.error().code, make_error_code(errc::invalid_argument));
}

TEST_F(embedded, busy_partition_does_not_starve_others) {
  auto log = open();
  ASSERT_TRUE(log);
  const std::string busy = "busy";
  std::string quiet = "quiet";
  for (int i = 0; partition_for(quiet, 4) == partition_for(busy, 4) && i < 100; ++i) {
    quiet += "!";
  }
  const auto busy_p = partition_for(busy, 4);
  const auto quiet_p = partition_for(quiet, 4);
  ASSERT_NE(busy_p, quiet_p);
  std::vector<record_to_append> batch(100, record_to_append{busy, "b"});
  ASSERT_TRUE(log->append(batch));
  ASSERT_TRUE(log->append({{quiet, "q"}}));
  auto sub = log->subscribe({{busy_p, 0}, {quiet_p, 0}});
  ASSERT_TRUE(sub);
  auto first = (*sub)->poll(1s, 10);
  ASSERT_TRUE(first) << first.error().message;
  ASSERT_LE(first->size(), 10u);
  const bool has_quiet = std::any_of(first->begin(), first->end(),
                                     [&](const stored_record& r) { return r.key == quiet; });
  EXPECT_TRUE(has_quiet);
}

TEST_F(embedded, concurrent_appends_and_subscriber_see_everything_once) {
  auto log = open();
  ASSERT_TRUE(log);
  auto sub = log->subscribe({{0, 0}, {1, 0}, {2, 0}, {3, 0}});
  ASSERT_TRUE(sub);
  constexpr int writers = 4;
  constexpr int appends = 200;
  std::vector<std::thread> threads;
  for (int t = 0; t < writers; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < appends; ++i) {
        EXPECT_TRUE(log->append({{"w" + std::to_string(t) + "-" + std::to_string(i % 5), "x"}}));
      }
    });
  }
  std::set<std::pair<partition_id, offset>> seen;
  std::map<partition_id, offset> next;
  // Bounded by time, not by poll count: on a loaded machine polls may return one record each.
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (seen.size() < writers * appends && std::chrono::steady_clock::now() < deadline) {
    auto batch = (*sub)->poll(500ms, 37);
    ASSERT_TRUE(batch) << batch.error().message;
    for (const auto& r : *batch) {
      EXPECT_TRUE(seen.insert({r.partition, r.off}).second);
      EXPECT_EQ(r.off, next[r.partition]++);
    }
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(writers * appends));
}

}  // namespace
}  // namespace runlog::eventlog
