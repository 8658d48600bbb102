// The processor over the real embedded log: live deciding, restart recovery, effects.
#include "engine/log_reader.hpp"
#include "runlog/engine/processor.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "runlog/workflow/node_support.hpp"
#include "runlog/eventlog/embedded_log.hpp"
#include "runlog/schemas/envelope.hpp"
#include "runlog/schemas/records.hpp"
#include "support/temp_dir.hpp"

namespace runlog::engine {
namespace {

using json = nlohmann::json;
using strings = std::vector<std::string>;

constexpr std::uint32_t kPartitions = 4;

class processor_test : public ::testing::Test {
 protected:
  void SetUp() override { reopen(); }

  void reopen() {
    log_.reset();
    auto opened = eventlog::open_embedded({dir_.path() / "log", kPartitions});
    ASSERT_TRUE(opened) << opened.error().message;
    log_ = std::move(*opened);
  }

  // Deterministic ids and clock for the records the processor writes.
  processor_options options() {
    processor_options o;
    o.poll_timeout = std::chrono::milliseconds(20);
    o.clock = [] { return std::int64_t{42}; };
    o.new_id = [counter = std::make_shared<std::atomic<int>>(0)] {
      return "engine-" + std::to_string(++*counter);
    };
    return o;
  }

  // Appends a command as the API would; returns its id.
  std::string append(const schemas::command& c, const std::string& id, const std::string& key,
                     const std::string& tenant = "tenant-a") {
    const auto env = schemas::wrap(c, {id, key, tenant, 1000, "user-1", "", ""});
    auto appended = log_->append({{key, schemas::encode(env)}});
    EXPECT_TRUE(appended) << appended.error().message;
    return id;
  }

  std::vector<schemas::envelope> records() { return testing::read_all(*log_); }
  std::vector<schemas::envelope> find(const std::string& key, const std::string& type) {
    return testing::find_records(*log_, key, type);
  }
  bool wait_for(const std::string& key, const std::string& type) {
    return testing::wait_for_record(*log_, key, type);
  }

  // The types of the events caused by record `id`, in log order.
  strings caused_by(const std::string& id) {
    strings out;
    for (const auto& e : records()) {
      if (e.causation == id) out.push_back(e.type);
    }
    return out;
  }

  runlog::testing::temp_dir dir_{"runlog-engine"};
  std::unique_ptr<eventlog::event_log> log_;
};

schemas::execute_run transform_run(const std::string& run_id) {
  return {run_id,
          "wf-1",
          "1.0.0",
          R"({"nodes": [
      {"id": "a", "type": "transform", "config": {"greeting": "hello {{inputs.name}}"}},
      {"id": "b", "type": "transform", "input_from": "a", "config": {"said": "{{input.greeting}}"}}]})"_json,
          {{"name", "ada"}}};
}

TEST_F(processor_test, decides_live_commands_and_appends_their_events) {
  processor p(*log_, options());
  ASSERT_TRUE(p.start());
  const auto cmd = append(transform_run("r1"), "cmd-1", "r1");
  ASSERT_TRUE(wait_for("r1", "run.completed"));
  EXPECT_EQ(caused_by(cmd), (strings{"run.started", "run.step_started", "run.step_completed",
                                     "run.step_started", "run.step_completed", "run.completed"}));
  const auto completed = find("r1", "run.completed").front();
  EXPECT_EQ(completed.data["outputs"], (json{{"b", {{"said", "hello ada"}}}}));
  EXPECT_EQ(completed.tenant, "tenant-a");
  EXPECT_EQ(completed.actor, "user-1");
  EXPECT_EQ(completed.ts, 42);
  EXPECT_EQ(completed.correlation, cmd);
  EXPECT_EQ(completed.id.rfind("engine-", 0), 0u);

  append(schemas::create_workflow{"wf-1", "daily", "",
                                  R"({"nodes": [{"id": "e", "type": "end"}]})"_json, "1.0.0"},
         "cmd-2", "tenant-a");
  const auto dup =
      append(schemas::create_workflow{"wf-2", "daily", "",
                                      R"({"nodes": [{"id": "e", "type": "end"}]})"_json, "1.0.0"},
             "cmd-3", "tenant-a");
  ASSERT_TRUE(wait_for("tenant-a", "command.rejected"));
  EXPECT_EQ(caused_by(dup), strings{"command.rejected"});
  EXPECT_EQ(find("tenant-a", "command.rejected").front().data["code"], "WORKFLOW_NAME_CONFLICT");
  p.stop();
  EXPECT_EQ(p.skipped_records(), 0u);
}

