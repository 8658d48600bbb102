#include "runlog/schemas/records.hpp"

#include <array>
#include <optional>

#include "runlog/schemas/errc.hpp"
#include "upcast.hpp"

namespace runlog::schemas {
namespace {

using json = nlohmann::json;

constexpr std::array<record_type_info, 25> kCatalog{{
    {"workflow.create", 1, record_kind::command},
    {"run.execute", 1, record_kind::command},
    {"run.terminate", 1, record_kind::command},
    {"run.report_step", 1, record_kind::command},
    {"workflow.update", 1, record_kind::command},
    {"workflow.delete", 1, record_kind::command},
    {"schedule.create", 1, record_kind::command},
    {"schedule.update", 1, record_kind::command},
    {"schedule.delete", 1, record_kind::command},
    {"workflow.created", 1, record_kind::event},
    {"command.rejected", 1, record_kind::event},
    {"run.started", 1, record_kind::event},
    {"run.step_started", 1, record_kind::event},
    {"run.step_completed", 1, record_kind::event},
    {"run.step_failed", 1, record_kind::event},
    {"run.step_skipped", 1, record_kind::event},
    {"run.paused", 1, record_kind::event},
    {"run.completed", 1, record_kind::event},
    {"run.failed", 1, record_kind::event},
    {"run.terminated", 1, record_kind::event},
    {"workflow.updated", 1, record_kind::event},
    {"workflow.deleted", 1, record_kind::event},
    {"schedule.created", 1, record_kind::event},
    {"schedule.updated", 1, record_kind::event},
    {"schedule.deleted", 1, record_kind::event},
}};

// Reads typed fields out of a record's `data`, remembering the first problem.
class reader {
 public:
  reader(const json& data, std::string_view type) : data_(data), type_(type) {}

  std::string str(const char* name, bool required = true) {
    const json* v = find(name, required);
    if (!v) return {};
    if (!v->is_string()) return bad(errc::wrong_type, name, "a string"), std::string{};
    return v->get<std::string>();
  }
  int integer(const char* name, int fallback) {
    const json* v = find(name, false);
    if (!v) return fallback;
    if (!v->is_number_integer()) return bad(errc::wrong_type, name, "an integer"), fallback;
    return v->get<int>();
  }
  bool boolean(const char* name, bool fallback) {
    const json* v = find(name, false);
    if (!v) return fallback;
    if (!v->is_boolean()) return bad(errc::wrong_type, name, "a boolean"), fallback;
    return v->get<bool>();
  }
  json object(const char* name, bool required) {
    const json* v = find(name, required);
    if (!v) return json::object();
    if (!v->is_object()) return bad(errc::wrong_type, name, "an object"), json::object();
    return *v;
  }
  json any(const char* name) {
    const json* v = find(name, false);
    return v ? *v : json();
  }
  std::optional<std::string> opt_str(const char* name) {
    if (!find(name, false)) return std::nullopt;
    return str(name);
  }
  std::optional<bool> opt_bool(const char* name) {
    if (!find(name, false)) return std::nullopt;
    return boolean(name, false);
  }
  std::optional<json> opt_object(const char* name) {
    if (!find(name, false)) return std::nullopt;
    return object(name, false);
  }
  // Reads an object field `name` into `inner` for nested records (changes, settings).
  const json& nested(const char* name) {
    const json* v = find(name, false);
    if (v && !v->is_object()) bad(errc::wrong_type, name, "an object");
    return v && v->is_object() ? *v : empty_;
  }
  std::optional<error> problem() const { return problem_; }
  // Takes over the first problem of a nested reader.
  void adopt(const reader& inner) {
    if (!problem_ && inner.problem_) problem_ = inner.problem_;
  }

