#include "codec.hpp"

#include "runlog/projections/store.hpp"

namespace runlog::projections {
namespace {

using json = nlohmann::json;

json optional_ms(const std::optional<std::int64_t>& v) { return v ? json(*v) : json(); }

std::optional<std::int64_t> read_optional_ms(const json& j, const char* name) {
  const auto it = j.find(name);
  if (it == j.end() || it->is_null()) return std::nullopt;
  return it->get<std::int64_t>();
}

json node_to_json(const node_view& n) {
  return {{"id", n.id},
          {"type", n.type},
          {"action", n.action},
          {"status", n.status},
          {"attempts", n.attempts},
          {"started_at", optional_ms(n.started_at)},
          {"finished_at", optional_ms(n.finished_at)},
          {"output", n.output},
          {"error", n.error}};
}

node_view node_from_json(const json& j) {
  node_view n;
  n.id = j.at("id").get<std::string>();
  n.type = j.at("type").get<std::string>();
  n.action = j.at("action").get<std::string>();
  n.status = j.at("status").get<std::string>();
  n.attempts = j.at("attempts").get<int>();
  n.started_at = read_optional_ms(j, "started_at");
  n.finished_at = read_optional_ms(j, "finished_at");
  n.output = j.at("output");
  n.error = j.at("error");
  return n;
}

// Parses a row and maps it with `from`; nlohmann reports type mismatches by exception, which
// we translate here, at the edge.
template <typename T, typename From>
result<T> parse_row(std::string_view bytes, const char* what, From from) {
  json j = json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return fail(errc::corrupt, std::string(what) + " row is not a JSON object");
  }
  try {
    return from(j);
  } catch (const json::exception& e) {
    return fail(errc::corrupt, std::string(what) + " row malformed: " + e.what());
  }
}

}  // namespace

std::string encode_workflow(const workflow_view& w) {
  const json j = {{"id", w.id},
                  {"customer_id", w.customer_id},
                  {"name", w.name},
                  {"description", w.description},
                  {"definition", w.definition},
                  {"version", w.version},
                  {"status", w.status},
                  {"created_by", w.created_by},
                  {"created_at", w.created_at},
                  {"updated_at", w.updated_at},
                  {"definition_version", w.definition_version}};
  return j.dump();
}

result<workflow_view> decode_workflow(std::string_view bytes) {
  return parse_row<workflow_view>(bytes, "workflow", [](const json& j) {
    workflow_view w;
    w.id = j.at("id").get<std::string>();
    w.customer_id = j.at("customer_id").get<std::string>();
    w.name = j.at("name").get<std::string>();
    w.description = j.at("description").get<std::string>();
    w.definition = j.at("definition");
    w.version = j.at("version").get<std::string>();
    w.status = j.at("status").get<std::string>();
    w.created_by = j.at("created_by").get<std::string>();
    w.created_at = j.at("created_at").get<std::int64_t>();
    w.updated_at = j.at("updated_at").get<std::int64_t>();
    w.definition_version = j.value("definition_version", 1);
    return w;
  });
}

std::string encode_run(const run_row& r) {
  const run_view& v = r.view;
  json nodes = json::array();
  for (const node_view& n : v.nodes) nodes.push_back(node_to_json(n));
  const json j = {{"id", v.id},
                  {"workflow_id", v.workflow_id},
                  {"customer_id", v.customer_id},
                  {"workflow_version", v.workflow_version},
                  {"status", v.status},
                  {"inputs", v.inputs},
                  {"outputs", v.outputs},
                  {"error", v.error},
                  {"created_by", v.created_by},
                  {"started_at", v.started_at},
                  {"finished_at", optional_ms(v.finished_at)},
                  {"nodes", std::move(nodes)},
                  {"command_id", r.command_id},
                  {"definition_version", v.definition_version}};
  return j.dump();
}

result<run_row> decode_run(std::string_view bytes) {
  return parse_row<run_row>(bytes, "run", [](const json& j) {
    run_row r;
    run_view& v = r.view;
    v.id = j.at("id").get<std::string>();
    v.workflow_id = j.at("workflow_id").get<std::string>();
    v.customer_id = j.at("customer_id").get<std::string>();
    v.workflow_version = j.at("workflow_version").get<std::string>();
    v.status = j.at("status").get<std::string>();
    v.inputs = j.at("inputs");
    v.outputs = j.at("outputs");
    v.error = j.at("error");
    v.created_by = j.at("created_by").get<std::string>();
    v.started_at = j.at("started_at").get<std::int64_t>();
    v.finished_at = read_optional_ms(j, "finished_at");
    for (const json& n : j.at("nodes")) v.nodes.push_back(node_from_json(n));
    r.command_id = j.at("command_id").get<std::string>();
    v.definition_version = j.value("definition_version", 1);
    return r;
  });
}

