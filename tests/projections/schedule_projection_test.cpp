// The schedules projection: rows by tenant, workflow and id; updates, deletes, the cascade of a
// workflow deletion, isolation, command outcomes, and replay into a fresh store.

#include <gtest/gtest.h>

#include "../../projections/src/codec.hpp"
#include "projections/scenario.hpp"
#include "projections/store_setup.hpp"
#include "support/temp_dir.hpp"

namespace runlog::projections {
namespace {

using testing::open_store;

using json = nlohmann::json;
using testing::record_factory;
using testing::temp_dir;
using testing::to_stored;
using strings = std::vector<std::string>;

constexpr std::uint32_t kPartitions = 3;

schemas::schedule_settings settings(std::string cron, std::string zone = "UTC") {
  schemas::schedule_settings s;
  s.cron_expression = std::move(cron);
  s.timezone = std::move(zone);
  s.inputs = {{"k", "v"}};
  return s;
}

// acme: wf-1 with sch-1 (updated), sch-2 (deleted), sch-4; wf-2 with sch-3, then wf-2 is
// deleted; a rejected create. globex: wf-9 with sch-9.
struct schedule_log {
  std::vector<schemas::envelope> records;
  std::string create_sch1;  ///< command id of sch-1's create
  std::string update_sch1;  ///< command id of sch-1's update
  std::string rejected;     ///< command id of the rejected create
  std::int64_t sch1_created = 0;
  std::int64_t sch1_updated = 0;
};

class log_builder {
 public:
  schemas::envelope push(schemas::envelope e) {
    log_.records.push_back(e);
    return e;
  }
  void workflow(const std::string& tenant, const std::string& id) {
    const json def = testing::two_node_definition();
    const auto c =
        push(f_.command(schemas::create_workflow{id, id, "", def, "1.0.0"}, tenant, tenant));
    push(f_.event(schemas::workflow_created{id, id, "", def, "1.0.0", "active"}, c));
  }
  // Returns {command id, event ts}.
  std::pair<std::string, std::int64_t> schedule(const std::string& tenant, const std::string& wf,
                                                const std::string& id, const std::string& actor,
                                                schemas::schedule_settings s) {
    const auto c = push(f_.command(schemas::create_schedule{id, wf, s}, tenant, tenant, actor));
    const auto e = push(f_.event(schemas::schedule_created{id, wf, s}, c));
    return {c.id, e.ts};
  }
  std::pair<std::string, std::int64_t> update(const std::string& tenant, const std::string& wf,
                                              const std::string& id,
                                              schemas::schedule_changes changes) {
    const auto c = push(f_.command(schemas::update_schedule{id, wf, changes}, tenant, tenant));
    const auto e = push(f_.event(schemas::schedule_updated{id, wf, changes}, c));
    return {c.id, e.ts};
  }
  void remove(const std::string& tenant, const std::string& wf, const std::string& id) {
    const auto c = push(f_.command(schemas::delete_schedule{id, wf}, tenant, tenant));
    push(f_.event(schemas::schedule_deleted{id, wf}, c));
  }
  void remove_workflow(const std::string& tenant, const std::string& wf) {
    const auto c = push(f_.command(schemas::delete_workflow{wf}, tenant, tenant));
    push(f_.event(schemas::workflow_deleted{wf, wf}, c));
  }
  std::string reject(const std::string& tenant, const std::string& wf, const std::string& id) {
    const auto c =
        push(f_.command(schemas::create_schedule{id, wf, settings("0 24 * * *")}, tenant, tenant));
    push(f_.event(schemas::command_rejected{"schedule.create", "INVALID_SCHEDULE",
                                            "cron_expression is invalid", id},
                  c));
    return c.id;
  }
  schedule_log& log() { return log_; }

