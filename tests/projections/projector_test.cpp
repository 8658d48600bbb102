// The projector over the real embedded log and a real store: following, waking waiters,
// timeouts, restart from stored positions, bad records, replay checksums.

#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "../../projections/src/rocks_store.hpp"
#include "projections/scenario.hpp"
#include "runlog/eventlog/embedded_log.hpp"
#include "runlog/projections/store.hpp"
#include "support/temp_dir.hpp"

namespace runlog::projections {
namespace {

using namespace std::chrono_literals;
using testing::make_scenario;
using testing::temp_dir;
using testing::to_append;

constexpr std::uint32_t kPartitions = 4;
constexpr auto kLong = 60s;  // bounds every wait; never reached when the code works

class projector_test : public ::testing::Test {
 protected:
  void SetUp() override {
    auto log = eventlog::open_embedded({dir_.path() / "log", kPartitions});
    ASSERT_TRUE(log.has_value()) << log.error().message;
    log_ = std::move(*log);
    open_views();
  }

  void open_views() {
    auto s = store::open(dir_.path() / "views");
    ASSERT_TRUE(s.has_value()) << s.error().message;
    views_ = std::move(*s);
    projector_ = std::make_unique<projector>(*log_, *views_);
    ASSERT_TRUE(projector_->start());
  }

  void close_views() {
    projector_.reset();
    views_.reset();
  }

  std::vector<eventlog::position> append(const std::vector<schemas::envelope>& records) {
    auto positions = log_->append(to_append(records));
    EXPECT_TRUE(positions.has_value());
    return positions ? *positions : std::vector<eventlog::position>{};
  }

  std::string reference_checksum(const std::vector<schemas::envelope>& records) {
    temp_dir other;
    auto fresh = rocks_store::open_rocks(other.path()).value();
    EXPECT_TRUE(fresh->apply(testing::to_stored(records, kPartitions)));
    return fresh->checksum().value();
  }

