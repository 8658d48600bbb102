// The progress feed over a real store fed with log-shaped batches: message rows and their
// order, cursors, catch-up followed by live messages without gap or duplicate, overflow,
// tenant isolation, workflow deletion, and replay equality.

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>

#include <rocksdb/db.h>

#include "../../projections/src/batch.hpp"
#include "../../projections/src/projection.hpp"
#include "projections/scenario.hpp"
#include "projections/store_setup.hpp"
#include "runlog/projections/feed.hpp"
#include "support/temp_dir.hpp"

namespace runlog::projections {
namespace {

using testing::open_store;

using json = nlohmann::json;
using testing::make_scenario;
using testing::temp_dir;
using testing::to_stored;

constexpr std::uint32_t kPartitions = 4;
constexpr int kMaxRounds = 10000;  // bounds every take() loop

/// Everything take() hands out until it says "wait", with at most `max` per call.
std::vector<std::string> drain(feed_subscription& sub, std::size_t max = 100) {
  std::vector<std::string> out;
  for (int round = 0; round < kMaxRounds; ++round) {
    auto got = sub.take(max);
    EXPECT_TRUE(got.has_value());
    if (!got) return out;
    EXPECT_FALSE(got->overflowed);
    out.insert(out.end(), got->messages.begin(), got->messages.end());
    if (got->messages.empty() && !got->more) return out;
  }
  ADD_FAILURE() << "take() never settled";
  return out;
}

std::vector<std::string> types_of(const std::vector<std::string>& messages) {
  std::vector<std::string> out;
  for (const auto& m : messages) out.push_back(json::parse(m).value("type", "?"));
  return out;
}

std::vector<json> without_cursors(const std::vector<std::string>& messages) {
  std::vector<json> out;
  for (const auto& m : messages) {
    json j = json::parse(m);
    EXPECT_TRUE(j.contains("cursor"));
    j.erase("cursor");
    out.push_back(std::move(j));
  }
  return out;
}

class feed_test : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = open_store(dir_.path());
    ASSERT_TRUE(store_);
    stored_ = to_stored(make_scenario().records, kPartitions);
  }

  std::unique_ptr<feed_subscription> subscribe(feed_scope scope, const std::string& id,
                                               std::optional<std::string> after = std::nullopt,
                                               const std::string& tenant = "acme",
                                               std::size_t max_messages = 1024) {
    feed_request request;
    request.tenant = tenant;
    request.scope = scope;
    request.id = id;
    request.partitions = kPartitions;
    if (after) request.after = decode_cursor(*after, kPartitions);
    request.max_messages = max_messages;
    request.wake = [this] { ++wakes_; };
    auto sub = store_->subscribe_feed(std::move(request));
    EXPECT_TRUE(sub.has_value());
    return sub ? std::move(*sub) : nullptr;
  }

  void apply_range(std::size_t from, std::size_t to) {
    ASSERT_TRUE(store_->apply({stored_.begin() + static_cast<std::ptrdiff_t>(from),
                               stored_.begin() + static_cast<std::ptrdiff_t>(to)}));
  }

  temp_dir dir_;
  std::unique_ptr<rocks_store> store_;
  std::vector<eventlog::stored_record> stored_;
  std::atomic<int> wakes_{0};
};

TEST_F(feed_test, a_run_replays_its_messages_in_log_order_with_their_fields) {
  apply_range(0, stored_.size());
  auto sub = subscribe(feed_scope::run, "run-1");
  ASSERT_TRUE(sub);
  const auto messages = drain(*sub);
  EXPECT_EQ(types_of(messages),
            (std::vector<std::string>{"execution:started", "execution:step_started",
                                      "execution:step_failed", "execution:step_started",
                                      "execution:step_completed", "execution:step_started",
                                      "execution:step_completed", "execution:completed"}));
  ASSERT_EQ(messages.size(), 8u);
  const json failed = json::parse(messages[2]);
  EXPECT_EQ(failed["workflow_id"], "wf-1");
  EXPECT_EQ(failed["run_id"], "run-1");
  EXPECT_EQ(failed["node_id"], "a");
  EXPECT_EQ(failed["attempt"], 1);
  EXPECT_EQ(failed["error"], json({{"code", "HTTP_500"}, {"message", "boom"}}));
  EXPECT_EQ(failed["will_retry"], true);
  EXPECT_TRUE(failed["ts"].get<std::string>().ends_with("Z"));
  EXPECT_EQ(json::parse(messages[4])["output"], json({{"y", 1}}));
  EXPECT_EQ(json::parse(messages[7])["outputs"], json({{"result", "ok"}}));
  EXPECT_EQ(json::parse(messages[7])["status"], "completed");
  EXPECT_EQ(json::parse(messages[0])["status"], "running");
}

