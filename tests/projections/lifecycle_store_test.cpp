// The workflow lifecycle in the read models: updates and numbered definition versions, and a
// delete that removes the workflow with its versions, runs, indexes and stats for good (later
// records of its runs, in any interleaving of partitions, resurrect nothing). Replay into a
// fresh store gives the same checksum.

#include <gtest/gtest.h>

#include <algorithm>

#include "../../projections/src/keys.hpp"
#include "projections/scenario.hpp"
#include "projections/store_setup.hpp"
#include "support/temp_dir.hpp"

namespace runlog::projections {
namespace {

using testing::fed_store;
using testing::open_store;

using namespace runlog::schemas;
using json = nlohmann::json;
using strings = std::vector<std::string>;
using testing::temp_dir;
using testing::to_stored;

constexpr std::uint32_t kPartitions = 4;

json one_node(const std::string& id) {
  return {{"nodes", json::array({{{"id", id}, {"type", "end"}}})}};
}

// acme: wf-1 renamed, relabelled, redefined (version 2) and archived, with run-x pinned to
// version 2; wf-2 with runs a (completed), b (paused), c (started only after the delete was
// projected) and d (refused after the delete), then deleted with its cascade. globex: wf-9.
struct lifecycle {
  std::vector<envelope> records;
  std::int64_t created_wf1 = 0;
  std::int64_t redefined_wf1 = 0;
  std::int64_t last_update_wf1 = 0;
};

struct builder {
  testing::record_factory f;
  lifecycle out;

  envelope push(envelope e) {
    out.records.push_back(e);
    return e;
  }
  void create(const std::string& tenant, const std::string& id, const std::string& name) {
    const auto c = push(f.command(create_workflow{id, name, "about", one_node("a"), "1.0.0"},
                                  tenant, tenant, "alice"));
    push(f.event(workflow_created{id, name, "about", one_node("a"), "1.0.0", "active"}, c));
  }
  envelope update(const std::string& id, workflow_changes changes, int version) {
    const auto c = push(f.command(update_workflow{id, changes, 0}, "acme", "acme", "bob"));
    return push(f.event(workflow_updated{id, changes, version}, c));
  }
  envelope execute(const std::string& wf, const std::string& run, int definition_version) {
    return push(f.command(execute_run{run, wf, "1.0.0", one_node("a"), {}, definition_version},
                          "acme", run));
  }
  envelope start(const envelope& execute, const std::string& wf, const std::string& run,
                 int definition_version) {
    return push(
        f.event(run_started{run, wf, "1.0.0", one_node("a"), {}, definition_version}, execute));
  }
};

void update_wf1(builder& b) {
  workflow_changes rename;
  rename.name = "renamed";
  rename.description = "new about";
  b.update("wf-1", rename, 1);
  workflow_changes redefine;
  redefine.definition = one_node("b");
  redefine.version = "1.1.0";
  b.out.redefined_wf1 = b.update("wf-1", redefine, 2).ts;
  workflow_changes archive;
  archive.status = "archived";
  b.out.last_update_wf1 = b.update("wf-1", archive, 2).ts;
}

void delete_wf2(builder& b) {
  const auto a = b.execute("wf-2", "run-a", 1);
  b.start(a, "wf-2", "run-a", 1);
  b.push(b.f.event(run_completed{"run-a", {{"ok", true}}}, a));
  const auto r = b.execute("wf-2", "run-b", 1);
  b.start(r, "wf-2", "run-b", 1);
  b.push(b.f.event(step_started{"run-b", "a", 1}, r));
  b.push(b.f.event(run_paused{"run-b", "a"}, r));
  const auto c = b.execute("wf-2", "run-c", 1);
  const auto del = b.push(b.f.command(delete_workflow{"wf-2"}, "acme", "acme"));
  const auto deleted = b.push(b.f.event(workflow_deleted{"wf-2", "second"}, del));
  const auto term =
      b.push(b.f.command(terminate_run{"run-b", "workflow deleted"}, "acme", "run-b", "engine"));
  b.push(b.f.event(run_terminated{"run-b", "workflow deleted"}, term));
  b.start(c, "wf-2", "run-c", 1);  // decided before the delete, projected after it
  b.push(b.f.event(step_started{"run-c", "a", 1}, c));
  const auto d = b.execute("wf-2", "run-d", 1);
  b.push(b.f.event(command_rejected{"run.execute", "WORKFLOW_NOT_FOUND", "gone", "run-d"}, d));
  (void)deleted;
}

lifecycle make_lifecycle() {
  builder b;
  b.create("acme", "wf-1", "first");
  b.out.created_wf1 = b.out.records.back().ts;
  b.create("acme", "wf-2", "second");
  b.create("globex", "wf-9", "first");
  update_wf1(b);
  const auto x = b.execute("wf-1", "run-x", 2);
  b.start(x, "wf-1", "run-x", 2);
  delete_wf2(b);
  b.create("acme", "wf-3", "second");  // the name is free again
  return b.out;
}


class lifecycle_store : public ::testing::Test {
 protected:
  void SetUp() override {
    lc_ = make_lifecycle();
    store_ = fed_store(dir_.path(), to_stored(lc_.records, kPartitions), lc_.records.size());
    ASSERT_TRUE(store_);
  }

  strings workflow_ids(std::string_view tenant, std::optional<std::string_view> status) {
    const auto listed = store_->list_workflows(tenant, status, {});
    EXPECT_TRUE(listed.has_value());
    strings ids;
    if (listed) {
      for (const auto& w : listed->items) ids.push_back(w.id);
    }
    return ids;
  }

