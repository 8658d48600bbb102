// decide()/evolve(): workflow updates (rules, numbered definition versions, optimistic
// concurrency), deletion with its cascade effects, and executes refused after archive/delete.
#include <gtest/gtest.h>

#include "engine/scenario.hpp"

namespace runlog::engine {
namespace {

using json = nlohmann::json;
using testing::names;
using testing::nth;
using testing::scenario;
using strings = std::vector<std::string>;

json one_node(const std::string& id = "done") {
  return json{{"nodes", json::array({{{"id", id}, {"type", "end"}}})}};
}

schemas::create_workflow create(std::string id, std::string name, json definition = one_node()) {
  return {std::move(id), std::move(name), "", std::move(definition), "1.0.0"};
}

schemas::update_workflow update(std::string id, schemas::workflow_changes changes,
                                int expected = 0) {
  return {std::move(id), std::move(changes), expected};
}

schemas::workflow_changes rename(std::string name) {
  schemas::workflow_changes c;
  c.name = std::move(name);
  return c;
}

schemas::workflow_changes status(std::string s) {
  schemas::workflow_changes c;
  c.status = std::move(s);
  return c;
}

schemas::workflow_changes redefine(json definition) {
  schemas::workflow_changes c;
  c.definition = std::move(definition);
  return c;
}

// prep -> approve (pauses the run) -> pay, a run of `workflow_id`.
schemas::execute_run paused_run(std::string run_id, std::string workflow_id = "wf-1") {
  return {std::move(run_id), std::move(workflow_id), "1.0.0", R"({"nodes": [
      {"id": "prep", "type": "transform", "config": {"x": 1}},
      {"id": "approve", "type": "approval", "input_from": "prep"},
      {"id": "pay", "type": "transform", "input_from": "approve", "config": {"paid": true}}]})"_json,
          json::object()};
}

schemas::execute_run finished_run(std::string run_id, std::string workflow_id = "wf-1") {
  return {std::move(run_id), std::move(workflow_id), "1.0.0", one_node(), json::object()};
}

schemas::command_rejected rejection(const decision& d) {
  EXPECT_EQ(names(d), strings{"command.rejected"});
  return nth<schemas::command_rejected>(d);
}

const workflow_info& info(const scenario& s, const std::string& id,
                          const std::string& tenant = "tenant-a") {
  return s.state().tenants.at(tenant).workflows.at(id);
}

// ---- update ----

TEST(update_workflow, renames_with_a_trimmed_name_and_frees_the_old_one) {
  scenario s;
  s.given(create("wf-1", "daily"));
  const auto d = s.when(update("wf-1", rename("  nightly ")));
  ASSERT_EQ(names(d), strings{"workflow.updated"});
  const auto updated = nth<schemas::workflow_updated>(d);
  EXPECT_EQ(updated.changes.name, "nightly");
  EXPECT_EQ(updated.definition_version, 1);
  EXPECT_EQ(info(s, "wf-1").name, "nightly");
  EXPECT_EQ(s.state().tenants.at("tenant-a").workflow_by_name.at("nightly"), "wf-1");
  EXPECT_FALSE(s.state().tenants.at("tenant-a").workflow_by_name.contains("daily"));
  EXPECT_EQ(names(s.when(create("wf-2", "daily"))), strings{"workflow.created"});
}

TEST(update_workflow, a_name_is_unique_per_tenant_as_on_create) {
  scenario s;
  s.given(create("wf-1", "daily")).given(create("wf-2", "weekly"));
  const auto conflict = rejection(s.when(update("wf-2", rename(" daily"))));
  EXPECT_EQ(conflict,
            (schemas::command_rejected{"workflow.update", "WORKFLOW_NAME_CONFLICT",
                                       "a workflow named 'daily' already exists", "wf-2"}));
  // Keeping one's own name is no conflict; another tenant may use the name.
  EXPECT_EQ(names(s.when(update("wf-1", rename("daily")))), strings{"workflow.updated"});
  s.when(create("wf-9", "other"), {"tenant-b", "user-2", 5});
  const auto other = s.when(update("wf-9", rename("daily")), {"tenant-b", "user-2", 6});
  EXPECT_EQ(names(other), strings{"workflow.updated"});
}

