// Kafka-specific behaviour of the eventlog backend, on librdkafka's mock cluster: opening
// checks the topic, and the idempotent producer neither loses nor duplicates records when
// brokers fail.

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <optional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "eventlog/kafka_backend.hpp"

namespace runlog::testing {
namespace {

using eventlog::errc;
using eventlog::offset;
using eventlog::partition_id;
using eventlog::position;
using eventlog::record_to_append;
using eventlog::stored_record;
using namespace std::chrono_literals;

constexpr std::int16_t produce_api_key = 0;  // Kafka protocol ApiKey of Produce
constexpr auto completion_bound = 60s;       // a generous bound, not a timing assertion

// The outcomes of several append_async calls; shared with the callbacks so that a test
// giving up early never leaves them pointing at a dead stack frame.
struct completions {
  std::mutex mutex;
  std::condition_variable changed;
  std::map<int, result<std::vector<position>>> outcomes;

  eventlog::event_log::append_callback callback_for(int id, std::shared_ptr<completions> self) {
    return [id, self = std::move(self)](result<std::vector<position>> outcome) {
      const std::lock_guard lock(self->mutex);
      EXPECT_TRUE(self->outcomes.emplace(id, std::move(outcome)).second) << "called twice";
      self->changed.notify_all();
    };
  }

  bool wait_for(std::size_t count) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, completion_bound, [&] { return outcomes.size() >= count; });
  }
};

// Every record of a partition, read in chunks until the end.
std::vector<stored_record> read_partition(eventlog::event_log& log, partition_id partition) {
  std::vector<stored_record> all;
  for (int i = 0; i < 1000; ++i) {
    auto chunk = log.read(partition, all.size(), 64);
    EXPECT_TRUE(chunk) << chunk.error().message;
    if (!chunk || chunk->empty()) break;
    for (auto& r : *chunk) all.push_back(std::move(r));
  }
  return all;
}

// How strictly expect_exactly() checks the positions the append callbacks reported.
enum class reported_positions { exact, unchecked };

// The whole log must hold exactly `expected` (value -> position), each once, offsets 0..n-1,
// and a batch's records of one key in call order (values "b<batch>-<i>").
void expect_exactly(eventlog::event_log& log, const std::map<std::string, position>& expected,
                    reported_positions check = reported_positions::exact) {
  std::set<std::string> seen;
  for (partition_id p = 0; p < log.partitions(); ++p) {
    const auto records = read_partition(log, p);
    std::map<std::string, std::string> last_by_key;  // key -> value last seen
    // "b<batch>-<i>" -> {batch, i}; values of other shapes are not order-checked here.
    const auto parse = [](const std::string& v) -> std::optional<std::pair<int, int>> {
      int batch = 0, index = 0;
      if (std::sscanf(v.c_str(), "b%d-%d", &batch, &index) != 2) return std::nullopt;
      return std::pair{batch, index};
    };
    for (std::size_t i = 0; i < records.size(); ++i) {
      EXPECT_EQ(records[i].off, i) << "gap in partition " << p;
      EXPECT_TRUE(seen.insert(records[i].value).second) << "duplicate " << records[i].value;
      auto it = expected.find(records[i].value);
      ASSERT_NE(it, expected.end()) << "unexpected record " << records[i].value;
      EXPECT_EQ(it->second.partition, p) << records[i].value;
      if (check == reported_positions::exact) {
        EXPECT_EQ(it->second, (position{p, records[i].off})) << records[i].value;
      }
      if (const auto prev = last_by_key.find(records[i].key); prev != last_by_key.end()) {
        const auto now = parse(records[i].value);
        const auto before = parse(prev->second);
        if (now && before && now->first == before->first) {
          EXPECT_LT(before->second, now->second) << "key order broken in batch " << now->first;
        }
      }
      last_by_key[records[i].key] = records[i].value;
    }
  }
  EXPECT_EQ(seen.size(), expected.size());
}

