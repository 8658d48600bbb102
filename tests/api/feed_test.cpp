// The WebSocket progress feed over a real `runlog serve` (DESIGN.md §6, guarantee 6): run and
// workflow subscriptions, message contents and order, authentication, resuming by cursor
// without gap or duplicate, client messages, and tenant isolation.

#include <set>
#include <tuple>

#include "api/feed_fixture.hpp"

namespace runlog::e2e {
namespace {

json approval_definition() {
  return json::parse(R"({"nodes": [
      {"id": "prep", "type": "transform", "config": {"amount": "{{ inputs.amount }}"}},
      {"id": "approve", "type": "approval", "input_from": "prep", "config": {"prompt": "ok?"}},
      {"id": "pay", "type": "transform", "input_from": "approve", "config": {"paid": true}}]})");
}

class feed_test : public feed_e2e {};

TEST_F(feed_test, a_run_subscription_replays_the_run_in_log_order_with_its_data) {
  const std::string tok = token();
  auto wf = create_workflow("chain", chain_definition(), tok);
  ASSERT_TRUE(wf.is_object());
  const std::string id = wf["id"];
  auto run = run_to_end(id, {{"name", "world"}, {"x", 5}}, tok);
  ASSERT_TRUE(run.is_object());
  const std::string run_id = run["id"];

  auto ws = subscribe("?run_id=" + run_id + "&token=" + tok);
  ASSERT_TRUE(ws);
  EXPECT_EQ(subscribed_.value("run_id", ""), run_id);
  const auto messages = read_runs(*ws, 1);
  EXPECT_EQ(types_by_run(messages)[run_id], chain_messages());
  ASSERT_EQ(messages.size(), chain_messages().size());
  std::set<std::string> cursors;
  for (const json& m : messages) {
    EXPECT_EQ(m.value("workflow_id", ""), id);
    EXPECT_EQ(m.value("run_id", ""), run_id);
    EXPECT_TRUE(m["ts"].is_string());
    cursors.insert(m.value("cursor", ""));
  }
  EXPECT_EQ(cursors.size(), messages.size()) << "every message has its own cursor";
  EXPECT_EQ(messages[1].value("node_id", ""), "a");
  EXPECT_EQ(messages[2]["output"], node_of(run, "a")["output"]);
  EXPECT_EQ(messages[6]["output"], node_of(run, "c")["output"]);
  EXPECT_EQ(messages[7]["outputs"], run["outputs"]);
  EXPECT_EQ(messages[7].value("status", ""), "completed");
  expect_quiet(*ws);

  // Resuming after any message's cursor gives exactly the messages after it.
  for (std::size_t i = 0; i < messages.size(); ++i) {
    auto again = subscribe("?run_id=" + run_id + "&after=" + messages[i].value("cursor", "") +
                           "&token=" + tok);
    ASSERT_TRUE(again);
    std::vector<json> rest;
    for (std::size_t j = i + 1; j < messages.size(); ++j) {
      auto m = again->read();
      ASSERT_TRUE(m.has_value()) << m.error().message;
      rest.push_back(*m);
    }
    EXPECT_EQ(rest, std::vector<json>(messages.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                                      messages.end()));
    expect_quiet(*again);
  }
}

TEST_F(feed_test, a_workflow_subscription_follows_new_runs_live) {
  const std::string tok = token();
  auto wf = create_workflow("chain", chain_definition(), tok);
  ASSERT_TRUE(wf.is_object());
  const std::string id = wf["id"];
  auto ws = subscribe("?workflow_id=" + id, tok);  // Authorization header
  ASSERT_TRUE(ws);
  EXPECT_EQ(subscribed_.value("workflow_id", ""), id);
  std::set<std::string> runs;
  for (int i = 0; i < 3; ++i) {
    auto run = execute(id, {{"name", "n" + std::to_string(i)}, {"x", i}}, tok);
    ASSERT_TRUE(run.is_object());
    runs.insert(run["id"].get<std::string>());
  }
  const auto by_run = types_by_run(read_runs(*ws, 3));
  ASSERT_EQ(by_run.size(), 3u);
  for (const auto& [run_id, types] : by_run) {
    EXPECT_TRUE(runs.contains(run_id)) << run_id;
    EXPECT_EQ(types, chain_messages()) << run_id;
  }
  expect_quiet(*ws);
}

