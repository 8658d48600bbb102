// Partial updates: with_changes replaces exactly the fields a changes record sets.

#include <gtest/gtest.h>

#include "runlog/schemas/changes.hpp"
#include "runlog/schemas/records.hpp"

namespace runlog::schemas {
namespace {

TEST(changes, an_empty_changes_record_says_so) {
  EXPECT_TRUE(no_changes(schedule_changes{}));
  EXPECT_TRUE(no_changes(workflow_changes{}));
  schedule_changes one;
  one.enabled = false;
  EXPECT_FALSE(no_changes(one));
  workflow_changes renamed;
  renamed.name = "n";
  EXPECT_FALSE(no_changes(renamed));
}

TEST(changes, with_changes_replaces_only_the_fields_that_are_set) {
  const schedule_settings base{"0 9 * * 1", "Europe/Paris", {{"x", 1}}, "skip", true};
  EXPECT_EQ(with_changes(base, schedule_changes{}), base);
  schedule_changes c;
  c.timezone = "UTC";
  c.enabled = false;
  c.inputs = nlohmann::json{{"y", 2}};
  const schedule_settings changed = with_changes(base, c);
  EXPECT_EQ(changed.cron_expression, "0 9 * * 1");
  EXPECT_EQ(changed.timezone, "UTC");
  EXPECT_EQ(changed.inputs, (nlohmann::json{{"y", 2}}));
  EXPECT_EQ(changed.missed_execution_policy, "skip");
  EXPECT_FALSE(changed.enabled);
}

}  // namespace
}  // namespace runlog::schemas
