// The eventlog conformance suite: the semantics stated in event_log.hpp, for every backend.
// Backends instantiate it (embedded_backend.cpp, kafka_backend.cpp); nothing here may depend
// on one backend (no file paths, no fsync counts), and waits are generous bounded polls.

#include "eventlog/conformance.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace runlog::testing {
namespace {

using eventlog::event_log;
using eventlog::offset;
using eventlog::partition_id;
using eventlog::position;
using eventlog::record_to_append;
using eventlog::start_at;
using eventlog::stored_record;
using namespace std::chrono_literals;

constexpr auto poll_timeout = 500ms;
constexpr int max_polls = 40;  // 40 x 500 ms: a generous bound for slow backends

// One key per partition for the first `n` partitions that "key-<i>" hashes to.
std::vector<std::string> keys_on_distinct_partitions(std::uint32_t partitions, std::size_t n) {
  std::map<partition_id, std::string> by_partition;
  for (int i = 0; by_partition.size() < n && i < 100000; ++i) {
    auto key = "key-" + std::to_string(i);
    by_partition.try_emplace(eventlog::partition_for(key, partitions), key);
  }
  std::vector<std::string> keys;
  for (auto& [p, key] : by_partition) keys.push_back(key);
  return keys;
}

// Polls until `expected` records arrived (or the bounded wait ends); checks no poll fails.
std::vector<stored_record> poll_until(eventlog::subscription& sub, std::size_t expected,
                                      std::size_t max_records = 64) {
  std::vector<stored_record> got;
  for (int i = 0; i < max_polls && got.size() < expected; ++i) {
    auto batch = sub.poll(poll_timeout, max_records);
    EXPECT_TRUE(batch) << batch.error().message;
    if (!batch) break;
    EXPECT_LE(batch->size(), max_records);
    for (auto& r : *batch) got.push_back(std::move(r));
  }
  return got;
}

std::vector<start_at> all_from_zero(std::uint32_t partitions) {
  std::vector<start_at> from;
  for (partition_id p = 0; p < partitions; ++p) from.push_back({p, 0});
  return from;
}

// Within each partition, offsets must be strictly increasing by one from the first seen.
void expect_contiguous_per_partition(const std::vector<stored_record>& records) {
  std::map<partition_id, offset> next;
  for (const auto& r : records) {
    auto [it, fresh] = next.try_emplace(r.partition, r.off);
    EXPECT_EQ(r.off, it->second) << "partition " << r.partition;
    it->second = r.off + 1;
  }
}

}  // namespace

void conformance::SetUp() {
  fixture_ = GetParam().make();
  ASSERT_TRUE(fixture_);
  partitions_ = fixture_->partitions();
  ASSERT_GE(partitions_, 3u);
  reopen();
}

void conformance::reopen() {
  log_.reset();
  auto opened = fixture_->open();
  ASSERT_TRUE(opened) << opened.error().message;
  log_ = std::move(*opened);
  ASSERT_EQ(log_->partitions(), partitions_);
}

position conformance::append_one(const std::string& key, const std::string& value) {
  auto r = log_->append({{key, value}});
  EXPECT_TRUE(r) << r.error().message;
  if (!r || r->size() != 1) {
    ADD_FAILURE() << "append did not return one position";
    return {};
  }
  return r->front();
}

