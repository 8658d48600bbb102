// The Idempotency-Key index: first command wins inside the 24 h window (record time only),
// keys are per tenant and scope, and a replay writes the same rows.

#include <gtest/gtest.h>

#include "../../projections/src/rocks_store.hpp"
#include "projections/scenario.hpp"
#include "support/temp_dir.hpp"

namespace runlog::projections {
namespace {

using testing::temp_dir;
using testing::to_stored;

constexpr std::uint32_t kPartitions = 4;
constexpr std::int64_t kT0 = 1742407200000;

schemas::envelope create(std::string id, std::string tenant, std::string key, std::string hash,
                         std::int64_t ts) {
  schemas::create_workflow c;
  c.workflow_id = "wf-" + id;
  c.name = "N" + id;
  c.definition = {{"nodes", nlohmann::json::array({{{"id", "a"}, {"type", "end"}}})}};
  c.idempotency_key = std::move(key);
  c.request_hash = std::move(hash);
  return schemas::wrap(schemas::command{c}, {id, tenant, tenant, ts, "u", "", id});
}

schemas::envelope execute(std::string id, std::string workflow, std::string key, std::int64_t ts) {
  schemas::execute_run c;
  c.run_id = "run-" + id;
  c.workflow_id = std::move(workflow);
  c.definition = {{"nodes", nlohmann::json::array()}};
  c.idempotency_key = std::move(key);
  c.request_hash = "h";
  return schemas::wrap(schemas::command{c}, {id, c.run_id, "acme", ts, "u", "", id});
}

std::vector<schemas::envelope> history() {
  return {create("c1", "acme", "k", "h1", kT0),
          create("c2", "acme", "k", "h2", kT0 + 1000),                    // inside the window
          create("c3", "other", "k", "h3", kT0 + 2000),                   // another tenant
          create("c4", "acme", "", "", kT0 + 3000),                       // no key: not indexed
          execute("c5", "wf-c1", "k", kT0 + 4000),                        // another scope
          create("c6", "acme", "late", "h6", kT0),
          create("c7", "acme", "late", "h7", kT0 + kIdempotencyWindowMs)};  // window over
}

TEST(idempotency_index, the_first_command_wins_inside_the_window) {
  temp_dir dir;
  auto store = rocks_store::open_rocks(dir.path()).value();
  ASSERT_TRUE(store->apply(to_stored(history(), kPartitions)));
  auto first = store->get_idempotency("acme", idempotency_scope_create(), "k").value();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->command_id, "c1");
  EXPECT_EQ(first->request_hash, "h1");
  EXPECT_EQ(first->ts, kT0);
  EXPECT_EQ(store->get_idempotency("other", idempotency_scope_create(), "k").value()->command_id, "c3");
  EXPECT_EQ(store->get_idempotency("acme", idempotency_scope_execute("wf-c1"), "k").value()->command_id,
            "c5");
  EXPECT_FALSE(store->get_idempotency("acme", idempotency_scope_execute("wf-c2"), "k").value());
  EXPECT_FALSE(store->get_idempotency("acme", idempotency_scope_create(), "").value());
  EXPECT_EQ(store->get_idempotency("acme", idempotency_scope_create(), "late").value()->command_id, "c7");
}

TEST(idempotency_index, replay_gives_the_same_checksum) {
  temp_dir a;
  temp_dir b;
  auto one = rocks_store::open_rocks(a.path()).value();
  auto two = rocks_store::open_rocks(b.path()).value();
  const auto records = to_stored(history(), kPartitions);
  ASSERT_TRUE(one->apply(records));
  for (const auto& r : records) ASSERT_TRUE(two->apply({r}));
  EXPECT_EQ(one->checksum().value(), two->checksum().value());
}

}  // namespace
}  // namespace runlog::projections