// Appends `batches` batches of 10 records over 8 keys from 4 threads; returns value -> position.
std::map<std::string, position> append_concurrently(eventlog::event_log& log, int batches) {
  auto done = std::make_shared<completions>();
  std::vector<std::vector<record_to_append>> sent(batches);
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&, t] {
      for (int b = t; b < batches; b += 4) {
        for (int i = 0; i < 10; ++i) {
          sent[b].push_back({"key-" + std::to_string((b + i) % 8),
                             "b" + std::to_string(b) + "-" + std::to_string(i)});
        }
        log.append_async(sent[b], done->callback_for(b, done));
      }
    });
  }
  for (auto& w : writers) w.join();
  EXPECT_TRUE(done->wait_for(batches)) << "appends did not complete";
  std::map<std::string, position> positions;
  const std::lock_guard lock(done->mutex);
  for (auto& [b, outcome] : done->outcomes) {
    EXPECT_TRUE(outcome) << outcome.error().message;
    if (!outcome) continue;
    EXPECT_EQ(outcome->size(), sent[b].size());
    for (std::size_t i = 0; i < outcome->size() && i < sent[b].size(); ++i) {
      positions[sent[b][i].value] = (*outcome)[i];
    }
  }
  return positions;
}

std::unique_ptr<eventlog::event_log> open_log(kafka_fixture& fixture) {
  auto log = fixture.open();
  EXPECT_TRUE(log) << log.error().message;
  return log ? std::move(*log) : nullptr;
}

TEST(kafka_log, open_fails_for_a_missing_topic) {
  kafka_fixture fixture;
  auto options = fixture.options();
  options.topic = "no.such.topic";
  auto log = eventlog::open_kafka(options);
  ASSERT_FALSE(log);
  EXPECT_EQ(log.error().code, make_error_code(errc::invalid_argument));
  EXPECT_NE(log.error().message.find("no.such.topic"), std::string::npos) << log.error().message;
}

TEST(kafka_log, open_fails_for_a_partition_count_mismatch) {
  kafka_fixture fixture;
  auto options = fixture.options();
  options.partitions = kafka_fixture::default_partitions + 1;
  auto log = eventlog::open_kafka(options);
  ASSERT_FALSE(log);
  EXPECT_EQ(log.error().code, make_error_code(errc::invalid_argument));
  EXPECT_NE(log.error().message.find("4 partitions"), std::string::npos) << log.error().message;
}

TEST(kafka_log, open_fails_for_an_unknown_property) {
  kafka_fixture fixture;
  auto options = fixture.options();
  options.extra["no.such.property"] = "1";
  auto log = eventlog::open_kafka(options);
  ASSERT_FALSE(log);
  EXPECT_EQ(log.error().code, make_error_code(errc::invalid_argument));
  EXPECT_NE(log.error().message.find("no.such.property"), std::string::npos);
}

TEST(kafka_log, retried_produce_requests_neither_lose_nor_duplicate_records) {
  kafka_fixture fixture;
  auto log = open_log(fixture);
  ASSERT_TRUE(log);
  // Retriable broker errors on the next Produce requests: answered before anything is stored.
  rd_kafka_mock_push_request_errors(
      fixture.cluster(), produce_api_key, 4, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
      RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
      RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION);
  const auto positions = append_concurrently(*log, 20);
  ASSERT_EQ(positions.size(), 200u);
  expect_exactly(*log, positions);
}

TEST(kafka_log, dropped_connections_neither_lose_nor_duplicate_records) {
  kafka_fixture fixture;
  auto log = open_log(fixture);
  ASSERT_TRUE(log);
  // The connection drops after the request: the broker may have stored the batch, and the
  // idempotent producer's retry must then be deduplicated, never stored twice.
  rd_kafka_mock_push_request_errors(fixture.cluster(), produce_api_key, 3,
                                    RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__TRANSPORT,
                                    RD_KAFKA_RESP_ERR__TRANSPORT);
  const auto positions = append_concurrently(*log, 20);
  ASSERT_EQ(positions.size(), 200u);
  // Content, order and partitions are checked exactly. The offsets reported for a
  // deduplicated retry are not: librdkafka 2.0.2's mock cluster answers such a retry with its
  // current end offset instead of the original batch's (a real broker returns the original
  // offsets of the last five batches per producer), seen as flaky failures here.
  expect_exactly(*log, positions, reported_positions::unchecked);
}