namespace {

TEST_P(conformance, offsets_start_at_zero_and_are_contiguous_per_partition) {
  const auto keys = keys_on_distinct_partitions(partitions_, 3);
  ASSERT_EQ(keys.size(), 3u);
  std::map<partition_id, offset> expected;
  for (int round = 0; round < 4; ++round) {
    for (const auto& key : keys) {
      const auto pos = append_one(key, "v" + std::to_string(round));
      EXPECT_EQ(pos.partition, eventlog::partition_for(key, partitions_));
      EXPECT_EQ(pos.off, expected[pos.partition]++);
    }
  }
}

TEST_P(conformance, records_of_one_append_sharing_a_partition_are_contiguous) {
  const auto keys = keys_on_distinct_partitions(partitions_, 3);
  constexpr int threads = 4;
  constexpr int batches = 10;
  std::vector<std::thread> writers;
  for (int t = 0; t < threads; ++t) {
    writers.emplace_back([&, t] {
      for (int b = 0; b < batches; ++b) {
        std::vector<record_to_append> batch;
        for (int i = 0; i < 9; ++i) {
          batch.push_back({keys[i % keys.size()], std::to_string(t) + "/" + std::to_string(b) +
                                                      "/" + std::to_string(i)});
        }
        auto r = log_->append(batch);
        EXPECT_TRUE(r) << r.error().message;
        if (!r) return;
        EXPECT_EQ(r->size(), batch.size());
        std::map<partition_id, offset> last;
        for (std::size_t i = 0; i < r->size(); ++i) {
          const auto [p, off] = (*r)[i];
          EXPECT_EQ(p, eventlog::partition_for(batch[i].key, partitions_));
          if (auto it = last.find(p); it != last.end()) {
            EXPECT_EQ(off, it->second + 1);
          }
          last[p] = off;
          auto back = log_->read(p, off, 1);
          EXPECT_TRUE(back && back->size() == 1 && back->front().value == batch[i].value);
        }
      }
    });
  }
  for (auto& w : writers) w.join();
  offset total = 0;
  for (partition_id p = 0; p < partitions_; ++p) total += log_->end_offset(p).value_or(0);
  EXPECT_EQ(total, static_cast<offset>(threads * batches * 9));
}

TEST_P(conformance, read_honours_offset_and_max_records_and_ends_empty) {
  const std::string key = "reader";
  const auto p = eventlog::partition_for(key, partitions_);
  for (int i = 0; i < 10; ++i) append_one(key, "value-" + std::to_string(i));

  auto middle = log_->read(p, 3, 4);
  ASSERT_TRUE(middle) << middle.error().message;
  ASSERT_EQ(middle->size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ((*middle)[i].partition, p);
    EXPECT_EQ((*middle)[i].off, 3 + i);
    EXPECT_EQ((*middle)[i].key, key);
    EXPECT_EQ((*middle)[i].value, "value-" + std::to_string(3 + i));
  }
  auto tail = log_->read(p, 8, 100);
  ASSERT_TRUE(tail);
  ASSERT_EQ(tail->size(), 2u);
  EXPECT_EQ(tail->back().off, 9u);
  EXPECT_EQ(tail->back().value, "value-9");
  auto at_end = log_->read(p, 10, 5);
  ASSERT_TRUE(at_end);
  EXPECT_TRUE(at_end->empty());
  auto past_end = log_->read(p, 1000, 5);
  ASSERT_TRUE(past_end);
  EXPECT_TRUE(past_end->empty());
  auto other = log_->read((p + 1) % partitions_, 0, 5);
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->empty());
}

TEST_P(conformance, end_offset_counts_records) {
  for (partition_id p = 0; p < partitions_; ++p) {
    auto end = log_->end_offset(p);
    ASSERT_TRUE(end) << end.error().message;
    EXPECT_EQ(*end, 0u);
  }
  const std::string key = "counted";
  const auto p = eventlog::partition_for(key, partitions_);
  ASSERT_TRUE(log_->append({{key, "a"}, {key, "b"}, {key, "c"}}));
  EXPECT_EQ(log_->end_offset(p).value_or(0), 3u);
  EXPECT_EQ(append_one(key, "d").off, 3u);
  EXPECT_EQ(log_->end_offset(p).value_or(0), 4u);
  EXPECT_EQ(log_->end_offset((p + 1) % partitions_).value_or(99), 0u);
}

TEST_P(conformance, invalid_partition_is_rejected) {
  const partition_id bad = partitions_;
  const auto invalid = make_error_code(eventlog::errc::invalid_argument);
  auto read = log_->read(bad, 0, 1);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, invalid);
  auto end = log_->end_offset(bad);
  ASSERT_FALSE(end);
  EXPECT_EQ(end.error().code, invalid);
  auto committed = log_->committed("group", bad);
  ASSERT_FALSE(committed);
  EXPECT_EQ(committed.error().code, invalid);
  auto commit = log_->commit("group", bad, 1);
  ASSERT_FALSE(commit);
  EXPECT_EQ(commit.error().code, invalid);
  auto sub = log_->subscribe({{0, 0}, {bad, 0}});
  ASSERT_FALSE(sub);
  EXPECT_EQ(sub.error().code, invalid);
}