 private:
  record_factory f_;
  schedule_log log_;
};

schedule_log make_schedule_log() {
  log_builder b;
  b.workflow("acme", "wf-1");
  b.workflow("acme", "wf-2");
  b.workflow("globex", "wf-9");
  std::tie(b.log().create_sch1, b.log().sch1_created) =
      b.schedule("acme", "wf-1", "sch-1", "alice", settings("0 9 * * 1", "America/New_York"));
  b.schedule("acme", "wf-1", "sch-2", "bob", settings("*/5 * * * *"));
  b.schedule("acme", "wf-2", "sch-3", "bob", settings("0 0 * * *"));
  b.schedule("globex", "wf-9", "sch-9", "carol", settings("0 0 1 * *"));
  schemas::schedule_changes changes;
  changes.cron_expression = "0 9 * * 1,4";
  changes.enabled = false;
  changes.missed_execution_policy = "skip";
  std::tie(b.log().update_sch1, b.log().sch1_updated) = b.update("acme", "wf-1", "sch-1", changes);
  b.remove("acme", "wf-1", "sch-2");
  b.schedule("acme", "wf-1", "sch-4", "alice", settings("30 6 * * *"));
  b.remove_workflow("acme", "wf-2");
  b.log().rejected = b.reject("acme", "wf-1", "sch-5");
  return b.log();
}

class schedule_store : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = open_store(dir_.path());
    ASSERT_TRUE(store_);
    ASSERT_TRUE(store_->apply(to_stored(log_.records, kPartitions)));
  }

  strings ids(std::string_view tenant, std::string_view workflow_id) {
    auto listed = store_->list_schedules(tenant, workflow_id);
    EXPECT_TRUE(listed.has_value());
    strings out;
    if (listed) {
      for (const auto& s : *listed) out.push_back(s.id);
    }
    return out;
  }

  std::optional<schedule_view> get(std::string_view tenant, std::string_view wf,
                                   std::string_view id) {
    auto found = store_->get_schedule(tenant, wf, id);
    EXPECT_TRUE(found.has_value());
    return found ? *found : std::nullopt;
  }

  schedule_log log_ = make_schedule_log();
  temp_dir dir_;
  std::unique_ptr<rocks_store> store_;
};

TEST_F(schedule_store, rows_carry_settings_actor_and_record_times) {
  const auto s = get("acme", "wf-1", "sch-1");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->id, "sch-1");
  EXPECT_EQ(s->workflow_id, "wf-1");
  EXPECT_EQ(s->customer_id, "acme");
  EXPECT_EQ(s->cron_expression, "0 9 * * 1,4");
  EXPECT_EQ(s->timezone, "America/New_York");
  EXPECT_EQ(s->inputs, (json{{"k", "v"}}));
  EXPECT_EQ(s->missed_execution_policy, "skip");
  EXPECT_FALSE(s->enabled);
  EXPECT_FALSE(s->last_run_at);
  EXPECT_EQ(s->created_by, "alice");
  EXPECT_EQ(s->created_at, log_.sch1_created);
  EXPECT_EQ(s->updated_at, log_.sch1_updated);
  EXPECT_LT(s->created_at, s->updated_at);
  const auto untouched = get("acme", "wf-1", "sch-4");
  ASSERT_TRUE(untouched);
  EXPECT_EQ(untouched->created_at, untouched->updated_at);
  EXPECT_TRUE(untouched->enabled);
  EXPECT_EQ(untouched->missed_execution_policy, "run_immediately");
}

TEST_F(schedule_store, lists_a_workflows_schedules_oldest_first_without_deleted_ones) {
  EXPECT_EQ(ids("acme", "wf-1"), (strings{"sch-1", "sch-4"}));
  EXPECT_FALSE(get("acme", "wf-1", "sch-2"));
  EXPECT_EQ(ids("globex", "wf-9"), strings{"sch-9"});
  EXPECT_EQ(ids("acme", "wf-unknown"), strings{});
}

TEST_F(schedule_store, a_deleted_workflow_takes_its_schedules_with_it) {
  EXPECT_EQ(ids("acme", "wf-2"), strings{});
  EXPECT_FALSE(get("acme", "wf-2", "sch-3"));
}

TEST_F(schedule_store, foreign_and_misplaced_ids_find_nothing) {
  EXPECT_FALSE(get("globex", "wf-1", "sch-1"));
  EXPECT_FALSE(get("acme", "wf-9", "sch-9"));
  EXPECT_FALSE(get("acme", "wf-2", "sch-1"));
  EXPECT_EQ(ids("globex", "wf-1"), strings{});
  EXPECT_EQ(ids("acme", "wf-9"), strings{});
  EXPECT_FALSE(get("acme", "wf-1", "sch-5"));  // its create was rejected
}