TEST(kafka_log, delivery_survives_a_leader_going_down_and_up) {
  kafka_fixture fixture;
  for (partition_id p = 0; p < fixture.partitions(); ++p) {
    rd_kafka_mock_partition_set_leader(fixture.cluster(), fixture.topic().c_str(),
                                       static_cast<std::int32_t>(p),
                                       1 + static_cast<std::int32_t>(p % kafka_fixture::brokers));
  }
  auto log = open_log(fixture);
  ASSERT_TRUE(log);
  const std::string key = "survivor";
  const auto p = eventlog::partition_for(key, fixture.partitions());
  const auto leader = 1 + static_cast<std::int32_t>(p % kafka_fixture::brokers);
  auto first = log->append({{key, "before"}});
  ASSERT_TRUE(first) << first.error().message;
  std::map<std::string, position> expected{{"before", first->front()}};

  // Nothing is in flight now, so the broker cannot have stored a request it never answered.
  ASSERT_EQ(rd_kafka_mock_broker_set_down(fixture.cluster(), leader), 0);
  auto done = std::make_shared<completions>();
  std::vector<std::vector<record_to_append>> sent;
  for (int b = 0; b < 5; ++b) {
    sent.push_back(
        {{key, "down-" + std::to_string(b) + "a"}, {key, "down-" + std::to_string(b) + "b"}});
    log->append_async(sent.back(), done->callback_for(b, done));
  }
  std::this_thread::sleep_for(300ms);  // let the producer find the leader unreachable
  ASSERT_EQ(rd_kafka_mock_broker_set_up(fixture.cluster(), leader), 0);

  ASSERT_TRUE(done->wait_for(sent.size())) << "appends did not complete after the broker came back";
  const std::lock_guard lock(done->mutex);
  for (auto& [b, outcome] : done->outcomes) {
    ASSERT_TRUE(outcome) << outcome.error().message;
    ASSERT_EQ(outcome->size(), 2u);
    EXPECT_EQ((*outcome)[1].off, (*outcome)[0].off + 1);
    expected[sent[b][0].value] = (*outcome)[0];
    expected[sent[b][1].value] = (*outcome)[1];
  }
  expect_exactly(*log, expected);
  auto records = read_partition(*log, p);
  ASSERT_EQ(records.size(), 11u);
  EXPECT_EQ(records.front().value, "before");
  for (std::size_t i = 1; i < records.size(); ++i) {
    EXPECT_EQ(records[i].value, sent[(i - 1) / 2][(i - 1) % 2].value) << "order at " << i;
  }
}

TEST(kafka_log, a_rejected_produce_request_fails_the_whole_batch) {
  kafka_fixture fixture;
  auto log = open_log(fixture);
  ASSERT_TRUE(log);
  rd_kafka_mock_push_request_errors(fixture.cluster(), produce_api_key, 1,
                                    RD_KAFKA_RESP_ERR_POLICY_VIOLATION);
  auto rejected = log->append({{"k", "a"}, {"k", "b"}, {"k", "c"}});
  ASSERT_FALSE(rejected);
  EXPECT_EQ(rejected.error().code, make_error_code(errc::broker));
  EXPECT_FALSE(rejected.error().message.empty());

  auto accepted = log->append({{"k", "d"}});
  ASSERT_TRUE(accepted) << accepted.error().message;
  expect_exactly(*log, {{"d", accepted->front()}});
}

TEST(kafka_log, a_subscription_past_the_end_reports_a_broker_error) {
  kafka_fixture fixture;
  auto log = open_log(fixture);
  ASSERT_TRUE(log);
  auto sub = log->subscribe({{0, 5}});
  ASSERT_TRUE(sub) << sub.error().message;
  std::optional<error> failure;
  for (int i = 0; i < 40 && !failure; ++i) {
    auto polled = (*sub)->poll(250ms, 10);
    if (!polled)
      failure = polled.error();
    else
      EXPECT_TRUE(polled->empty());
  }
  ASSERT_TRUE(failure) << "no error for a start offset past the end";
  EXPECT_EQ(failure->code, make_error_code(errc::broker));
}

TEST(kafka_log, closing_fails_appends_that_cannot_be_delivered_with_closed) {
  kafka_fixture fixture;
  auto log = open_log(fixture);
  ASSERT_TRUE(log);
  ASSERT_EQ(rd_kafka_mock_broker_set_down(fixture.cluster(), -1), 0);
  auto done = std::make_shared<completions>();
  for (int b = 0; b < 3; ++b) {
    log->append_async({{"k" + std::to_string(b), "v"}}, done->callback_for(b, done));
  }
  log.reset();  // bounded flush, then purge: every callback fires exactly once
  ASSERT_TRUE(done->wait_for(3));
  const std::lock_guard lock(done->mutex);
  for (auto& [b, outcome] : done->outcomes) {
    ASSERT_FALSE(outcome) << "batch " << b << " cannot have been delivered";
    EXPECT_EQ(outcome.error().code, make_error_code(errc::closed)) << outcome.error().message;
  }
}

}  // namespace
}  // namespace runlog::testing