TEST_P(conformance, per_key_order_is_total_under_concurrent_appenders) {
  constexpr int threads = 4;
  constexpr int appends = 100;
  const std::vector<std::string> keys = {"alpha", "beta", "gamma", "delta"};
  std::vector<std::thread> writers;
  for (int t = 0; t < threads; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < appends; ++i) {
        auto r = log_->append({{keys[(t + i) % keys.size()],
                                std::to_string(t) + ":" + std::to_string(i)}});
        EXPECT_TRUE(r) << r.error().message;
        if (!r) return;
      }
    });
  }
  for (auto& w : writers) w.join();

  // Per key, each writer's sequence numbers appear strictly increasing, each exactly once.
  std::map<std::pair<std::string, int>, int> last_seq;
  std::size_t total = 0;
  for (partition_id p = 0; p < partitions_; ++p) {
    auto records = log_->read(p, 0, threads * appends + 1);
    ASSERT_TRUE(records) << records.error().message;
    expect_contiguous_per_partition(*records);
    for (const auto& r : *records) {
      EXPECT_EQ(r.partition, eventlog::partition_for(r.key, partitions_));
      const auto colon = r.value.find(':');
      ASSERT_NE(colon, std::string::npos);
      const int writer = std::stoi(r.value.substr(0, colon));
      const int seq = std::stoi(r.value.substr(colon + 1));
      auto [it, fresh] = last_seq.try_emplace({r.key, writer}, seq);
      if (!fresh) {
        EXPECT_GT(seq, it->second) << r.key << " writer " << writer;
      }
      it->second = seq;
      ++total;
    }
  }
  EXPECT_EQ(total, static_cast<std::size_t>(threads * appends));
}

TEST_P(conformance, committed_offsets_round_trip_per_group) {
  auto none = log_->committed("workers", 1);
  ASSERT_TRUE(none) << none.error().message;
  EXPECT_FALSE(none->has_value());

  ASSERT_TRUE(log_->commit("workers", 1, 5));
  EXPECT_EQ(log_->committed("workers", 1).value_or(std::nullopt), std::optional<offset>(5));
  ASSERT_TRUE(log_->commit("workers", 1, 7));
  EXPECT_EQ(log_->committed("workers", 1).value_or(std::nullopt), std::optional<offset>(7));

  auto other_partition = log_->committed("workers", 2);
  ASSERT_TRUE(other_partition);
  EXPECT_FALSE(other_partition->has_value());
  auto other_group = log_->committed("projector", 1);
  ASSERT_TRUE(other_group);
  EXPECT_FALSE(other_group->has_value());

  ASSERT_TRUE(log_->commit("projector", 1, 2));
  EXPECT_EQ(log_->committed("projector", 1).value_or(std::nullopt), std::optional<offset>(2));
  EXPECT_EQ(log_->committed("workers", 1).value_or(std::nullopt), std::optional<offset>(7));
}

TEST_P(conformance, reopen_keeps_records_and_commits_and_continues_offsets) {
  const std::string key = "durable";
  const auto p = eventlog::partition_for(key, partitions_);
  for (int i = 0; i < 3; ++i) append_one(key, "before-" + std::to_string(i));
  ASSERT_TRUE(log_->commit("workers", p, 2));

  reopen();
  auto records = log_->read(p, 0, 10);
  ASSERT_TRUE(records) << records.error().message;
  ASSERT_EQ(records->size(), 3u);
  EXPECT_EQ(records->at(2).value, "before-2");
  EXPECT_EQ(records->at(2).key, key);
  EXPECT_EQ(log_->end_offset(p).value_or(0), 3u);
  EXPECT_EQ(log_->committed("workers", p).value_or(std::nullopt), std::optional<offset>(2));
  EXPECT_EQ(append_one(key, "after").off, 3u);
  auto after = log_->read(p, 3, 10);
  ASSERT_TRUE(after);
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ(after->front().value, "after");
}

