#pragma once
// The RocksDB implementation of projections::store (see store.hpp for the contract and
// projections/README.md for the key layout).

#include <atomic>
#include <memory>

#include <rocksdb/db.h>

#include "feed_hub.hpp"
#include "runlog/projections/store.hpp"

namespace runlog::projections {

class rocks_store final : public store {
 public:
  /// Opens the DB and checks the stored projection versions against this build's. A store
  /// written with other versions is dropped and reopened empty (see rebuild_reason()): the
  /// projector then rebuilds it from offset 0 of the log. Errors: io.
  [[nodiscard]] static result<std::unique_ptr<rocks_store>> open_rocks(
      const std::filesystem::path& dir);

  result<listing<workflow_view>> list_workflows(std::string_view tenant,
                                                std::optional<std::string_view> status,
                                                page p) override;
  result<std::optional<workflow_view>> get_workflow(std::string_view tenant,
                                                    std::string_view workflow_id) override;
  result<std::vector<workflow_version_view>> list_workflow_versions(
      std::string_view tenant, std::string_view workflow_id) override;
  result<std::optional<workflow_version_view>> get_workflow_version(std::string_view tenant,
                                                                    std::string_view workflow_id,
                                                                    int version) override;
  result<listing<run_view>> list_runs(std::string_view tenant, std::string_view workflow_id,
                                      std::optional<std::string_view> status, page p) override;
  result<std::optional<run_view>> get_run(std::string_view tenant,
                                          std::string_view run_id) override;
  result<workflow_stats> get_workflow_stats(std::string_view tenant,
                                            std::string_view workflow_id) override;
  result<listing<run_view>> list_tenant_runs(std::string_view tenant, const run_filter& filter,
                                             page p) override;
  result<std::vector<schedule_view>> list_schedules(std::string_view tenant,
                                                    std::string_view workflow_id) override;
  result<std::optional<schedule_view>> get_schedule(std::string_view tenant,
                                                    std::string_view workflow_id,
                                                    std::string_view schedule_id) override;
  result<std::optional<outcome>> get_outcome(std::string_view command_id) override;
  result<std::optional<idempotency_record>> get_idempotency(std::string_view tenant,
                                                            std::string_view scope,
                                                            std::string_view key) override;
  result<eventlog::offset> position(eventlog::partition_id p) override;
  result<std::string> checksum() override;
  std::optional<std::string> rebuild_reason() const override { return rebuilt_because_; }
  result<std::unique_ptr<feed_subscription>> subscribe_feed(feed_request request) override;

  /// Public here so that tests and replay tools holding the concrete type can apply directly.
  result<void> apply(const std::vector<eventlog::stored_record>& records) override;

  /// Records skipped because they could not be decoded, since open.
  std::uint64_t skipped() const { return skipped_.load(); }

 private:
  explicit rocks_store(std::unique_ptr<rocksdb::DB> db) : db_(std::move(db)) {}
  [[nodiscard]] result<void> check_versions();

  std::unique_ptr<rocksdb::DB> db_;
  std::optional<std::string> rebuilt_because_;
  std::atomic<std::uint64_t> skipped_{0};
  feed_hub hub_;  ///< live feed subscribers; declared after db_, so destroyed before it
};

}  // namespace runlog::projections
