#pragma once
/// The WebSocket feed over a real `runlog serve`: connecting to /api/v2/workflows/events and
/// bounded helpers that read feed messages. Helpers record GoogleTest failures, never throw.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "api/e2e_fixture.hpp"
#include "support/ws_client.hpp"

namespace runlog::e2e {

using testing::ws_client;
using testing::ws_connection;

/// What a run of chain_definition() sends, in order.
const std::vector<std::string>& chain_messages();

/// True for execution:completed, execution:failed and execution:terminated.
bool ends_run(const json& message);

/// The message types of each run, in arrival order, by run id.
std::map<std::string, std::vector<std::string>> types_by_run(const std::vector<json>& messages);

/// A random v4 UUID that no run or workflow has.
std::string unused_id();

class feed_e2e : public e2e_test {
 protected:
  /// Upgrades `/api/v2/workflows/events` + `query`; `header_token` goes into Authorization.
  ws_connection open_feed(const std::string& query, const std::string& header_token = "",
                          int receive_buffer = 0);
  /// open_feed() expecting 101 and a {"type":"subscribed"} first message; null on failure.
  std::unique_ptr<ws_client> subscribe(const std::string& query,
                                       const std::string& header_token = "",
                                       int receive_buffer = 0);
  /// Reads until `runs` messages ended a run (at most 2000 messages); everything read.
  std::vector<json> read_runs(ws_client& ws, int runs);
  /// Reads until a message of `type` (at most 200 messages); null on failure.
  json read_type(ws_client& ws, const std::string& type);
  /// Like read_runs over a workflow subscription that resumes from the last cursor after a
  /// 4008 close (at most 50 times). `cursor` is where it starts.
  std::vector<json> follow(std::unique_ptr<ws_client> ws, const std::string& workflow_id,
                           std::string cursor, int runs, const std::string& tok);
  /// Asserts that the next message is the answer to an application ping, i.e. that nothing
  /// else is pending.
  void expect_quiet(ws_client& ws);

  /// The subscribed message read by the last subscribe().
  json subscribed_;
};

}  // namespace runlog::e2e