TEST_F(feed_test, resuming_after_any_cursor_gives_exactly_the_rest) {
  apply_range(0, stored_.size());
  const auto all = drain(*subscribe(feed_scope::run, "run-1"));
  ASSERT_EQ(all.size(), 8u);
  for (std::size_t i = 0; i < all.size(); ++i) {
    const std::string cursor = json::parse(all[i])["cursor"];
    const auto rest = drain(*subscribe(feed_scope::run, "run-1", cursor));
    EXPECT_EQ(rest,
              std::vector<std::string>(all.begin() + static_cast<std::ptrdiff_t>(i) + 1, all.end()))
        << "after message " << i;
  }
}

TEST_F(feed_test, a_workflow_follows_from_now_or_replays_from_cursor_zero) {
  apply_range(0, stored_.size());
  auto now = subscribe(feed_scope::workflow, "wf-1");
  EXPECT_TRUE(drain(*now).empty());
  const auto all = drain(*subscribe(feed_scope::workflow, "wf-1", "0"));
  std::map<std::string, std::vector<std::string>> by_run;
  for (const auto& m : all) {
    const json j = json::parse(m);
    EXPECT_EQ(j["workflow_id"], "wf-1");
    by_run[j["run_id"]].push_back(j["type"]);
  }
  // run-3 was rejected before it started: it has no messages.
  EXPECT_EQ(by_run.size(), 3u);
  EXPECT_EQ(by_run["run-1"].size(), 8u);
  EXPECT_EQ(by_run["run-2"],
            (std::vector<std::string>{"execution:started", "execution:step_started",
                                      "execution:step_failed", "execution:failed"}));
  EXPECT_EQ(by_run["run-4"],
            (std::vector<std::string>{"execution:started", "execution:step_started",
                                      "execution:terminated"}));
}

TEST_F(feed_test, stored_then_live_messages_have_no_gap_and_no_duplicate) {
  const std::size_t half = stored_.size() / 2;
  apply_range(0, half);
  auto sub = subscribe(feed_scope::workflow, "wf-1", "0");
  std::vector<std::string> seen;
  auto first = sub->take(2);  // still catching up when the rest arrives
  ASSERT_TRUE(first.has_value());
  seen = first->messages;
  apply_range(half, stored_.size());
  const auto rest = drain(*sub, 3);
  seen.insert(seen.end(), rest.begin(), rest.end());
  EXPECT_EQ(seen, drain(*subscribe(feed_scope::workflow, "wf-1", "0")));
}

TEST_F(feed_test, a_live_subscriber_is_woken_once_and_gets_new_messages) {
  const std::size_t half = stored_.size() / 2;
  apply_range(0, half);
  auto sub = subscribe(feed_scope::workflow, "wf-1");
  EXPECT_TRUE(drain(*sub).empty());
  EXPECT_EQ(wakes_.load(), 0);
  apply_range(half, stored_.size());
  EXPECT_EQ(wakes_.load(), 1) << "one wake-up until the subscriber takes again";
  const auto live = without_cursors(drain(*sub));
  EXPECT_FALSE(live.empty());
  const auto replayed = without_cursors(drain(*subscribe(feed_scope::workflow, "wf-1", "0")));
  ASSERT_GE(replayed.size(), live.size());
  EXPECT_TRUE(std::equal(live.begin(), live.end(),
                         replayed.end() - static_cast<std::ptrdiff_t>(live.size())));
}

