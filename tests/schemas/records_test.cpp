#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "runlog/schemas/envelope.hpp"
#include "runlog/schemas/errc.hpp"
#include "runlog/schemas/records.hpp"
#include "runlog/schemas/time.hpp"

namespace runlog::schemas {
namespace {

record_meta meta(std::string key) {
  return {"rec-1", std::move(key), "tenant-a", 1742407200000, "user-1", "cause-1", "corr-1"};
}

template <typename Variant>
void expect_round_trip(const Variant& record) {
  const envelope wrapped = wrap(record, meta("k"));
  auto decoded = decode(encode(wrapped));
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(*decoded, wrapped);
  if constexpr (std::is_same_v<Variant, command>) {
    auto back = to_command(*decoded);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(*back, record);
  } else {
    auto back = to_event(*decoded);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(*back, record);
  }
}

TEST(records, every_command_round_trips) {
  const nlohmann::json def = {{"nodes", nlohmann::json::array({{{"id", "a"}, {"type", "end"}}})}};
  expect_round_trip(command{create_workflow{"wf-1", "Name", "Desc", def, "1.2.0"}});
  expect_round_trip(command{execute_run{"run-1", "wf-1", "1.0.0", def, {{"x", 1}}}});
  expect_round_trip(command{terminate_run{"run-1", "user asked"}});
  expect_round_trip(command{report_step{"run-1", "n1", 2, true, {{"status", 200}}, "", ""}});
  expect_round_trip(command{report_step{"run-1", "n1", 1, false, nullptr, "CONNECTOR_NOT_CONFIGURED", "x"}});
  create_workflow keyed{"wf-2", "N", "", def, "1.0.0", "idem-1", "hash-1"};
  expect_round_trip(command{keyed});
  execute_run pinned{"run-2", "wf-1", "2.0.0", def, nlohmann::json::object(), 3, "idem-2", "hash-2"};
  expect_round_trip(command{pinned});
  workflow_changes changes;
  changes.name = "New";
  changes.status = "archived";
  changes.definition = def;
  expect_round_trip(command{update_workflow{"wf-1", changes, 4}});
  expect_round_trip(command{update_workflow{"wf-1", workflow_changes{}, 0}});
  expect_round_trip(command{delete_workflow{"wf-1"}});
  const schedule_settings settings{"0 9 * * 1", "Europe/Paris", {{"x", 1}}, "skip", false};
  expect_round_trip(command{create_schedule{"s-1", "wf-1", settings}});
  schedule_changes sc;
  sc.enabled = false;
  sc.inputs = nlohmann::json{{"y", 2}};
  expect_round_trip(command{update_schedule{"s-1", "wf-1", sc}});
  expect_round_trip(command{delete_schedule{"s-1", "wf-1"}});
}

TEST(records, every_event_round_trips) {
  const nlohmann::json def = {{"nodes", nlohmann::json::array()}};
  expect_round_trip(event{workflow_created{"wf-1", "N", "D", def, "1.0.0", "active"}});
  expect_round_trip(event{command_rejected{"workflow.create", "WORKFLOW_NAME_CONFLICT", "taken", "wf-1"}});
  expect_round_trip(event{run_started{"run-1", "wf-1", "1.0.0", def, {{"a", "b"}}}});
  expect_round_trip(event{step_started{"run-1", "n1", 2}});
  expect_round_trip(event{step_completed{"run-1", "n1", 1, {{"out", {1, 2, 3}}}}});
  expect_round_trip(event{step_failed{"run-1", "n1", 1, "TEMPLATE_ERROR", "bad", true}});
  expect_round_trip(event{step_skipped{"run-1", "n2", "condition false"}});
  expect_round_trip(event{run_paused{"run-1", "approve"}});
  expect_round_trip(event{run_completed{"run-1", {{"result", 42}}}});
  expect_round_trip(event{run_failed{"run-1", "STEP_FAILED", "boom", "n1"}});
  expect_round_trip(event{run_terminated{"run-1", "stop"}});
  workflow_changes changes;
  changes.description = "";
  changes.version = "2.0.0";
  expect_round_trip(event{workflow_updated{"wf-1", changes, 2}});
  expect_round_trip(event{workflow_deleted{"wf-1", "N"}});
  expect_round_trip(event{schedule_created{"s-1", "wf-1", schedule_settings{"*/5 * * * *", "UTC", nlohmann::json::object(), "queue", true}}});
  schedule_changes sc;
  sc.timezone = "Asia/Tokyo";
  expect_round_trip(event{schedule_updated{"s-1", "wf-1", sc}});
  expect_round_trip(event{schedule_deleted{"s-1", "wf-1"}});
}

TEST(records, nested_fields_are_type_checked) {
  auto e = decode(R"({"type":"workflow.update","v":1,"id":"x","key":"k","ts":1,"data":{"workflow_id":"w","changes":{"name":5}}})");
  ASSERT_TRUE(e);
  EXPECT_EQ(to_command(*e).error().code, errc::wrong_type);
  auto s = decode(R"({"type":"schedule.create","v":1,"id":"x","key":"k","ts":1,"data":{"schedule_id":"s","workflow_id":"w","settings":{}}})");
  ASSERT_TRUE(s);
  EXPECT_EQ(to_command(*s).error().code, errc::missing_field);
}

TEST(records, catalog_names_are_unique_and_wrap_uses_them) {
  std::set<std::string_view> names;
  for (const auto& info : catalog()) {
    EXPECT_TRUE(names.insert(info.name).second) << info.name;
    EXPECT_GE(info.version, 1);
  }
  EXPECT_EQ(type_name(command{terminate_run{}}), "run.terminate");
  EXPECT_EQ(type_name(event{run_completed{}}), "run.completed");
  EXPECT_EQ(kind_of("run.execute"), record_kind::command);
  EXPECT_EQ(kind_of("run.started"), record_kind::event);
  EXPECT_FALSE(kind_of("run.exploded"));
}

TEST(records, decode_rejects_bad_records_with_precise_codes) {
  EXPECT_EQ(decode("not json").error().code, errc::malformed_json);
  EXPECT_EQ(decode("[1]").error().code, errc::malformed_json);
  EXPECT_EQ(decode(R"({"v":1,"id":"x","key":"k","ts":1,"data":{}})").error().code, errc::missing_field);
  EXPECT_EQ(decode(R"({"type":"nope","v":1,"id":"x","key":"k","ts":1,"data":{}})").error().code,
            errc::unknown_type);
  EXPECT_EQ(decode(R"({"type":"run.started","v":99,"id":"x","key":"k","ts":1,"data":{}})").error().code,
            errc::unsupported_version);
  EXPECT_EQ(decode(R"({"type":"run.started","v":1,"id":7,"key":"k","ts":1,"data":{}})").error().code,
            errc::wrong_type);
  // A known envelope whose data lacks a required field fails when typed.
  auto e = decode(R"({"type":"run.terminate","v":1,"id":"x","key":"k","ts":1,"data":{}})");
  ASSERT_TRUE(e);
  EXPECT_EQ(to_command(*e).error().code, errc::missing_field);
  EXPECT_EQ(to_event(*e).error().code, errc::unknown_type);
}

TEST(records, peek_header_reads_routing_fields_only) {
  const auto bytes = encode(wrap(command{terminate_run{"run-9", ""}}, meta("run-9")));
  auto h = peek_header(bytes);
  ASSERT_TRUE(h) << h.error().message;
  EXPECT_EQ(h->type, "run.terminate");
  EXPECT_EQ(h->key, "run-9");
  EXPECT_EQ(h->tenant, "tenant-a");
  EXPECT_EQ(h->causation, "cause-1");
  EXPECT_EQ(peek_header("{").error().code, errc::malformed_json);
}

// Golden fixtures: records written by earlier builds must decode forever.
TEST(records, golden_fixtures_keep_decoding) {
  const auto dir = std::filesystem::path(RUNLOG_TEST_SOURCE_DIR) / "tests/schemas/golden";
  std::size_t seen = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path());
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      auto e = decode(line);
      ASSERT_TRUE(e) << entry.path() << ": " << e.error().message;
      const bool typed = kind_of(e->type) == record_kind::command ? bool(to_command(*e)) : bool(to_event(*e));
      EXPECT_TRUE(typed) << entry.path() << ": " << line;
      ++seen;
    }
  }
  EXPECT_GE(seen, catalog().size());
}