 private:
  const json* find(const char* name, bool required) {
    const auto it = data_.find(name);
    if (it == data_.end() || it->is_null()) {
      if (required) bad(errc::missing_field, name, "present");
      return nullptr;
    }
    return &*it;
  }
  void bad(errc code, const char* name, const char* expected) {
    if (!problem_) {
      problem_ = error{make_error_code(code), std::string(type_) + ": data field '" + name +
                                                  "' must be " + expected};
    }
  }
  const json& data_;
  std::string_view type_;
  std::optional<error> problem_;
  inline static const json empty_ = json::object();
};

// Optional fields are written only when present.
template <typename T>
void put(json& out, const char* name, const std::optional<T>& v) {
  if (v) out[name] = *v;
}

// One overload pair per record: to_data (typed -> json) and read (json -> typed).
// Idempotency fields are written only when the request carried a key.
void put_idempotency(json& out, const std::string& key, const std::string& hash) {
  if (key.empty()) return;
  out["idempotency_key"] = key;
  out["request_hash"] = hash;
}
json to_data(const create_workflow& c) {
  json out = {{"workflow_id", c.workflow_id}, {"name", c.name}, {"description", c.description},
              {"definition", c.definition},   {"version", c.version}};
  put_idempotency(out, c.idempotency_key, c.request_hash);
  return out;
}
json to_data(const execute_run& c) {
  json out = {{"run_id", c.run_id}, {"workflow_id", c.workflow_id},
              {"workflow_version", c.workflow_version}, {"definition", c.definition},
              {"inputs", c.inputs}, {"definition_version", c.definition_version}};
  put_idempotency(out, c.idempotency_key, c.request_hash);
  return out;
}
json to_data(const workflow_changes& c) {
  json out = json::object();
  put(out, "name", c.name);
  put(out, "description", c.description);
  put(out, "definition", c.definition);
  put(out, "version", c.version);
  put(out, "status", c.status);
  return out;
}
json to_data(const schedule_settings& s) {
  return {{"cron_expression", s.cron_expression}, {"timezone", s.timezone},
          {"inputs", s.inputs}, {"missed_execution_policy", s.missed_execution_policy},
          {"enabled", s.enabled}};
}
json to_data(const schedule_changes& c) {
  json out = json::object();
  put(out, "cron_expression", c.cron_expression);
  put(out, "timezone", c.timezone);
  put(out, "inputs", c.inputs);
  put(out, "missed_execution_policy", c.missed_execution_policy);
  put(out, "enabled", c.enabled);
  return out;
}
json to_data(const update_workflow& c) {
  return {{"workflow_id", c.workflow_id}, {"changes", to_data(c.changes)},
          {"expected_definition_version", c.expected_definition_version}};
}
json to_data(const delete_workflow& c) { return {{"workflow_id", c.workflow_id}}; }
json to_data(const create_schedule& c) {
  return {{"schedule_id", c.schedule_id}, {"workflow_id", c.workflow_id},
          {"settings", to_data(c.settings)}};
}
json to_data(const update_schedule& c) {
  return {{"schedule_id", c.schedule_id}, {"workflow_id", c.workflow_id},
          {"changes", to_data(c.changes)}};
}
json to_data(const delete_schedule& c) {
  return {{"schedule_id", c.schedule_id}, {"workflow_id", c.workflow_id}};
}
json to_data(const workflow_updated& e) {
  return {{"workflow_id", e.workflow_id}, {"changes", to_data(e.changes)},
          {"definition_version", e.definition_version}};
}
json to_data(const workflow_deleted& e) {
  return {{"workflow_id", e.workflow_id}, {"name", e.name}};
}
json to_data(const schedule_created& e) {
  return {{"schedule_id", e.schedule_id}, {"workflow_id", e.workflow_id},
          {"settings", to_data(e.settings)}};
}
json to_data(const schedule_updated& e) {
  return {{"schedule_id", e.schedule_id}, {"workflow_id", e.workflow_id},
          {"changes", to_data(e.changes)}};
}
json to_data(const schedule_deleted& e) {
  return {{"schedule_id", e.schedule_id}, {"workflow_id", e.workflow_id}};
}
json to_data(const terminate_run& c) { return {{"run_id", c.run_id}, {"reason", c.reason}}; }
json to_data(const report_step& c) {
  return {{"run_id", c.run_id}, {"node_id", c.node_id}, {"attempt", c.attempt}, {"ok", c.ok},
          {"output", c.output}, {"code", c.code},       {"message", c.message}};
}
json to_data(const workflow_created& e) {
  return {{"workflow_id", e.workflow_id}, {"name", e.name},     {"description", e.description},
          {"definition", e.definition},   {"version", e.version}, {"status", e.status}};
}
json to_data(const command_rejected& e) {
  return {{"command_type", e.command_type}, {"code", e.code}, {"message", e.message},
          {"subject_id", e.subject_id}};
}
json to_data(const run_started& e) {
  return {{"run_id", e.run_id}, {"workflow_id", e.workflow_id},
          {"workflow_version", e.workflow_version}, {"definition", e.definition},
          {"inputs", e.inputs}, {"definition_version", e.definition_version}};
}
json to_data(const step_started& e) {
  return {{"run_id", e.run_id}, {"node_id", e.node_id}, {"attempt", e.attempt}};
}
json to_data(const step_completed& e) {
  return {{"run_id", e.run_id}, {"node_id", e.node_id}, {"attempt", e.attempt}, {"output", e.output}};
}
json to_data(const step_failed& e) {
  return {{"run_id", e.run_id}, {"node_id", e.node_id}, {"attempt", e.attempt},
          {"code", e.code},     {"message", e.message}, {"will_retry", e.will_retry}};
}
json to_data(const step_skipped& e) {
  return {{"run_id", e.run_id}, {"node_id", e.node_id}, {"reason", e.reason}};
}
json to_data(const run_paused& e) { return {{"run_id", e.run_id}, {"node_id", e.node_id}}; }
json to_data(const run_completed& e) { return {{"run_id", e.run_id}, {"outputs", e.outputs}}; }
json to_data(const run_failed& e) {
  return {{"run_id", e.run_id}, {"code", e.code}, {"message", e.message}, {"node_id", e.node_id}};
}
json to_data(const run_terminated& e) { return {{"run_id", e.run_id}, {"reason", e.reason}}; }

template <typename T>
T read(reader& r);

template <>
create_workflow read(reader& r) {
  create_workflow c;
  c.workflow_id = r.str("workflow_id");
  c.name = r.str("name");
  c.description = r.str("description", false);
  c.definition = r.object("definition", true);
  c.version = r.str("version", false);
  if (c.version.empty()) c.version = "1.0.0";
  c.idempotency_key = r.str("idempotency_key", false);
  c.request_hash = r.str("request_hash", false);
  return c;
}
template <>
execute_run read(reader& r) {
  execute_run c;
  c.run_id = r.str("run_id");
  c.workflow_id = r.str("workflow_id");
  c.workflow_version = r.str("workflow_version", false);
  c.definition = r.object("definition", true);
  c.inputs = r.object("inputs", false);
  c.definition_version = r.integer("definition_version", 1);
  c.idempotency_key = r.str("idempotency_key", false);
  c.request_hash = r.str("request_hash", false);
  return c;
}
template <>
terminate_run read(reader& r) {
  return {r.str("run_id"), r.str("reason", false)};
}
template <>
report_step read(reader& r) {
  report_step c;
  c.run_id = r.str("run_id");
  c.node_id = r.str("node_id");
  c.attempt = r.integer("attempt", 1);
  c.ok = r.boolean("ok", false);
  c.output = r.any("output");
  c.code = r.str("code", false);
  c.message = r.str("message", false);
  return c;
}
workflow_changes read_changes(reader& outer, std::string_view type) {
  reader r(outer.nested("changes"), type);
  workflow_changes c;
  c.name = r.opt_str("name");
  c.description = r.opt_str("description");
  c.definition = r.opt_object("definition");
  c.version = r.opt_str("version");
  c.status = r.opt_str("status");
  outer.adopt(r);
  return c;
}
schedule_settings read_settings(reader& outer, std::string_view type) {
  reader r(outer.nested("settings"), type);
  schedule_settings s;
  s.cron_expression = r.str("cron_expression");
  if (auto tz = r.opt_str("timezone")) s.timezone = *tz;
  s.inputs = r.object("inputs", false);
  if (auto p = r.opt_str("missed_execution_policy")) s.missed_execution_policy = *p;
  s.enabled = r.boolean("enabled", true);
  outer.adopt(r);
  return s;
}
schedule_changes read_schedule_changes(reader& outer, std::string_view type) {
  reader r(outer.nested("changes"), type);
  schedule_changes c;
  c.cron_expression = r.opt_str("cron_expression");
  c.timezone = r.opt_str("timezone");
  c.inputs = r.opt_object("inputs");
  c.missed_execution_policy = r.opt_str("missed_execution_policy");
  c.enabled = r.opt_bool("enabled");
  outer.adopt(r);
  return c;
}
template <>
update_workflow read(reader& r) {
  update_workflow c;
  c.workflow_id = r.str("workflow_id");
  c.changes = read_changes(r, "workflow.update");
  c.expected_definition_version = r.integer("expected_definition_version", 0);
  return c;
}
template <>
delete_workflow read(reader& r) {
  return {r.str("workflow_id")};
}
template <>
create_schedule read(reader& r) {
  create_schedule c;
  c.schedule_id = r.str("schedule_id");
  c.workflow_id = r.str("workflow_id");
  c.settings = read_settings(r, "schedule.create");
  return c;
}
template <>
update_schedule read(reader& r) {
  update_schedule c;
  c.schedule_id = r.str("schedule_id");
  c.workflow_id = r.str("workflow_id");
  c.changes = read_schedule_changes(r, "schedule.update");
  return c;
}
template <>
delete_schedule read(reader& r) {
  return {r.str("schedule_id"), r.str("workflow_id")};
}
template <>
workflow_updated read(reader& r) {
  workflow_updated e;
  e.workflow_id = r.str("workflow_id");
  e.changes = read_changes(r, "workflow.updated");
  e.definition_version = r.integer("definition_version", 1);
  return e;
}
template <>
workflow_deleted read(reader& r) {
  return {r.str("workflow_id"), r.str("name", false)};
}
template <>
schedule_created read(reader& r) {
  schedule_created e;
  e.schedule_id = r.str("schedule_id");
  e.workflow_id = r.str("workflow_id");
  e.settings = read_settings(r, "schedule.created");
  return e;
}
template <>
schedule_updated read(reader& r) {
  schedule_updated e;
  e.schedule_id = r.str("schedule_id");
  e.workflow_id = r.str("workflow_id");
  e.changes = read_schedule_changes(r, "schedule.updated");
  return e;
}
template <>
schedule_deleted read(reader& r) {
  return {r.str("schedule_id"), r.str("workflow_id")};
}
template <>
workflow_created read(reader& r) {
  workflow_created e;
  e.workflow_id = r.str("workflow_id");
  e.name = r.str("name");
  e.description = r.str("description", false);
  e.definition = r.object("definition", true);
  e.version = r.str("version", false);
  e.status = r.str("status", false);
  if (e.status.empty()) e.status = "active";
  return e;
}
template <>
command_rejected read(reader& r) {
  return {r.str("command_type"), r.str("code"), r.str("message", false), r.str("subject_id", false)};
}
template <>
run_started read(reader& r) {
  run_started e;
  e.run_id = r.str("run_id");
  e.workflow_id = r.str("workflow_id");
  e.workflow_version = r.str("workflow_version", false);
  e.definition = r.object("definition", true);
  e.inputs = r.object("inputs", false);
  e.definition_version = r.integer("definition_version", 1);
  return e;
}
template <>
step_started read(reader& r) {
  return {r.str("run_id"), r.str("node_id"), r.integer("attempt", 1)};
}
template <>
step_completed read(reader& r) {
  return {r.str("run_id"), r.str("node_id"), r.integer("attempt", 1), r.any("output")};
}
template <>
step_failed read(reader& r) {
  step_failed e;
  e.run_id = r.str("run_id");
  e.node_id = r.str("node_id");
  e.attempt = r.integer("attempt", 1);
  e.code = r.str("code", false);
  e.message = r.str("message", false);
  e.will_retry = r.boolean("will_retry", false);
  return e;
}
template <>
step_skipped read(reader& r) {
  return {r.str("run_id"), r.str("node_id"), r.str("reason", false)};
}
template <>
run_paused read(reader& r) {
  return {r.str("run_id"), r.str("node_id", false)};
}
template <>
run_completed read(reader& r) {
  return {r.str("run_id"), r.object("outputs", false)};
}
template <>
run_failed read(reader& r) {
  return {r.str("run_id"), r.str("code", false), r.str("message", false), r.str("node_id", false)};
}
template <>
run_terminated read(reader& r) {
  return {r.str("run_id"), r.str("reason", false)};
}

constexpr std::string_view name_of(const create_workflow*) { return "workflow.create"; }
constexpr std::string_view name_of(const execute_run*) { return "run.execute"; }
constexpr std::string_view name_of(const terminate_run*) { return "run.terminate"; }
constexpr std::string_view name_of(const report_step*) { return "run.report_step"; }
constexpr std::string_view name_of(const workflow_created*) { return "workflow.created"; }
constexpr std::string_view name_of(const command_rejected*) { return "command.rejected"; }
constexpr std::string_view name_of(const run_started*) { return "run.started"; }
constexpr std::string_view name_of(const step_started*) { return "run.step_started"; }
constexpr std::string_view name_of(const step_completed*) { return "run.step_completed"; }
constexpr std::string_view name_of(const step_failed*) { return "run.step_failed"; }
constexpr std::string_view name_of(const step_skipped*) { return "run.step_skipped"; }
constexpr std::string_view name_of(const run_paused*) { return "run.paused"; }
constexpr std::string_view name_of(const run_completed*) { return "run.completed"; }
constexpr std::string_view name_of(const run_failed*) { return "run.failed"; }
constexpr std::string_view name_of(const run_terminated*) { return "run.terminated"; }
constexpr std::string_view name_of(const update_workflow*) { return "workflow.update"; }
constexpr std::string_view name_of(const delete_workflow*) { return "workflow.delete"; }
constexpr std::string_view name_of(const create_schedule*) { return "schedule.create"; }
constexpr std::string_view name_of(const update_schedule*) { return "schedule.update"; }
constexpr std::string_view name_of(const delete_schedule*) { return "schedule.delete"; }
constexpr std::string_view name_of(const workflow_updated*) { return "workflow.updated"; }
constexpr std::string_view name_of(const workflow_deleted*) { return "workflow.deleted"; }
constexpr std::string_view name_of(const schedule_created*) { return "schedule.created"; }
constexpr std::string_view name_of(const schedule_updated*) { return "schedule.updated"; }
constexpr std::string_view name_of(const schedule_deleted*) { return "schedule.deleted"; }

template <typename Variant>
envelope wrap_variant(const Variant& record, record_meta meta) {
  envelope e;
  std::visit(
      [&](const auto& r) {
        e.type = std::string(name_of(&r));
        e.data = to_data(r);
      },
      record);
  e.v = find_type(e.type)->version;
  e.id = std::move(meta.id);
  e.key = std::move(meta.key);
  e.tenant = std::move(meta.tenant);
  e.ts = meta.ts;
  e.actor = std::move(meta.actor);
  e.causation = std::move(meta.causation);
  e.correlation = std::move(meta.correlation);
  return e;
}

// Tries each alternative of Variant whose name matches the envelope type.
template <typename Variant, std::size_t I = 0>
result<Variant> unwrap_variant(const envelope& e) {
  if constexpr (I == std::variant_size_v<Variant>) {
    return fail(errc::unknown_type, "not a record of this kind: '" + e.type + "'");
  } else {
    using alt = std::variant_alternative_t<I, Variant>;
    if (name_of(static_cast<const alt*>(nullptr)) != e.type) return unwrap_variant<Variant, I + 1>(e);
    reader r(e.data, e.type);
    alt value = read<alt>(r);
    if (auto p = r.problem()) return tl::unexpected(*p);
    return Variant{std::move(value)};
  }
}

}  // namespace

std::span<const record_type_info> catalog() { return kCatalog; }

const record_type_info* find_type(std::string_view name) {
  for (const auto& info : kCatalog) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

std::optional<record_kind> kind_of(std::string_view type) {
  const auto* info = find_type(type);
  if (!info) return std::nullopt;
  return info->kind;
}

std::string_view type_name(const command& c) {
  return std::visit([](const auto& r) { return name_of(&r); }, c);
}
std::string_view type_name(const event& e) {
  return std::visit([](const auto& r) { return name_of(&r); }, e);
}

envelope wrap(const command& c, record_meta meta) { return wrap_variant(c, std::move(meta)); }
envelope wrap(const event& e, record_meta meta) { return wrap_variant(e, std::move(meta)); }

result<command> to_command(const envelope& e) { return unwrap_variant<command>(e); }
result<event> to_event(const envelope& e) { return unwrap_variant<event>(e); }

result<void> upcast(envelope& e) {
  const auto* info = find_type(e.type);
  if (!info) return fail(errc::unknown_type, "unknown record type '" + e.type + "'");
  if (e.v < 1 || e.v > info->version) {
    return fail(errc::unsupported_version,
                e.type + " v" + std::to_string(e.v) + " (this build reads up to v" +
                    std::to_string(info->version) + ")");
  }
  // Every type is at v1: nothing to rewrite yet. A v2 adds `if (e.v == 1) { ...; e.v = 2; }`.
  return {};
}

}  // namespace runlog::schemas