TEST_F(feed_test, paused_terminated_and_failed_runs) {
  const std::string tok = token();
  auto wf = create_workflow("needs-approval", approval_definition(), tok);
  ASSERT_TRUE(wf.is_object());
  const std::string id = wf["id"];
  auto ws = subscribe("?workflow_id=" + id + "&token=" + tok);
  ASSERT_TRUE(ws);
  auto run = execute(id, {{"amount", 12}}, tok);
  ASSERT_TRUE(run.is_object());
  const std::string run_id = run["id"];
  const json paused = read_type(*ws, "execution:paused");
  EXPECT_EQ(paused.value("node_id", ""), "approve");
  EXPECT_EQ(paused.value("status", ""), "paused");
  EXPECT_EQ(paused.value("run_id", ""), run_id);
  EXPECT_EQ(del(path("/" + id + "/runs/" + run_id), tok).status, 200);
  const json terminated = read_type(*ws, "execution:terminated");
  EXPECT_EQ(terminated.value("run_id", ""), run_id);
  EXPECT_EQ(terminated.value("status", ""), "terminated");

  auto failing = create_workflow("fails", json::parse(R"({"nodes": [
      {"id": "x", "type": "fail", "config": {"code": "BAD_THINGS", "message": "bad"}}]})"),
                                 tok);
  ASSERT_TRUE(failing.is_object());
  const std::string failing_id = failing["id"];
  auto failed_run = run_to_end(failing_id, json::object(), tok);
  ASSERT_TRUE(failed_run.is_object());
  auto failed_ws = subscribe("?run_id=" + failed_run["id"].get<std::string>() + "&token=" + tok);
  ASSERT_TRUE(failed_ws);
  const auto messages = read_runs(*failed_ws, 1);
  ASSERT_EQ(messages.size(), 4u);
  EXPECT_EQ(types_by_run(messages).begin()->second,
            (std::vector<std::string>{"execution:started", "execution:step_started",
                                      "execution:step_failed", "execution:failed"}));
  EXPECT_EQ(messages[2]["error"].value("code", ""), "BAD_THINGS");
  EXPECT_EQ(messages[2].value("will_retry", true), false);
  EXPECT_EQ(messages[3]["error"].value("code", ""), "BAD_THINGS");
  EXPECT_EQ(messages[3]["error"].value("node_id", ""), "x");
}

TEST_F(feed_test, the_upgrade_is_authenticated_like_rest) {
  const std::string tok = token();
  auto wf = create_workflow("chain", chain_definition(), tok);
  ASSERT_TRUE(wf.is_object());
  const std::string query = "?workflow_id=" + wf["id"].get<std::string>();

  auto none = open_feed(query);
  EXPECT_EQ(none.status, 401);
  EXPECT_FALSE(none.client);
  EXPECT_NE(none.body.find("UNAUTHORIZED"), std::string::npos) << none.body;
  auto bad = open_feed(query + "&token=not.a.token");
  EXPECT_EQ(bad.status, 401);
  EXPECT_NE(bad.body.find("INVALID_TOKEN"), std::string::npos) << bad.body;
  auto forged =
      open_feed(query, testing::mint_token("another-secret-0123456789abcdef", tenant_a, "u"));
  EXPECT_EQ(forged.status, 401);
  EXPECT_FALSE(forged.client);

  EXPECT_TRUE(subscribe(query + "&token=" + tok));
  EXPECT_TRUE(subscribe(query, tok));

  auto plain = get(path("/events") + query, tok);
  EXPECT_TRUE(is_error(plain, 426, "UPGRADE_REQUIRED"));
  EXPECT_EQ(get(path("/events") + query, "").status, 401);
  EXPECT_EQ(send("POST", path("/events"), tok, "{}").status, 405);
}

TEST_F(feed_test, resuming_after_a_disconnect_has_no_gap_and_no_duplicate) {
  const std::string tok = token();
  auto wf = create_workflow("chain", chain_definition(), tok);
  ASSERT_TRUE(wf.is_object());
  const std::string id = wf["id"];
  auto ws = subscribe("?workflow_id=" + id + "&token=" + tok);
  ASSERT_TRUE(ws);
  ASSERT_TRUE(execute(id, {{"name", "first"}, {"x", 1}}, tok).is_object());
  const auto before = read_runs(*ws, 1);
  ASSERT_FALSE(before.empty());
  const std::string cursor = before.back().value("cursor", "");
  ws->close();
  ws.reset();

  std::set<std::string> missed;
  for (int i = 0; i < 2; ++i) {
    auto run = run_to_end(id, {{"name", "missed"}, {"x", i}}, tok);
    ASSERT_TRUE(run.is_object());
    missed.insert(run["id"].get<std::string>());
  }
  auto resumed = subscribe("?workflow_id=" + id + "&after=" + cursor + "&token=" + tok);
  ASSERT_TRUE(resumed);
  EXPECT_EQ(subscribed_.value("cursor", ""), cursor);
  auto after = read_runs(*resumed, 2);
  auto live = execute(id, {{"name", "live"}, {"x", 9}}, tok);
  ASSERT_TRUE(live.is_object());
  missed.insert(live["id"].get<std::string>());
  const auto live_messages = read_runs(*resumed, 1);
  after.insert(after.end(), live_messages.begin(), live_messages.end());

  const auto by_run = types_by_run(after);
  EXPECT_EQ(by_run.size(), 3u) << "only the runs after the cursor";
  for (const auto& [run_id, types] : by_run) {
    EXPECT_TRUE(missed.contains(run_id)) << run_id << " was delivered before the cursor";
    EXPECT_EQ(types, chain_messages()) << run_id;
  }
  expect_quiet(*resumed);
}