TEST(time, iso8601_round_trips) {
  EXPECT_EQ(format_iso8601(1742407200123), "2025-03-19T18:00:00.123Z");
  EXPECT_EQ(parse_iso8601("2025-03-19T18:00:00.123Z"), 1742407200123);
  EXPECT_EQ(parse_iso8601("2025-03-19"), 1742342400000);
  EXPECT_FALSE(parse_iso8601("2025-13-19"));
  EXPECT_FALSE(parse_iso8601("yesterday"));
}

}  // namespace
}  // namespace runlog::schemas

namespace runlog::schemas {
namespace {

// Every catalog entry has a schema file for its current version, and every schema file
// names a catalog type: schemas/json stays the published description of the log.
TEST(records, schema_files_match_the_catalog) {
  const auto dir = std::filesystem::path(RUNLOG_TEST_SOURCE_DIR) / "schemas/json";
  for (const auto& info : catalog()) {
    const auto file = dir / (std::string(info.name) + ".v" + std::to_string(info.version) + ".schema.json");
    std::ifstream in(file);
    ASSERT_TRUE(in) << "missing " << file;
    const auto doc = nlohmann::json::parse(in, nullptr, false);
    ASSERT_FALSE(doc.is_discarded()) << file;
    EXPECT_EQ(doc["properties"]["type"]["const"], info.name) << file;
  }
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const auto name = entry.path().filename().string();
    if (name == "envelope.schema.json") continue;
    EXPECT_TRUE(find_type(name.substr(0, name.find(".v")))) << "schema for unknown type: " << name;
  }
}

}  // namespace
}  // namespace runlog::schemas