TEST_F(feed_test, a_full_inbox_while_catching_up_falls_back_to_the_store) {
  const std::size_t mid = stored_.size() * 2 / 3;
  apply_range(0, 10);
  auto sub = subscribe(feed_scope::workflow, "wf-1", "0", "acme", 1);
  for (std::size_t i = 10; i < mid; ++i) apply_range(i, i + 1);  // more than the inbox holds
  auto seen = drain(*sub, 2);
  std::size_t live = 0;
  for (std::size_t i = mid; i < stored_.size(); ++i) {  // live now: one message at a time
    apply_range(i, i + 1);
    const auto more = drain(*sub, 2);
    live += more.size();
    seen.insert(seen.end(), more.begin(), more.end());
  }
  EXPECT_GT(live, 0u);
  EXPECT_EQ(seen, drain(*subscribe(feed_scope::workflow, "wf-1", "0")));
}

TEST_F(feed_test, a_full_inbox_when_live_overflows_and_keeps_the_cursor) {
  auto sub = subscribe(feed_scope::workflow, "wf-1", std::nullopt, "acme", 2);
  EXPECT_TRUE(drain(*sub).empty());
  const std::string before = sub->cursor();
  apply_range(0, stored_.size());
  EXPECT_EQ(wakes_.load(), 1);
  auto got = sub->take(10);
  ASSERT_TRUE(got.has_value());
  EXPECT_TRUE(got->overflowed);
  EXPECT_TRUE(got->messages.empty());
  EXPECT_EQ(sub->cursor(), before);
  EXPECT_EQ(drain(*subscribe(feed_scope::workflow, "wf-1", before)).size(), 15u)
      << "everything is still there for a resume";
}

TEST_F(feed_test, tenants_never_see_each_others_messages) {
  auto foreign_run = subscribe(feed_scope::run, "run-1", "0", "globex");
  auto foreign_workflow = subscribe(feed_scope::workflow, "wf-1", "0", "globex");
  auto own = subscribe(feed_scope::workflow, "wf-9", "0", "globex");
  apply_range(0, stored_.size());
  EXPECT_TRUE(drain(*foreign_run).empty());
  EXPECT_TRUE(drain(*foreign_workflow).empty());
  const auto mine = drain(*own);
  EXPECT_EQ(types_of(mine),
            (std::vector<std::string>{"execution:started", "execution:step_started"}));
  for (const auto& m : mine) EXPECT_EQ(json::parse(m)["run_id"], "run-9");
  EXPECT_TRUE(drain(*subscribe(feed_scope::run, "run-9", "0", "acme")).empty());
}

TEST_F(feed_test, replay_gives_the_same_feed_in_any_batch_split) {
  apply_range(0, stored_.size());
  const auto expected = drain(*subscribe(feed_scope::workflow, "wf-1", "0"));
  for (std::size_t split : {std::size_t{1}, std::size_t{5}}) {
    temp_dir other;
    auto fresh = open_store(other.path());
    ASSERT_TRUE(fresh);
    for (std::size_t i = 0; i < stored_.size(); i += split) {
      const auto end = std::min(stored_.size(), i + split);
      ASSERT_TRUE(fresh->apply({stored_.begin() + static_cast<std::ptrdiff_t>(i),
                                stored_.begin() + static_cast<std::ptrdiff_t>(end)}));
    }
    EXPECT_EQ(fresh->checksum().value(), store_->checksum().value()) << "split " << split;
    feed_request request{"acme",
                         feed_scope::workflow,
                         "wf-1",
                         kPartitions,
                         decode_cursor("0", kPartitions),
                         1024,
                         16 << 20,
                         [] {}};
    auto sub = fresh->subscribe_feed(std::move(request));
    ASSERT_TRUE(sub.has_value());
    EXPECT_EQ(drain(**sub), expected) << "split " << split;
  }
}

