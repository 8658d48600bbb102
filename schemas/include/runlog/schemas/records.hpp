#pragma once
/// Typed records: every command and event of runlog, with its stable name and version.
///
/// The catalog (`catalog()`) lists every record type this build knows. Names and versions are
/// never renamed or reused; a change of meaning is a new version whose old decoder stays
/// (see CONTRIBUTING.md, "add a record version"). Commands are imperative ("run.execute"),
/// events past tense ("run.started").
///
/// Keys: workflow records are keyed by tenant id (one writer decides name uniqueness per
/// tenant); run records are keyed by run id.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "runlog/schemas/commands.hpp"
#include "runlog/schemas/envelope.hpp"
#include "runlog/schemas/error.hpp"
#include "runlog/schemas/events.hpp"

namespace runlog::schemas {

// Each record is described once: its struct carries its stable name (`record_type`) and the
// version this build writes (`record_version`); BOOST_DESCRIBE_STRUCT lists its fields, from
// which the codec (records.cpp) derives encode, decode and the catalog. A field is written
// always and read with its member default when missing or null, unless the struct lists it in
//   required_fields      reading fails when it is missing or null;
//   omitted_when_empty   not written when it is an empty string;
//   blank_means_default  read as the member default when missing, null or "";
//   any_json_fields      a JSON field that may hold any value (otherwise it must be an object).
// std::optional fields are written only when present. The lists are checked against the
// described fields at compile time, and every field must be described.
//
// The records themselves: commands.hpp and events.hpp.

// ---- the catalog ----

enum class record_kind { command, event };

/// One entry of the catalog: a record type and the newest version this build writes.
struct record_type_info {
  std::string_view name;
  int version;
  record_kind kind;
};

/// Every record type this build knows, in a stable order. Thread-safe (static data).
std::span<const record_type_info> catalog();

/// Looks a type up in the catalog; nullptr when unknown.
const record_type_info* find_type(std::string_view name);

/// The stable name of a typed record, e.g. type_name(execute_run{}) == "run.execute".
std::string_view type_name(const command& c);
std::string_view type_name(const event& e);

/// Metadata copied into the envelope when a typed record is wrapped.
struct record_meta {
  std::string id;
  std::string key;
  std::string tenant;
  std::int64_t ts = 0;
  std::string actor;
  std::string causation;
  std::string correlation;
};

/// Wraps a typed record into an envelope of its current version.
[[nodiscard]] envelope wrap(const command& c, record_meta meta);
[[nodiscard]] envelope wrap(const event& e, record_meta meta);

/// Reads the typed record out of an (already upcast) envelope.
/// Errors: unknown_type (also when the envelope holds the other kind), missing_field, wrong_type.
[[nodiscard]] result<command> to_command(const envelope& e);
[[nodiscard]] result<event> to_event(const envelope& e);

/// The kind of a record type name; nullopt when unknown.
std::optional<record_kind> kind_of(std::string_view type);

}  // namespace runlog::schemas