TEST_F(feed_test, resuming_works_across_a_server_restart) {
  const std::string tok = token();
  auto wf = create_workflow("chain", chain_definition(), tok);
  ASSERT_TRUE(wf.is_object());
  const std::string id = wf["id"];
  std::string cursor;
  {
    auto ws = subscribe("?workflow_id=" + id + "&token=" + tok);
    ASSERT_TRUE(ws);
    ASSERT_TRUE(execute(id, {{"name", "a"}, {"x", 1}}, tok).is_object());
    const auto first = read_runs(*ws, 1);
    ASSERT_FALSE(first.empty());
    cursor = first.back().value("cursor", "");
    ws->close();
  }
  restart_server();
  auto run = run_to_end(id, {{"name", "b"}, {"x", 2}}, tok);
  ASSERT_TRUE(run.is_object());
  auto ws = subscribe("?workflow_id=" + id + "&after=" + cursor + "&token=" + tok);
  ASSERT_TRUE(ws);
  const auto by_run = types_by_run(read_runs(*ws, 1));
  ASSERT_EQ(by_run.size(), 1u);
  EXPECT_EQ(by_run.begin()->first, run["id"].get<std::string>());
  EXPECT_EQ(by_run.begin()->second, chain_messages());
  expect_quiet(*ws);
}

TEST_F(feed_test, client_messages_subscribe_unsubscribe_and_errors) {
  const std::string tok = token();
  auto wf = create_workflow("chain", chain_definition(), tok);
  ASSERT_TRUE(wf.is_object());
  const std::string id = wf["id"];
  auto run = run_to_end(id, {{"name", "m"}, {"x", 1}}, tok);
  ASSERT_TRUE(run.is_object());
  const std::string run_id = run["id"];

  auto opened = open_feed("", tok);
  ASSERT_TRUE(opened.client) << opened.status << " " << opened.error;
  ws_client& ws = *opened.client;
  ASSERT_TRUE(ws.send({{"type", "subscribe"}, {"run_id", run_id}}));
  auto subscribed = ws.read();
  ASSERT_TRUE(subscribed.has_value());
  EXPECT_EQ(subscribed->value("type", ""), "subscribed");
  EXPECT_EQ(types_by_run(read_runs(ws, 1))[run_id], chain_messages());
  ASSERT_TRUE(ws.send({{"type", "subscribe"}, {"workflow_id", id}}));
  EXPECT_EQ(ws.read().value_or(json()).value("code", ""), "ALREADY_SUBSCRIBED");
  ASSERT_TRUE(ws.send({{"type", "unsubscribe"}}));
  EXPECT_EQ(ws.read().value_or(json()).value("type", ""), "unsubscribed");
  ASSERT_TRUE(ws.send({{"type", "subscribe"}, {"workflow_id", id}, {"after", "bogus"}}));
  EXPECT_EQ(ws.read().value_or(json()).value("code", ""), "INVALID_CURSOR");
  ASSERT_TRUE(ws.send(json("not an object")));
  EXPECT_EQ(ws.read().value_or(json()).value("code", ""), "INVALID_MESSAGE");
  ASSERT_TRUE(ws.send({{"type", "subscribe"}}));
  EXPECT_EQ(ws.read().value_or(json()).value("code", ""), "INVALID_MESSAGE");
  ASSERT_TRUE(ws.send({{"type", "subscribe"}, {"workflow_id", id}, {"after", "0"}}));
  EXPECT_EQ(ws.read().value_or(json()).value("type", ""), "subscribed");
  EXPECT_EQ(types_by_run(read_runs(ws, 1))[run_id], chain_messages()) << "after=0 replays all";
  expect_quiet(ws);

  // A bad query-string subscription is answered, then closed.
  auto bad = open_feed("?workflow_id=" + id + "&after=bogus&token=" + tok);
  ASSERT_TRUE(bad.client);
  EXPECT_EQ(bad.client->read().value_or(json()).value("code", ""), "INVALID_CURSOR");
  EXPECT_FALSE(bad.client->read().has_value());
  ASSERT_TRUE(bad.client->closed());
  EXPECT_EQ(bad.client->closed()->code, 4400);
}

