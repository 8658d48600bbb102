#pragma once
// Row values of the projection store: views <-> compact JSON. Encoding is deterministic
// (nlohmann objects keep keys sorted), so equal views give equal bytes.

#include <string>
#include <string_view>

#include "runlog/projections/views.hpp"
#include "runlog/schemas/error.hpp"

namespace runlog::projections {

/// A run row: the view plus what the projections need and the API does not show.
struct run_row {
  run_view view;
  std::string command_id;  ///< id of the run.execute command that created the row
};

std::string encode_workflow(const workflow_view& w);
/// Errors: corrupt.
[[nodiscard]] result<workflow_view> decode_workflow(std::string_view bytes);

std::string encode_run(const run_row& r);
/// Errors: corrupt.
[[nodiscard]] result<run_row> decode_run(std::string_view bytes);

std::string encode_workflow_version(const workflow_version_view& v);
/// Errors: corrupt.
[[nodiscard]] result<workflow_version_view> decode_workflow_version(std::string_view bytes);

std::string encode_schedule(const schedule_view& s);
/// Errors: corrupt.
[[nodiscard]] result<schedule_view> decode_schedule(std::string_view bytes);

std::string encode_stats(const workflow_stats& s);
/// Errors: corrupt.
[[nodiscard]] result<workflow_stats> decode_stats(std::string_view bytes);

std::string encode_outcome(const outcome& o);
/// Errors: corrupt.
[[nodiscard]] result<outcome> decode_outcome(std::string_view bytes);
std::string encode_idempotency(const idempotency_record& r);
[[nodiscard]] result<idempotency_record> decode_idempotency(std::string_view bytes);

}  // namespace runlog::projections
