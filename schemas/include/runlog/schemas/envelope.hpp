#pragma once
/// The record envelope (DESIGN.md §3): one shape for every command and event in the log.
///
/// Encoded as one JSON object per log record. `ts` is set by the writer of the record and is
/// the only clock the engine and the projections ever read.

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "runlog/schemas/error.hpp"

namespace runlog::schemas {

/// One record of the log. Plain data; copyable; no invariants beyond "type is in the catalog"
/// for records produced by this build.
struct envelope {
  std::string type;         ///< stable name, e.g. "run.execute" (command) or "run.started" (event)
  int v = 1;                ///< schema version of `type`
  std::string id;           ///< unique record id (UUID), used for dedupe and as causation
  std::string key;          ///< partitioning key: run id for runs, tenant id for workflows
  std::string tenant;       ///< tenant (customer_id) owning the record
  std::int64_t ts = 0;      ///< Unix milliseconds, set by the writer
  std::string actor;        ///< user id (JWT `sub`) or "engine" / "scheduler"
  std::string causation;    ///< id of the record that caused this one ("" for API commands)
  std::string correlation;  ///< id tying a whole flow together (the first command's id)
  nlohmann::json data = nlohmann::json::object();  ///< type-specific payload

  friend bool operator==(const envelope&, const envelope&) = default;
};

/// Encodes an envelope as compact JSON. Pure, thread-safe.
[[nodiscard]] std::string encode(const envelope& e);

/// Decodes an envelope and upcasts `data` of older versions of its type to the current one.
/// Errors: malformed_json, missing_field, wrong_type, unknown_type, unsupported_version.
[[nodiscard]] result<envelope> decode(std::string_view bytes);

/// The routing header of a record, read without materialising `data` (simdjson on-demand):
/// what a consumer needs to decide whether a record concerns it.
struct header {
  std::string type;
  int v = 1;
  std::string key;
  std::string tenant;
  std::string causation;
};

/// Reads only the routing header. Errors as decode().
[[nodiscard]] result<header> peek_header(std::string_view bytes);

}  // namespace runlog::schemas