/// Applies `records` with the feed projection alone, one committed batch each; returns every
/// row of the DB.
std::map<std::string, std::string> feed_rows(const std::vector<eventlog::stored_record>& records) {
  temp_dir dir;
  rocksdb::Options options;
  options.create_if_missing = true;
  rocksdb::DB* raw = nullptr;
  EXPECT_TRUE(rocksdb::DB::Open(options, dir.path().string(), &raw).ok());
  std::unique_ptr<rocksdb::DB> db(raw);
  for (const auto& r : records) {
    auto env = schemas::decode(r.value).value();
    decoded_record d{env, {}, r.partition, r.off};
    if (schemas::kind_of(env.type) == schemas::record_kind::command) {
      d.typed = schemas::to_command(env).value();
    } else {
      d.typed = schemas::to_event(env).value();
    }
    batch rows(*db);
    EXPECT_TRUE(feed_projection.apply(d, rows));
    EXPECT_TRUE(rows.commit());
  }
  std::map<std::string, std::string> out;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions()));
  for (it->SeekToFirst(); it->Valid(); it->Next())
    out[it->key().ToString()] = it->value().ToString();
  return out;
}

/// A workflow deleted while one of its runs goes on, applied in both cross-partition orders:
/// the same rows either way, and none of the workflow's messages survive.
TEST(feed_delete, deleting_a_workflow_drops_its_feed_in_any_partition_order) {
  std::string run = "run-d";
  for (int i = 0;
       eventlog::partition_for(run, kPartitions) == eventlog::partition_for("acme", kPartitions) &&
       i < 100;
       ++i) {
    run = "run-d" + std::to_string(i);
  }
  testing::record_factory f;
  using namespace schemas;
  std::vector<envelope> records;
  const auto def = testing::two_node_definition();
  const auto exec = f.command(execute_run{run, "wf-d", "1.0.0", def, {}}, "acme", run);
  records.push_back(exec);
  records.push_back(f.event(run_started{run, "wf-d", "1.0.0", def, {}}, exec));
  records.push_back(f.event(step_started{run, "a", 1}, exec));
  const auto del = f.command(delete_workflow{"wf-d"}, "acme", "acme");
  records.push_back(del);
  records.push_back(f.event(workflow_deleted{"wf-d", "doomed"}, del));
  records.push_back(f.event(run_terminated{run, "workflow deleted"}, exec));
  const auto stored = to_stored(records, kPartitions);
  ASSERT_NE(stored.front().partition, stored[3].partition);
  auto tenant_first = stored;
  std::stable_partition(tenant_first.begin(), tenant_first.end(),
                        [](const eventlog::stored_record& r) { return r.key == "acme"; });

  const auto in_log_order = feed_rows(stored);
  const auto deletion_first = feed_rows(tenant_first);
  EXPECT_EQ(in_log_order, deletion_first);
  ASSERT_EQ(in_log_order.size(), 1u) << "only the deleted-workflow marker is left";
  EXPECT_EQ(in_log_order.begin()->first.front(), 'G');

  const auto before_delete = feed_rows({stored.begin(), stored.begin() + 3});
  EXPECT_EQ(before_delete.size(), 1u + 2u * 2u) << "the run note and two messages, twice";
}

TEST(feed_cursor, round_trips_and_rejects_what_it_did_not_make) {
  const feed_cursor c{0, 1, 127, 128, 1ull << 40, ~0ull};
  const std::string text = encode_cursor(c);
  EXPECT_EQ(
      text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos);
  EXPECT_EQ(decode_cursor(text, 6), c);
  EXPECT_EQ(encode_cursor(c), text) << "stable";
  EXPECT_EQ(decode_cursor("0", 3), feed_cursor(3, 0));
  EXPECT_FALSE(decode_cursor(text, 5)) << "another partition count";
  EXPECT_FALSE(decode_cursor("", 6));
  EXPECT_FALSE(decode_cursor("!!!!", 6));
  EXPECT_FALSE(decode_cursor(text + "AA", 6)) << "trailing bytes";
  EXPECT_FALSE(decode_cursor(text.substr(0, text.size() - 2), 6)) << "truncated";
  EXPECT_FALSE(decode_cursor(encode_cursor({1, 2}).replace(0, 1, "B"), 2)) << "other format";
}

}  // namespace
}  // namespace runlog::projections
