// Idempotency-Key index: (tenant, scope, key) -> the first command that carried the key.
//
// A command with a key is indexed when it is projected; its outcome (outcome_projection) is
// the answer a repeated request gets. A later command with the same key replaces the row only
// once the remembered one is older than the 24 h window, judged by record timestamps alone,
// so a replay writes the same rows.

#include "codec.hpp"
#include "keys.hpp"
#include "projection.hpp"

namespace runlog::projections {
namespace {

struct keyed_command {
  std::string scope;
  const std::string* key = nullptr;
  const std::string* hash = nullptr;
};

std::optional<keyed_command> keyed(const schemas::command& c) {
  if (const auto* create = std::get_if<schemas::create_workflow>(&c)) {
    if (create->idempotency_key.empty()) return std::nullopt;
    return keyed_command{idempotency_scope_create(), &create->idempotency_key,
                         &create->request_hash};
  }
  if (const auto* execute = std::get_if<schemas::execute_run>(&c)) {
    if (execute->idempotency_key.empty()) return std::nullopt;
    return keyed_command{idempotency_scope_execute(execute->workflow_id),
                         &execute->idempotency_key, &execute->request_hash};
  }
  return std::nullopt;
}

result<void> apply(const decoded_record& record, batch& rows) {
  const auto* command = std::get_if<schemas::command>(&record.typed);
  if (!command) return {};
  const auto k = keyed(*command);
  if (!k) return {};
  std::string row_key = keys::idempotency(record.env.tenant, k->scope, *k->key);
  auto existing = rows.get(row_key);
  if (!existing) return tl::unexpected(existing.error());
  if (*existing) {
    auto first = decode_idempotency(**existing);
    if (!first) return tl::unexpected(first.error());
    if (record.env.ts - first->ts < kIdempotencyWindowMs) return {};  // the first one wins
  }
  rows.put(std::move(row_key), encode_idempotency({*k->hash, record.env.id, record.env.ts}));
  return {};
}

}  // namespace

const projection idempotency_projection{"idempotency", 1, &apply};

}  // namespace runlog::projections
