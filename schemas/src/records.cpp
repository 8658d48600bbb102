#include "runlog/schemas/records.hpp"

#include <array>
#include <optional>

#include "runlog/schemas/errc.hpp"
#include "upcast.hpp"

namespace runlog::schemas {
namespace {

using json = nlohmann::json;

constexpr std::array<record_type_info, 15> kCatalog{{
    {"workflow.create", 1, record_kind::command},
    {"run.execute", 1, record_kind::command},
    {"run.terminate", 1, record_kind::command},
    {"run.report_step", 1, record_kind::command},
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
  std::optional<error> problem() const { return problem_; }

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
};

// One overload pair per record: to_data (typed -> json) and read (json -> typed).
json to_data(const create_workflow& c) {
  return {{"workflow_id", c.workflow_id}, {"name", c.name}, {"description", c.description},
          {"definition", c.definition},   {"version", c.version}};
}
json to_data(const execute_run& c) {
  return {{"run_id", c.run_id}, {"workflow_id", c.workflow_id},
          {"workflow_version", c.workflow_version}, {"definition", c.definition},
          {"inputs", c.inputs}};
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
          {"inputs", e.inputs}};
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