TEST(update_workflow, rejects_an_empty_name_an_unknown_status_and_no_change) {
  scenario s;
  s.given(create("wf-1", "daily"));
  const auto empty = rejection(s.when(update("wf-1", rename("   "))));
  EXPECT_EQ(empty.code, "VALIDATION_ERROR");
  EXPECT_EQ(empty.message, "name must not be empty");
  const auto bad_status = rejection(s.when(update("wf-1", status("paused"))));
  EXPECT_EQ(bad_status.code, "VALIDATION_ERROR");
  EXPECT_EQ(bad_status.message, "status must be 'active' or 'archived'");
  const auto nothing = rejection(s.when(update("wf-1", {})));
  EXPECT_EQ(nothing.code, "VALIDATION_ERROR");
  EXPECT_EQ(info(s, "wf-1").name, "daily");
}

TEST(update_workflow, rejects_an_invalid_definition_with_the_validators_message) {
  scenario s;
  s.given(create("wf-1", "daily"));
  const auto d = rejection(s.when(update(
      "wf-1", redefine(R"({"nodes": [{"id": "b", "type": "end", "input_from": "x"}]})"_json))));
  EXPECT_EQ(d.code, "INVALID_WORKFLOW_CONFIG");
  EXPECT_EQ(d.message.find("node 'b'"), 0u) << d.message;
  EXPECT_NE(d.message.find("'x'"), std::string::npos) << d.message;
  EXPECT_EQ(info(s, "wf-1").definition_version, 1);
}

TEST(update_workflow, is_not_found_for_unknown_foreign_and_deleted_workflows) {
  scenario s;
  s.given(create("wf-1", "daily")).given(create("wf-2", "gone"));
  s.given(schemas::delete_workflow{"wf-2"});
  for (const std::string id : {"wf-404", "wf-2"}) {
    const auto d = rejection(s.when(update(id, status("archived"))));
    EXPECT_EQ(d.code, "WORKFLOW_NOT_FOUND") << id;
    EXPECT_EQ(d.subject_id, id);
  }
  const auto foreign = s.when(update("wf-1", status("archived")), {"tenant-b", "user-2", 5});
  EXPECT_EQ(rejection(foreign).code, "WORKFLOW_NOT_FOUND");
  EXPECT_EQ(info(s, "wf-1").status, "active");
}

TEST(update_workflow, numbers_a_new_definition_only_when_it_changed) {
  scenario s;
  s.given(create("wf-1", "daily"));
  EXPECT_EQ(info(s, "wf-1").definition_version, 1);
  // The same definition again (other key order, same JSON) is not a new version.
  const auto same =
      s.when(update("wf-1", redefine(R"({"nodes": [{"type": "end", "id": "done"}]})"_json)));
  EXPECT_EQ(nth<schemas::workflow_updated>(same).definition_version, 1);
  const auto changed = s.when(update("wf-1", redefine(one_node("finish"))));
  EXPECT_EQ(nth<schemas::workflow_updated>(changed).definition_version, 2);
  const auto label_only = s.when(update("wf-1", [] {
    schemas::workflow_changes c;
    c.version = "1.1.0";
    c.description = "relabelled";
    return c;
  }()));
  EXPECT_EQ(nth<schemas::workflow_updated>(label_only).definition_version, 2);
  const auto back = s.when(update("wf-1", redefine(one_node())));
  EXPECT_EQ(nth<schemas::workflow_updated>(back).definition_version, 3)
      << "going back to an older definition is a new version too";
  EXPECT_EQ(info(s, "wf-1").definition_version, 3);
}

TEST(update_workflow, an_expected_definition_version_guards_read_modify_write) {
  scenario s;
  s.given(create("wf-1", "daily"));
  // Two edits based on version 1: the first wins, the second is a conflict.
  EXPECT_EQ(names(s.when(update("wf-1", redefine(one_node("a")), 1))), strings{"workflow.updated"});
  const auto late = rejection(s.when(update("wf-1", redefine(one_node("b")), 1)));
  EXPECT_EQ(late, (schemas::command_rejected{"workflow.update", "VERSION_CONFLICT",
                                             "workflow 'wf-1' is at definition version 2, not 1",
                                             "wf-1"}));
  EXPECT_EQ(names(s.when(update("wf-1", redefine(one_node("b")), 2))), strings{"workflow.updated"});
  // 0 is unconditional.
  EXPECT_EQ(names(s.when(update("wf-1", status("archived"), 0))), strings{"workflow.updated"});
  EXPECT_EQ(info(s, "wf-1").definition_version, 3);
}

// ---- delete ----

