// The WebSocket feed under pressure: a subscriber that stops reading is closed with 4008 and
// resumes by cursor while the engine and other subscribers carry on; pings keep idle
// connections open and drop silent ones; the upgrade counts against the rate limit; stopping
// the server closes feeds with 1001.

#include <optional>
#include <thread>

#include "api/feed_fixture.hpp"

namespace runlog::e2e {
namespace {

/// a -> b -> c, each passing a large `pad` on, so that a few runs fill socket buffers.
json padded_chain() {
  return json::parse(R"({"nodes": [
      {"id": "a", "type": "transform", "config": {"pad": "{{inputs.pad}}"}},
      {"id": "b", "type": "transform", "input_from": "a", "config": {"pad": "{{steps.a.output.pad}}"}},
      {"id": "c", "type": "transform", "input_from": "b", "config": {"pad": "{{steps.b.output.pad}}"}}]})");
}

class feed_overflow_test : public feed_e2e {
 protected:
  feed_overflow_test() {
    // Small queue and socket buffers: a client that stops reading overflows after a few runs.
    server_args_.insert(server_args_.end(), {"--ws-queue", "64", "--ws-send-buffer", "4096"});
  }
};

TEST_F(feed_overflow_test, a_stalled_subscriber_is_closed_and_resumes_without_loss) {
  constexpr int kRuns = 30;
  const std::string tok = token();
  auto wf = create_workflow("padded", padded_chain(), tok);
  ASSERT_TRUE(wf.is_object());
  const std::string id = wf["id"];
  const std::string query = "?workflow_id=" + id + "&token=" + tok;
  auto slow = subscribe(query, "", 4096);
  ASSERT_TRUE(slow);
  const std::string slow_start = subscribed_.value("cursor", "");
  auto fast = subscribe(query);
  ASSERT_TRUE(fast);
  const std::string fast_start = subscribed_.value("cursor", "");

  std::vector<json> fast_seen;
  std::thread reader([&] { fast_seen = follow(std::move(fast), id, fast_start, kRuns, tok); });
  std::vector<std::string> runs;
  for (int i = 0; i < kRuns; ++i) {
    auto run = execute(id, {{"pad", std::string(2000, 'a' + i % 26)}}, tok);
    if (run.is_object()) runs.push_back(run["id"]);
  }
  for (const auto& run_id : runs) EXPECT_TRUE(wait_for_run(id, run_id, tok).is_object());
  reader.join();
  ASSERT_EQ(runs.size(), static_cast<std::size_t>(kRuns));
  for (const auto& [run_id, types] : types_by_run(fast_seen)) EXPECT_EQ(types, chain_messages());
  EXPECT_EQ(types_by_run(fast_seen).size(), runs.size()) << "the reading subscriber got every run";

  // The stalled subscriber now reads what the server managed to send, then the 4008 close.
  std::vector<json> slow_seen;
  for (int i = 0; i < 10 * kRuns; ++i) {
    auto m = slow->read();
    if (!m) break;
    slow_seen.push_back(std::move(*m));
  }
  ASSERT_TRUE(slow->closed()) << "read " << slow_seen.size() << " messages, no close";
  EXPECT_EQ(slow->closed()->code, 4008);
  const std::string last = slow_seen.empty() ? slow_start : slow_seen.back().value("cursor", "");
  EXPECT_EQ(slow->closed()->reason, "subscriber too slow; resume with after=" + last);
  EXPECT_LT(slow_seen.size(), kRuns * chain_messages().size()) << "it did overflow";

  int ended = 0;
  for (const json& m : slow_seen) ended += ends_run(m) ? 1 : 0;
  auto resumed = subscribe("?workflow_id=" + id + "&after=" + last + "&token=" + tok);
  ASSERT_TRUE(resumed);
  const auto rest = follow(std::move(resumed), id, last, kRuns - ended, tok);
  slow_seen.insert(slow_seen.end(), rest.begin(), rest.end());
  const auto by_run = types_by_run(slow_seen);
  EXPECT_EQ(by_run.size(), runs.size());
  for (const auto& [run_id, types] : by_run) EXPECT_EQ(types, chain_messages()) << run_id;
}