TEST_F(feed_test, a_deleted_workflow_has_no_feed_any_more) {
  const std::string tok = token();
  auto wf = create_workflow("doomed", chain_definition(), tok);
  ASSERT_TRUE(wf.is_object());
  const std::string id = wf["id"];
  auto run = run_to_end(id, {{"name", "d"}, {"x", 1}}, tok);
  ASSERT_TRUE(run.is_object());
  const std::string run_id = run["id"];
  ASSERT_TRUE(subscribe("?run_id=" + run_id + "&token=" + tok));
  const auto deleted = del(path("/" + id), tok);
  ASSERT_EQ(deleted.status / 100, 2) << deleted.describe();
  for (const auto& [query, code] :
       {std::pair{"?workflow_id=" + id + "&after=0", "WORKFLOW_NOT_FOUND"},
        std::pair{"?run_id=" + run_id + "&after=0", "EXECUTION_NOT_FOUND"}}) {
    auto opened = open_feed(query + "&token=" + tok);
    ASSERT_TRUE(opened.client) << opened.status;
    EXPECT_EQ(opened.client->read().value_or(json()).value("code", ""), code) << query;
    EXPECT_FALSE(opened.client->read().has_value());
    ASSERT_TRUE(opened.client->closed());
    EXPECT_EQ(opened.client->closed()->code, 4404);
  }
}

/// Tenant B gets exactly the answer for a missing id when it names tenant A's workflow or run,
/// and its own subscriptions never carry A's messages (DESIGN.md §4.5).
TEST_F(feed_test, tenant_b_cannot_subscribe_to_tenant_a) {
  const std::string a = token(tenant_a, "alice");
  const std::string b = token(tenant_b, "bob");
  auto wf = create_workflow("private", chain_definition(), a);
  ASSERT_TRUE(wf.is_object());
  const std::string id = wf["id"];
  auto run = run_to_end(id, {{"name", "secret"}, {"x", 1}}, a);
  ASSERT_TRUE(run.is_object());
  const std::string run_id = run["id"];

  struct answer {
    json message;
    int close_code = 0;
    std::string close_reason;
  };
  const auto refused = [&](const std::string& query) {
    answer out;
    auto opened = open_feed(query + "&token=" + b);
    if (!opened.client) {
      ADD_FAILURE() << "upgrade refused: " << opened.status;
      return out;
    }
    out.message = opened.client->read().value_or(json());
    EXPECT_FALSE(opened.client->read().has_value()) << "closed after the error";
    if (opened.client->closed()) {
      out.close_code = opened.client->closed()->code;
      out.close_reason = opened.client->closed()->reason;
    }
    return out;
  };
  for (const auto& [name, foreign, code] : {std::tuple{"workflow_id", id, "WORKFLOW_NOT_FOUND"},
                                            std::tuple{"run_id", run_id, "EXECUTION_NOT_FOUND"}}) {
    const answer theirs = refused(std::string("?") + name + "=" + foreign);
    const answer missing = refused(std::string("?") + name + "=" + unused_id());
    EXPECT_EQ(theirs.message.value("type", ""), "error");
    EXPECT_EQ(theirs.message.value("code", ""), code);
    EXPECT_EQ(theirs.message, missing.message) << name;
    EXPECT_EQ(theirs.close_code, 4404);
    EXPECT_EQ(theirs.close_code, missing.close_code);
    EXPECT_EQ(theirs.close_reason, missing.close_reason);
  }

  // By message: the same error, and the connection stays usable.
  auto opened = open_feed("", b);
  ASSERT_TRUE(opened.client);
  ASSERT_TRUE(opened.client->send({{"type", "subscribe"}, {"run_id", run_id}}));
  const json theirs = opened.client->read().value_or(json());
  ASSERT_TRUE(opened.client->send({{"type", "subscribe"}, {"run_id", unused_id()}}));
  EXPECT_EQ(theirs, opened.client->read().value_or(json()));
  EXPECT_EQ(theirs.value("code", ""), "EXECUTION_NOT_FOUND");
  expect_quiet(*opened.client);

  // B's own workflow never shows A's runs.
  auto own = create_workflow("bobs", chain_definition(), b);
  ASSERT_TRUE(own.is_object());
  auto mine = subscribe("?workflow_id=" + own["id"].get<std::string>() + "&after=0&token=" + b);
  ASSERT_TRUE(mine);
  ASSERT_TRUE(run_to_end(id, {{"name", "more"}, {"x", 2}}, a).is_object());
  expect_quiet(*mine);
}

}  // namespace
}  // namespace runlog::e2e