  temp_dir dir_;
  std::unique_ptr<eventlog::event_log> log_;
  std::unique_ptr<store> views_;
  std::unique_ptr<projector> projector_;
};

// Receives one waiter callback. The state is shared with the callback, so a callback that
// comes after a failed (timed-out) get() still has somewhere to write.
struct outcome_promise {
  using promise_t = std::promise<std::optional<outcome>>;
  std::shared_ptr<promise_t> promise = std::make_shared<promise_t>();
  std::future<std::optional<outcome>> future = promise->get_future();
  std::function<void(std::optional<outcome>)> callback() {
    return [p = promise](std::optional<outcome> o) { p->set_value(std::move(o)); };
  }
  std::optional<outcome> get() {
    if (future.wait_for(kLong) != std::future_status::ready) {
      ADD_FAILURE() << "waiter callback never called";
      return std::nullopt;
    }
    return future.get();
  }
};

TEST_F(projector_test, follows_the_log_into_the_same_rows_as_a_direct_replay) {
  const auto sc = make_scenario();
  const auto positions = append(sc.records);
  ASSERT_TRUE(projector_->wait_applied(positions, kLong));
  auto runs = views_->list_runs("acme", "wf-1", std::nullopt, {});
  ASSERT_TRUE(runs.has_value());
  EXPECT_EQ(runs->total, 3u);
  EXPECT_EQ(views_->checksum().value(), reference_checksum(sc.records));
}

TEST_F(projector_test, wait_applied_times_out_for_a_record_not_in_the_log) {
  EXPECT_FALSE(projector_->wait_applied({{0, 1000}}, 20ms));
  EXPECT_FALSE(projector_->wait_applied({{kPartitions + 5, 0}}, 20ms));
  EXPECT_TRUE(projector_->wait_applied({}, 20ms));
}

TEST_F(projector_test, on_outcome_answers_at_once_when_already_projected) {
  const auto sc = make_scenario();
  ASSERT_TRUE(projector_->wait_applied(append(sc.records), kLong));
  std::optional<outcome> got;
  std::thread::id caller;
  projector_->on_outcome(sc.rejected_create, kLong, [&](std::optional<outcome> o) {
    got = std::move(o);
    caller = std::this_thread::get_id();
  });
  ASSERT_TRUE(got.has_value());  // called before on_outcome returned
  EXPECT_EQ(caller, std::this_thread::get_id());
  EXPECT_FALSE(got->accepted);
  EXPECT_EQ(got->code, "WORKFLOW_NAME_CONFLICT");
}

TEST_F(projector_test, on_outcome_fires_when_the_outcome_is_projected_later) {
  testing::record_factory f;
  const auto cmd = f.command(
      schemas::create_workflow{"wf-1", "n", "", testing::two_node_definition()}, "acme", "acme");
  outcome_promise waiter;
  outcome_promise second;
  projector_->on_outcome(cmd.id, kLong, waiter.callback());
  projector_->on_outcome(cmd.id, kLong, second.callback());
  append({cmd});
  append({f.event(
      schemas::workflow_created{"wf-1", "n", "", testing::two_node_definition(), "1.0.0"}, cmd)});
  const auto o = waiter.get();
  ASSERT_TRUE(o.has_value());
  EXPECT_TRUE(o->accepted);
  EXPECT_EQ(o->subject_id, "wf-1");
  EXPECT_EQ(second.get().value().subject_id, "wf-1");
}

TEST_F(projector_test, on_outcome_times_out_with_nullopt) {
  outcome_promise waiter;
  projector_->on_outcome("cmd-never", 10ms, waiter.callback());
  EXPECT_FALSE(waiter.get().has_value());
}

TEST_F(projector_test, stop_answers_pending_waiters_with_nullopt) {
  outcome_promise waiter;
  projector_->on_outcome("cmd-never", 1h, waiter.callback());
  projector_->stop();
  EXPECT_FALSE(waiter.get().has_value());
  projector_->stop();  // idempotent
  outcome_promise after;
  projector_->on_outcome("cmd-never", 1h, after.callback());  // not running: answered at once
  EXPECT_EQ(after.future.wait_for(0s), std::future_status::ready);
}

TEST_F(projector_test, restart_resumes_from_stored_positions) {
  const auto sc = make_scenario();
  const std::size_t half = sc.records.size() / 2;
  const std::vector<schemas::envelope> first(sc.records.begin(), sc.records.begin() + half);
  const std::vector<schemas::envelope> second(sc.records.begin() + half, sc.records.end());
  ASSERT_TRUE(projector_->wait_applied(append(first), kLong));
  const std::string after_first = views_->checksum().value();
  close_views();

  open_views();
  EXPECT_EQ(views_->checksum().value(), after_first);
  for (eventlog::partition_id p = 0; p < kPartitions; ++p) {
    EXPECT_EQ(views_->position(p).value(), log_->end_offset(p).value()) << p;
  }
  ASSERT_TRUE(projector_->wait_applied(append(second), kLong));
  EXPECT_EQ(views_->checksum().value(), reference_checksum(sc.records));
  auto r = views_->get_run("acme", "run-1");
  ASSERT_TRUE(r.has_value() && r->has_value());
  EXPECT_EQ((*r)->nodes[0].attempts, 2);
}

TEST_F(projector_test, a_bad_record_in_the_log_is_skipped) {
  testing::record_factory f;
  const auto cmd = f.command(
      schemas::create_workflow{"wf-1", "n", "", testing::two_node_definition()}, "acme", "acme");
  const auto created = f.event(
      schemas::workflow_created{"wf-1", "n", "", testing::two_node_definition(), "1.0.0"}, cmd);
  auto positions = log_->append({{"acme", "\x01garbage"}, {"acme", schemas::encode(created)}});
  ASSERT_TRUE(positions.has_value());
  ASSERT_TRUE(projector_->wait_applied(*positions, kLong));
  auto w = views_->get_workflow("acme", "wf-1");
  ASSERT_TRUE(w.has_value());
  EXPECT_TRUE(w->has_value());
}

TEST_F(projector_test, replaying_the_log_into_an_empty_store_gives_the_same_checksum) {
  const auto sc = make_scenario();
  const auto positions = append(sc.records);
  ASSERT_TRUE(projector_->wait_applied(positions, kLong));
  const std::string live = views_->checksum().value();

  temp_dir rebuilt_dir;
  auto rebuilt = store::open(rebuilt_dir.path()).value();
  projector replay(*log_, *rebuilt);
  ASSERT_TRUE(replay.start());
  ASSERT_TRUE(replay.wait_applied(positions, kLong));
  replay.stop();
  EXPECT_EQ(rebuilt->checksum().value(), live);
}

}  // namespace
}  // namespace runlog::projections