class feed_ping_test : public feed_e2e {
 protected:
  feed_ping_test() { server_args_.insert(server_args_.end(), {"--ws-ping-ms", "100"}); }
};

TEST_F(feed_ping_test, pings_keep_an_idle_connection_open) {
  const std::string tok = token();
  auto wf = create_workflow("chain", chain_definition(), tok);
  ASSERT_TRUE(wf.is_object());
  auto ws = subscribe("?workflow_id=" + wf["id"].get<std::string>() + "&token=" + tok);
  ASSERT_TRUE(ws);
  auto m = ws->read_after_idle(std::chrono::milliseconds(1000));  // ten ping intervals
  ASSERT_TRUE(m.has_value()) << m.error().message;
  EXPECT_EQ(m->value("type", ""), "pong");
  EXPECT_GE(ws->pings(), 3);
  ASSERT_TRUE(run_to_end(wf["id"].get<std::string>(), {{"name", "n"}, {"x", 1}}, tok).is_object());
  EXPECT_EQ(types_by_run(read_runs(*ws, 1)).begin()->second, chain_messages());
}

TEST_F(feed_ping_test, a_connection_that_never_answers_pings_is_closed) {
  const std::string tok = token();
  auto wf = create_workflow("chain", chain_definition(), tok);
  ASSERT_TRUE(wf.is_object());
  auto ws = subscribe("?workflow_id=" + wf["id"].get<std::string>() + "&token=" + tok);
  ASSERT_TRUE(ws);
  // Not reading = not answering pings: after two ping intervals (200 ms) the server drops us.
  std::this_thread::sleep_for(std::chrono::milliseconds(2000));
  auto m = ws->read();
  for (int i = 0; i < 10 && m; ++i) m = ws->read();
  ASSERT_FALSE(m.has_value()) << "still open: " << m->dump();
  EXPECT_EQ(m.error().message.find("timeout"), std::string::npos) << m.error().message;
}

class feed_rate_test : public feed_e2e {
 protected:
  feed_rate_test() { server_args_ = {"--rate-limit", "3"}; }
};

TEST_F(feed_rate_test, upgrades_count_against_the_rate_limit) {
  const std::string tok = token();
  auto wf = create_workflow("chain", chain_definition(), tok);  // request 1
  ASSERT_TRUE(wf.is_object());
  const std::string query = "?workflow_id=" + wf["id"].get<std::string>() + "&token=" + tok;
  auto first = subscribe(query);  // 2
  ASSERT_TRUE(first);
  auto second = subscribe(query);  // 3
  ASSERT_TRUE(second);
  auto refused = open_feed(query);
  EXPECT_EQ(refused.status, 429);
  EXPECT_FALSE(refused.client);
  EXPECT_NE(refused.body.find("RATE_LIMIT_EXCEEDED"), std::string::npos) << refused.body;
  EXPECT_EQ(open_feed("?token=" + token(tenant_b)).status, 101)
      << "another user has its own budget";
}

class feed_shutdown_test : public feed_e2e {};

TEST_F(feed_shutdown_test, stopping_the_server_closes_feeds_with_going_away) {
  const std::string tok = token();
  auto wf = create_workflow("chain", chain_definition(), tok);
  ASSERT_TRUE(wf.is_object());
  auto ws = subscribe("?workflow_id=" + wf["id"].get<std::string>() + "&token=" + tok);
  ASSERT_TRUE(ws);
  std::optional<testing::ws_close> closed;
  std::thread reader([&] {
    for (int i = 0; i < 100; ++i) {
      if (!ws->read()) break;
    }
    closed = ws->closed();
  });
  stop_server();  // expects a clean exit within its bound
  reader.join();
  ASSERT_TRUE(closed);
  EXPECT_EQ(closed->code, 1001);
}

}  // namespace
}  // namespace runlog::e2e
