#include "api/feed_fixture.hpp"

#include <cstdio>
#include <random>

namespace runlog::e2e {

const std::vector<std::string>& chain_messages() {
  static const std::vector<std::string> types = {
      "execution:started",        "execution:step_started",   "execution:step_completed",
      "execution:step_started",   "execution:step_completed", "execution:step_started",
      "execution:step_completed", "execution:completed"};
  return types;
}

bool ends_run(const json& message) {
  const std::string type = message.is_object() ? message.value("type", "") : "";
  return type == "execution:completed" || type == "execution:failed" ||
         type == "execution:terminated";
}

std::map<std::string, std::vector<std::string>> types_by_run(const std::vector<json>& messages) {
  std::map<std::string, std::vector<std::string>> out;
  for (const json& m : messages) out[m.value("run_id", "?")].push_back(m.value("type", "?"));
  return out;
}

std::string unused_id() {
  std::random_device rd;
  std::mt19937_64 gen(rd());
  char text[37];
  std::snprintf(text, sizeof text, "%08x-%04x-4%03x-8%03x-%012llx", static_cast<unsigned>(gen()),
                static_cast<unsigned>(gen() & 0xffff), static_cast<unsigned>(gen() & 0xfff),
                static_cast<unsigned>(gen() & 0xfff),
                static_cast<unsigned long long>(gen() & 0xffffffffffffULL));
  return text;
}

ws_connection feed_e2e::open_feed(const std::string& query, const std::string& header_token,
                                  int receive_buffer) {
  testing::ws_options options;
  options.bearer = header_token;
  options.receive_buffer = receive_buffer;
  return ws_client::connect("127.0.0.1", server().port(), path("/events") + query, options);
}

std::unique_ptr<ws_client> feed_e2e::subscribe(const std::string& query,
                                               const std::string& header_token,
                                               int receive_buffer) {
  auto opened = open_feed(query, header_token, receive_buffer);
  if (!opened.client) {
    ADD_FAILURE() << "upgrade " << query << ": HTTP " << opened.status << " " << opened.body << " "
                  << opened.error;
    return nullptr;
  }
  auto first = opened.client->read();
  if (!first || first->value("type", "") != "subscribed" || !(*first)["cursor"].is_string()) {
    ADD_FAILURE() << "expected subscribed, got " << (first ? first->dump() : first.error().message);
    return nullptr;
  }
  subscribed_ = *first;
  return std::move(opened.client);
}

std::vector<json> feed_e2e::read_runs(ws_client& ws, int runs) {
  std::vector<json> out;
  int ended = 0;
  for (int i = 0; i < 2000 && ended < runs; ++i) {
    auto m = ws.read();
    if (!m) {
      ADD_FAILURE() << "read after " << out.size() << " messages: " << m.error().message
                    << (ws.closed() ? " (closed " + std::to_string(ws.closed()->code) + " " +
                                          ws.closed()->reason + ")"
                                    : "");
      return out;
    }
    if (ends_run(*m)) ++ended;
    out.push_back(std::move(*m));
  }
  EXPECT_EQ(ended, runs);
  return out;
}

json feed_e2e::read_type(ws_client& ws, const std::string& type) {
  for (int i = 0; i < 200; ++i) {
    auto m = ws.read();
    if (!m) {
      ADD_FAILURE() << "waiting for " << type << ": " << m.error().message;
      return nullptr;
    }
    if (m->value("type", "") == type) return *m;
  }
  ADD_FAILURE() << "no " << type << " within 200 messages";
  return nullptr;
}

std::vector<json> feed_e2e::follow(std::unique_ptr<ws_client> ws, const std::string& workflow_id,
                                   std::string cursor, int runs, const std::string& tok) {
  std::vector<json> out;
  int ended = 0;
  for (int reconnects = 0; ws && ended < runs && reconnects < 50;) {
    auto m = ws->read();
    if (m) {
      cursor = m->value("cursor", cursor);
      if (ends_run(*m)) ++ended;
      out.push_back(std::move(*m));
      continue;
    }
    if (!ws->closed() || ws->closed()->code != 4008) {
      ADD_FAILURE() << "feed ended: " << m.error().message;
      break;
    }
    ++reconnects;
    auto again = open_feed("?workflow_id=" + workflow_id + "&after=" + cursor + "&token=" + tok);
    ws = std::move(again.client);
    if (!ws || ws->read().value_or(json()).value("type", "") != "subscribed") {
      ADD_FAILURE() << "resubscribe failed: HTTP " << again.status << " " << again.error;
      break;
    }
  }
  EXPECT_EQ(ended, runs);
  return out;
}

void feed_e2e::expect_quiet(ws_client& ws) {
  auto m = ws.read_after_idle(std::chrono::milliseconds(200));
  ASSERT_TRUE(m.has_value()) << m.error().message;
  EXPECT_EQ(m->value("type", ""), "pong") << "unexpected message " << m->dump();
}

}  // namespace runlog::e2e