TEST(delete_workflow, frees_the_name_keeps_the_id_used_and_cannot_repeat) {
  scenario s;
  s.given(create("wf-1", "daily"));
  const auto d = s.when(schemas::delete_workflow{"wf-1"});
  ASSERT_EQ(names(d), strings{"workflow.deleted"});
  EXPECT_EQ(nth<schemas::workflow_deleted>(d), (schemas::workflow_deleted{"wf-1", "daily"}));
  EXPECT_TRUE(d.effects.empty()) << "no runs, nothing to terminate";
  EXPECT_TRUE(info(s, "wf-1").deleted);
  EXPECT_EQ(rejection(s.when(schemas::delete_workflow{"wf-1"})).code, "WORKFLOW_NOT_FOUND");
  EXPECT_EQ(rejection(s.when(create("wf-1", "again"))).code, "WORKFLOW_ALREADY_EXISTS");
  EXPECT_EQ(names(s.when(create("wf-2", "daily"))), strings{"workflow.created"});
}

TEST(delete_workflow, is_not_found_for_unknown_and_foreign_workflows) {
  scenario s;
  s.given(create("wf-1", "daily"));
  EXPECT_EQ(rejection(s.when(schemas::delete_workflow{"wf-404"})).code, "WORKFLOW_NOT_FOUND");
  const auto foreign = s.when(schemas::delete_workflow{"wf-1"}, {"tenant-b", "user-2", 5});
  EXPECT_EQ(rejection(foreign).code, "WORKFLOW_NOT_FOUND");
  EXPECT_FALSE(info(s, "wf-1").deleted);
}

TEST(delete_workflow, asks_to_terminate_exactly_the_active_runs_of_the_workflow) {
  scenario s;
  s.given(create("wf-1", "daily")).given(create("wf-2", "other"));
  s.given(paused_run("r-paused")).given(finished_run("r-done"));
  s.given(paused_run("r-other", "wf-2"));
  s.when(paused_run("r-foreign"), {"tenant-b", "user-2", 5});  // same workflow id, other tenant
  // r-running waits on an integration node.
  s.given(schemas::execute_run{
      "r-running", "wf-1", "1.0.0",
      R"({"nodes": [{"id": "n", "type": "integration", "action": "x"}]})"_json, json::object()});
  ASSERT_EQ(s.run("r-paused").status, run_status::paused);
  ASSERT_EQ(s.run("r-running").status, run_status::running);
  ASSERT_EQ(s.run("r-done").status, run_status::completed);

  const auto d = s.when(schemas::delete_workflow{"wf-1"});
  ASSERT_EQ(d.effects.size(), 2u);
  const auto first = std::get<append_terminate>(d.effects[0]);
  const auto second = std::get<append_terminate>(d.effects[1]);
  EXPECT_EQ(first.run_id, "r-paused");
  EXPECT_EQ(second.run_id, "r-running");
  EXPECT_EQ(first.reason, "workflow deleted");
  // The terminations are commands of their own: deciding one ends the run, once.
  EXPECT_EQ(names(s.when(schemas::terminate_run{"r-paused", first.reason})),
            strings{"run.terminated"});
  EXPECT_EQ(rejection(s.when(schemas::terminate_run{"r-paused", first.reason})).code,
            "EXECUTION_ALREADY_TERMINAL");
}

// ---- execute ----

TEST(execute_run, is_refused_for_an_archived_workflow_until_it_is_active_again) {
  scenario s;
  s.given(create("wf-1", "daily")).given(update("wf-1", status("archived")));
  const auto d = rejection(s.when(finished_run("r1")));
  EXPECT_EQ(d, (schemas::command_rejected{"run.execute", "WORKFLOW_ARCHIVED",
                                          "Archived workflows cannot be executed", "r1"}));
  EXPECT_FALSE(s.state().runs.contains("r1"));
  s.given(update("wf-1", status("active")));
  EXPECT_EQ(names(s.when(finished_run("r2")))[0], "run.started");
}

TEST(execute_run, is_refused_for_a_deleted_workflow) {
  scenario s;
  s.given(create("wf-1", "daily")).given(schemas::delete_workflow{"wf-1"});
  const auto d = rejection(s.when(finished_run("r1")));
  EXPECT_EQ(d.code, "WORKFLOW_NOT_FOUND");
  EXPECT_EQ(d.subject_id, "r1");
}

TEST(execute_run, pins_the_definition_version_and_runs_unknown_workflows) {
  scenario s;
  // A workflow this state does not know (another writer's partition) is not judged.
  auto cmd = finished_run("r1", "wf-elsewhere");
  cmd.definition_version = 4;
  const auto d = s.when(cmd);
  EXPECT_EQ(nth<schemas::run_started>(d).definition_version, 4);
}

}  // namespace
}  // namespace runlog::engine