TEST_F(schedule_store, schedule_commands_have_outcomes) {
  const auto created = store_->get_outcome(log_.create_sch1);
  ASSERT_TRUE(created.has_value() && created->has_value());
  EXPECT_TRUE((*created)->accepted);
  EXPECT_EQ((*created)->subject_id, "sch-1");
  const auto updated = store_->get_outcome(log_.update_sch1);
  ASSERT_TRUE(updated.has_value() && updated->has_value());
  EXPECT_TRUE((*updated)->accepted);
  const auto rejected = store_->get_outcome(log_.rejected);
  ASSERT_TRUE(rejected.has_value() && rejected->has_value());
  EXPECT_FALSE((*rejected)->accepted);
  EXPECT_EQ((*rejected)->code, "INVALID_SCHEDULE");
}

TEST_F(schedule_store, duplicate_creates_and_updates_of_unknown_rows_change_nothing) {
  record_factory f;
  const auto c =
      f.command(schemas::create_schedule{"sch-1", "wf-1", settings("* * * * *")}, "acme", "acme");
  schemas::schedule_changes changes;
  changes.enabled = true;
  std::vector<schemas::envelope> more{
      c, f.event(schemas::schedule_created{"sch-1", "wf-1", settings("* * * * *")}, c),
      f.event(schemas::schedule_updated{"sch-x", "wf-1", changes}, c),
      f.event(schemas::schedule_updated{"sch-1", "wf-2", changes}, c)};
  const auto before = get("acme", "wf-1", "sch-1");
  std::vector<eventlog::offset> next(kPartitions);
  for (eventlog::partition_id p = 0; p < kPartitions; ++p) next[p] = store_->position(p).value();
  ASSERT_TRUE(store_->apply(to_stored(more, kPartitions, next)));
  const auto after = get("acme", "wf-1", "sch-1");
  ASSERT_TRUE(before && after);
  EXPECT_EQ(encode_schedule(*before), encode_schedule(*after));
  EXPECT_FALSE(get("acme", "wf-1", "sch-x"));
  EXPECT_FALSE(get("acme", "wf-2", "sch-1"));
}

TEST_F(schedule_store, replay_into_a_fresh_store_gives_the_same_checksum) {
  const auto expected = store_->checksum();
  ASSERT_TRUE(expected.has_value());
  const auto stored = to_stored(log_.records, kPartitions);
  for (std::size_t split : {std::size_t{1}, std::size_t{4}, stored.size()}) {
    temp_dir other;
    auto fresh = open_store(other.path());
    ASSERT_TRUE(fresh);
    for (std::size_t i = 0; i < stored.size(); i += split) {
      const auto end = std::min(stored.size(), i + split);
      ASSERT_TRUE(fresh->apply({stored.begin() + static_cast<std::ptrdiff_t>(i),
                                stored.begin() + static_cast<std::ptrdiff_t>(end)}));
    }
    EXPECT_EQ(fresh->checksum().value(), *expected) << "split " << split;
    EXPECT_EQ(fresh->list_schedules("acme", "wf-1")->size(), 2u);
  }
  ASSERT_TRUE(store_->apply(stored));  // positions skip what was applied
  EXPECT_EQ(store_->checksum().value(), *expected);
}

TEST(schedule_listing, equal_creation_times_sort_by_id) {
  temp_dir dir;
  auto store = open_store(dir.path());
  ASSERT_TRUE(store);
  std::vector<schemas::envelope> records;
  for (const char* id : {"sch-b", "sch-c", "sch-a"}) {
    records.push_back(schemas::wrap(schemas::schedule_created{id, "wf-1", settings("* * * * *")},
                                    {std::string("evt-") + id, "acme", "acme", 42, "u", "", ""}));
  }
  ASSERT_TRUE(store->apply(to_stored(records, kPartitions)));
  const auto listed = store->list_schedules("acme", "wf-1");
  ASSERT_TRUE(listed.has_value());
  strings got;
  for (const auto& s : *listed) got.push_back(s.id);
  EXPECT_EQ(got, (strings{"sch-a", "sch-b", "sch-c"}));
}

}  // namespace
}  // namespace runlog::projections