std::string encode_workflow_version(const workflow_version_view& v) {
  const json j = {{"version", v.version},
                  {"label", v.label},
                  {"definition", v.definition},
                  {"created_at", v.created_at},
                  {"created_by", v.created_by}};
  return j.dump();
}

result<workflow_version_view> decode_workflow_version(std::string_view bytes) {
  return parse_row<workflow_version_view>(bytes, "workflow version", [](const json& j) {
    return workflow_version_view{j.at("version").get<int>(), j.at("label").get<std::string>(),
                                 j.at("definition"), j.at("created_at").get<std::int64_t>(),
                                 j.at("created_by").get<std::string>()};
  });
}

std::string encode_outcome(const outcome& o) {
  const json j = {{"accepted", o.accepted},
                  {"code", o.code},
                  {"message", o.message},
                  {"subject_id", o.subject_id}};
  return j.dump();
}

result<outcome> decode_outcome(std::string_view bytes) {
  return parse_row<outcome>(bytes, "outcome", [](const json& j) {
    return outcome{j.at("accepted").get<bool>(), j.at("code").get<std::string>(),
                   j.at("message").get<std::string>(), j.at("subject_id").get<std::string>()};
  });
}

std::string encode_idempotency(const idempotency_record& r) {
  const json j = {{"request_hash", r.request_hash}, {"command_id", r.command_id}, {"ts", r.ts}};
  return j.dump();
}

result<idempotency_record> decode_idempotency(std::string_view bytes) {
  return parse_row<idempotency_record>(bytes, "idempotency", [](const json& j) {
    return idempotency_record{j.at("request_hash").get<std::string>(),
                              j.at("command_id").get<std::string>(),
                              j.at("ts").get<std::int64_t>()};
  });
}

std::string encode_schedule(const schedule_view& s) {
  const json j = {{"id", s.id},
                  {"workflow_id", s.workflow_id},
                  {"customer_id", s.customer_id},
                  {"cron_expression", s.cron_expression},
                  {"timezone", s.timezone},
                  {"inputs", s.inputs},
                  {"missed_execution_policy", s.missed_execution_policy},
                  {"enabled", s.enabled},
                  {"last_run_at", optional_ms(s.last_run_at)},
                  {"created_by", s.created_by},
                  {"created_at", s.created_at},
                  {"updated_at", s.updated_at}};
  return j.dump();
}

result<schedule_view> decode_schedule(std::string_view bytes) {
  return parse_row<schedule_view>(bytes, "schedule", [](const json& j) {
    schedule_view s;
    s.id = j.at("id").get<std::string>();
    s.workflow_id = j.at("workflow_id").get<std::string>();
    s.customer_id = j.at("customer_id").get<std::string>();
    s.cron_expression = j.at("cron_expression").get<std::string>();
    s.timezone = j.at("timezone").get<std::string>();
    s.inputs = j.at("inputs");
    s.missed_execution_policy = j.at("missed_execution_policy").get<std::string>();
    s.enabled = j.at("enabled").get<bool>();
    s.last_run_at = read_optional_ms(j, "last_run_at");
    s.created_by = j.at("created_by").get<std::string>();
    s.created_at = j.at("created_at").get<std::int64_t>();
    s.updated_at = j.at("updated_at").get<std::int64_t>();
    return s;
  });
}

std::string encode_stats(const workflow_stats& s) {
  const json j = {{"runs_total", s.runs_total},
                  {"runs_success", s.runs_success},
                  {"runs_failed", s.runs_failed},
                  {"duration_sum_ms", s.duration_sum_ms}};
  return j.dump();
}

result<workflow_stats> decode_stats(std::string_view bytes) {
  return parse_row<workflow_stats>(bytes, "stats", [](const json& j) {
    return workflow_stats{j.at("runs_total").get<std::int64_t>(),
                          j.at("runs_success").get<std::int64_t>(),
                          j.at("runs_failed").get<std::int64_t>(),
                          j.at("duration_sum_ms").get<std::int64_t>()};
  });
}

}  // namespace runlog::projections