TEST_F(processor_test, a_restart_decides_each_command_exactly_once) {
  std::string first;
  {
    processor p(*log_, options());
    ASSERT_TRUE(p.start());
    first = append(transform_run("r1"), "cmd-1", "r1");
    ASSERT_TRUE(wait_for("r1", "run.completed"));
    p.stop();
  }
  reopen();
  const auto while_stopped = append(transform_run("r2"), "cmd-2", "r2");
  const auto terminate = append(schemas::terminate_run{"r1", "late"}, "cmd-3", "r1");
  {
    auto o = options();
    o.new_id = [counter = std::make_shared<std::atomic<int>>(0)] {
      return "second-" + std::to_string(++*counter);
    };
    processor p(*log_, o);
    ASSERT_TRUE(p.start());
    ASSERT_TRUE(wait_for("r2", "run.completed"));
    ASSERT_TRUE(wait_for("r1", "command.rejected"));
    const auto live = append(transform_run("r3"), "cmd-4", "r3");
    ASSERT_TRUE(wait_for("r3", "run.completed"));
    p.stop();
    EXPECT_EQ(caused_by(live).size(), 6u);
  }
  EXPECT_EQ(caused_by(first).size(), 6u) << "the first command was decided again";
  EXPECT_EQ(caused_by(while_stopped).size(), 6u);
  EXPECT_EQ(caused_by(terminate), strings{"command.rejected"});
  EXPECT_EQ(find("r1", "command.rejected").front().data["code"], "EXECUTION_ALREADY_TERMINAL");
  EXPECT_EQ(find("r2", "run.started").size(), 1u);
}

TEST_F(processor_test, an_unconfigured_integration_fails_the_run_through_a_report) {
  processor p(*log_, options());
  ASSERT_TRUE(p.start());
  append(schemas::execute_run{"r1",
                              "wf-1",
                              "1.0.0",
                              R"({"nodes": [
      {"id": "notify", "type": "integration", "action": "slack.post_message",
       "config": {"text": "hi {{inputs.who}}"}}]})"_json,
                              {{"who", "bob"}}},
         "cmd-1", "r1");
  ASSERT_TRUE(wait_for("r1", "run.failed"));
  p.stop();
  const auto started = find("r1", "run.step_started");
  const auto reports = find("r1", "run.report_step");
  ASSERT_EQ(started.size(), 1u);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].causation, started[0].id);
  EXPECT_EQ(reports[0].correlation, "cmd-1");
  EXPECT_EQ(reports[0].data["code"], "CONNECTOR_NOT_CONFIGURED");
  EXPECT_EQ(caused_by(reports[0].id), (strings{"run.step_failed", "run.failed"}));
  const auto failed = find("r1", "run.failed").front();
  EXPECT_EQ(failed.data["code"], "CONNECTOR_NOT_CONFIGURED");
  EXPECT_EQ(failed.data["message"],
            "node 'notify': no connector configured for action 'slack.post_message'");
}

TEST_F(processor_test, recovery_runs_an_attempt_whose_result_never_arrived_again) {
  // The log as a processor left it when it died after appending, before the effect ran.
  const auto cmd = schemas::execute_run{
      "r1",
      "wf-1",
      "1.0.0",
      R"({"nodes": [{"id": "wait", "type": "delay", "config": {"duration_ms": 10}}]})"_json,
      {}};
  append(cmd, "cmd-1", "r1");
  const auto event = [&](const schemas::event& e, const std::string& id) {
    const auto env = schemas::wrap(e, {id, "r1", "tenant-a", 5, "user-1", "cmd-1", "cmd-1"});
    ASSERT_TRUE(log_->append({{"r1", schemas::encode(env)}}));
  };
  event(schemas::run_started{"r1", "wf-1", "1.0.0", cmd.definition, {}}, "ev-1");
  event(schemas::step_started{"r1", "wait", 1}, "ev-2");

  processor p(*log_, options());
  ASSERT_TRUE(p.start());
  ASSERT_TRUE(wait_for("r1", "run.failed"));
  p.stop();
  const auto reports = find("r1", "run.report_step");
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].causation, "ev-2");
  EXPECT_EQ(reports[0].data["code"], "NODE_TYPE_NOT_SUPPORTED");
  // The executor reports what check_node_support says (POST /parse reads the same answer).
  const auto unsupported = workflow::check_node_support("wait", workflow::node_type::delay, "");
  ASSERT_TRUE(unsupported.has_value());
  EXPECT_EQ(reports[0].data["code"], unsupported->code);
  EXPECT_EQ(reports[0].data["message"], unsupported->reason);
  EXPECT_EQ(find("r1", "run.started").size(), 1u) << "the decided command was decided again";
}

TEST_F(processor_test, undecodable_records_are_skipped_and_counted) {
  const auto key = std::string("r1");
  ASSERT_TRUE(log_->append({{key, "not json"}}));
  processor p(*log_, options());
  ASSERT_TRUE(p.start());
  ASSERT_TRUE(log_->append({{key, R"({"type": "run.nope", "v": 1})"}}));
  append(transform_run("r1"), "cmd-1", "r1");
  ASSERT_TRUE(wait_for("r1", "run.completed"));
  p.stop();
  EXPECT_EQ(p.skipped_records(), 2u);
}

}  // namespace
}  // namespace runlog::engine