  strings tenant_run_ids() {
    const auto listed = store_->list_tenant_runs("acme", {}, {});
    EXPECT_TRUE(listed.has_value());
    strings ids;
    if (listed) {
      for (const auto& r : listed->items) ids.push_back(r.id);
    }
    return ids;
  }

  temp_dir dir_;
  lifecycle lc_;
  std::unique_ptr<rocks_store> store_;
};

TEST_F(lifecycle_store, an_update_changes_the_row_and_the_status_index) {
  const auto w = store_->get_workflow("acme", "wf-1").value();
  ASSERT_TRUE(w);
  EXPECT_EQ(w->name, "renamed");
  EXPECT_EQ(w->description, "new about");
  EXPECT_EQ(w->definition, one_node("b"));
  EXPECT_EQ(w->version, "1.1.0");
  EXPECT_EQ(w->status, "archived");
  EXPECT_EQ(w->definition_version, 2);
  EXPECT_EQ(w->created_at, lc_.created_wf1);
  EXPECT_EQ(w->created_by, "alice");
  EXPECT_EQ(w->updated_at, lc_.last_update_wf1);
  EXPECT_EQ(workflow_ids("acme", "archived"), strings{"wf-1"});
  EXPECT_EQ(workflow_ids("acme", "active"), strings{"wf-3"});
  EXPECT_EQ(store_->get_run("acme", "run-x").value()->definition_version, 2);
}

TEST_F(lifecycle_store, versions_are_listed_ascending_with_label_author_and_time) {
  const auto versions = store_->list_workflow_versions("acme", "wf-1").value();
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].version, 1);
  EXPECT_EQ(versions[0].label, "1.0.0");
  EXPECT_EQ(versions[0].definition, one_node("a"));
  EXPECT_EQ(versions[0].created_at, lc_.created_wf1);
  EXPECT_EQ(versions[0].created_by, "alice");
  EXPECT_EQ(versions[1].version, 2);
  EXPECT_EQ(versions[1].label, "1.1.0");
  EXPECT_EQ(versions[1].definition, one_node("b"));
  EXPECT_EQ(versions[1].created_at, lc_.redefined_wf1);
  EXPECT_EQ(versions[1].created_by, "bob");
  const auto second = store_->get_workflow_version("acme", "wf-1", 2).value();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->definition, one_node("b"));
  EXPECT_FALSE(store_->get_workflow_version("acme", "wf-1", 3).value());
  // Another tenant's ids answer like missing ones.
  EXPECT_FALSE(store_->get_workflow_version("globex", "wf-1", 1).value());
  EXPECT_TRUE(store_->list_workflow_versions("globex", "wf-1").value().empty());
  EXPECT_EQ(store_->list_workflow_versions("globex", "wf-9").value().size(), 1u);
}

TEST_F(lifecycle_store, a_delete_removes_the_workflow_its_versions_runs_and_stats) {
  EXPECT_FALSE(store_->get_workflow("acme", "wf-2").value());
  EXPECT_TRUE(store_->list_workflow_versions("acme", "wf-2").value().empty());
  EXPECT_FALSE(store_->get_workflow_version("acme", "wf-2", 1).value());
  const auto runs = store_->list_runs("acme", "wf-2", std::nullopt, {}).value();
  EXPECT_EQ(runs.total, 0u);
  for (const std::string run : {"run-a", "run-b", "run-c", "run-d"}) {
    EXPECT_FALSE(store_->get_run("acme", run).value()) << run << " is still (or again) there";
  }
  EXPECT_EQ(store_->get_workflow_stats("acme", "wf-2").value().runs_total, 0);
  EXPECT_EQ(tenant_run_ids(), strings{"run-x"});
  EXPECT_EQ(workflow_ids("acme", std::nullopt), (strings{"wf-3", "wf-1"}));
  EXPECT_EQ(store_->get_workflow("acme", "wf-3").value()->name, "second");
  EXPECT_EQ(store_->get_workflow_stats("acme", "wf-1").value().runs_total, 1);
}

TEST_F(lifecycle_store, replay_into_a_fresh_store_gives_the_same_checksum_in_any_batch_split) {
  const auto expected = store_->checksum().value();
  const auto stored = to_stored(lc_.records, kPartitions);
  for (std::size_t split : {std::size_t{1}, std::size_t{3}, std::size_t{8}}) {
    temp_dir other;
    auto fresh = fed_store(other.path(), stored, split);
    ASSERT_TRUE(fresh);
    EXPECT_EQ(fresh->checksum().value(), expected) << "split " << split;
  }
}

// A projector may apply the tenant's partition before the runs' partitions: the delete first,
// the runs' records after. The read models end up the same.
TEST_F(lifecycle_store, the_delete_projected_before_the_runs_gives_the_same_read_models) {
  auto stored = to_stored(lc_.records, kPartitions);
  const auto tenant_partition = eventlog::partition_for("acme", kPartitions);
  ASSERT_NE(eventlog::partition_for("run-a", kPartitions), tenant_partition);
  ASSERT_NE(eventlog::partition_for("run-c", kPartitions), tenant_partition);
  std::stable_partition(stored.begin(), stored.end(),
                        [&](const auto& r) { return r.partition == tenant_partition; });
  temp_dir other;
  auto reordered = fed_store(other.path(), stored, 1);
  ASSERT_TRUE(reordered);
  EXPECT_EQ(reordered->checksum().value(), store_->checksum().value());
  EXPECT_FALSE(reordered->get_run("acme", "run-a").value());
  EXPECT_EQ(reordered->get_workflow_stats("acme", "wf-2").value().runs_total, 0);
}

}  // namespace
}  // namespace runlog::projections