TEST_P(conformance, subscription_delivers_existing_then_live_records) {
  const auto keys = keys_on_distinct_partitions(partitions_, 3);
  std::set<std::pair<partition_id, offset>> expected;
  for (int i = 0; i < 5; ++i) {
    for (const auto& key : keys) {
      const auto pos = append_one(key, "old-" + std::to_string(i));
      expected.insert({pos.partition, pos.off});
    }
  }
  // One partition starts past its first records: those must not be delivered.
  const partition_id skipped = eventlog::partition_for(keys[0], partitions_);
  std::vector<start_at> from = all_from_zero(partitions_);
  from[skipped].from = 2;
  expected.erase({skipped, 0});
  expected.erase({skipped, 1});
  auto sub = log_->subscribe(from);
  ASSERT_TRUE(sub) << sub.error().message;

  std::thread live([&] {
    for (int i = 0; i < 5; ++i) {
      for (const auto& key : keys) {
        auto r = log_->append({{key, "new-" + std::to_string(i)}});
        EXPECT_TRUE(r) << r.error().message;
      }
    }
  });
  auto got = poll_until(**sub, expected.size() + 15, 4);
  live.join();
  auto extra = (*sub)->poll(200ms, 64);
  ASSERT_TRUE(extra) << extra.error().message;
  for (auto& r : *extra) got.push_back(std::move(r));

  std::set<std::pair<partition_id, offset>> seen;
  for (const auto& r : got) {
    EXPECT_TRUE(seen.insert({r.partition, r.off}).second) << "duplicate " << r.partition;
    EXPECT_EQ(r.partition, eventlog::partition_for(r.key, partitions_));
  }
  expect_contiguous_per_partition(got);
  EXPECT_EQ(got.size(), expected.size() + 15);
  for (const auto& pos : expected) EXPECT_TRUE(seen.count(pos)) << pos.first << "/" << pos.second;
  const auto new_records = std::count_if(got.begin(), got.end(), [](const stored_record& r) {
    return r.value.rfind("new-", 0) == 0;
  });
  EXPECT_EQ(new_records, 15);
}

TEST_P(conformance, poll_times_out_with_an_empty_vector) {
  auto sub = log_->subscribe(all_from_zero(partitions_));
  ASSERT_TRUE(sub) << sub.error().message;
  auto empty = (*sub)->poll(50ms, 10);
  ASSERT_TRUE(empty) << empty.error().message;
  EXPECT_TRUE(empty->empty());

  append_one("once", "x");
  auto got = poll_until(**sub, 1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got.front().value, "x");
  auto drained = (*sub)->poll(50ms, 10);
  ASSERT_TRUE(drained) << drained.error().message;
  EXPECT_TRUE(drained->empty());
}

TEST_P(conformance, restart_from_committed_offset_delivers_exactly_the_rest) {
  const auto keys = keys_on_distinct_partitions(partitions_, 3);
  std::vector<record_to_append> batch;
  for (int i = 0; i < 30; ++i) batch.push_back({keys[i % 3], "r" + std::to_string(i)});
  ASSERT_TRUE(log_->append(batch));

  std::set<std::pair<partition_id, offset>> consumed;
  {
    auto sub = log_->subscribe(all_from_zero(partitions_));
    ASSERT_TRUE(sub) << sub.error().message;
    const auto first = poll_until(**sub, 12, 4);
    ASSERT_GE(first.size(), 12u);
    std::map<partition_id, offset> next;
    for (const auto& r : first) {
      consumed.insert({r.partition, r.off});
      next[r.partition] = r.off + 1;
    }
    for (const auto& [p, off] : next) ASSERT_TRUE(log_->commit("restart", p, off));
  }
  reopen();

  std::vector<start_at> from;
  for (partition_id p = 0; p < partitions_; ++p) {
    auto c = log_->committed("restart", p);
    ASSERT_TRUE(c) << c.error().message;
    from.push_back({p, c->value_or(0)});
  }
  auto sub = log_->subscribe(from);
  ASSERT_TRUE(sub) << sub.error().message;
  const auto rest = poll_until(**sub, 30 - consumed.size());
  EXPECT_EQ(rest.size(), 30 - consumed.size());
  for (const auto& r : rest) {
    EXPECT_TRUE(consumed.insert({r.partition, r.off}).second) << "redelivered " << r.off;
  }
  EXPECT_EQ(consumed.size(), 30u);
  auto nothing_more = (*sub)->poll(50ms, 10);
  ASSERT_TRUE(nothing_more);
  EXPECT_TRUE(nothing_more->empty());
}

}  // namespace
}  // namespace runlog::testing
