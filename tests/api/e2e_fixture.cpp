#include "api/e2e_fixture.hpp"

#include <thread>

namespace runlog::e2e {

std::string path(std::string_view suffix) { return std::string(base) + std::string(suffix); }

json chain_definition() {
  return json::parse(R"({
    "nodes": [
      {"id": "a", "type": "transform", "action": "greet",
       "config": {"greeting": "hello {{inputs.name}}", "x": "{{inputs.x}}", "doubled": "{{ inputs.x * 2 }}"}},
      {"id": "b", "type": "transform", "action": "shout", "input_from": "a",
       "config": {"shout": "{{ upper(steps.a.output.greeting) }}", "plus_one": "{{ steps.a.output.doubled + 1 }}"}},
      {"id": "c", "type": "transform", "action": "summarize", "input_from": ["b"],
       "config": {"summary": "{{steps.b.output.shout}}!", "total": "{{ steps.b.output.plus_one + steps.a.output.x }}"}}
    ],
    "inputs": {"type": "object"},
    "outputs": {}
  })");
}

bool is_terminal(const json& run) {
  if (!run.is_object() || !run.contains("status") || !run["status"].is_string()) return false;
  const auto status = run["status"].get<std::string>();
  return status == "completed" || status == "failed" || status == "terminated";
}

json node_of(const json& run, std::string_view node_id) {
  if (!run.is_object() || !run.contains("nodes") || !run["nodes"].is_array()) return nullptr;
  for (const auto& n : run["nodes"]) {
    if (n.is_object() && n.value("id", "") == node_id) return n;
  }
  return nullptr;
}

::testing::AssertionResult is_error(const http_response& res, int status, std::string_view code) {
  if (res.status != status || res.error_code() != code ||
      res.json.value("success", true) != false || !res.json["error"].contains("message") ||
      !res.json["error"]["message"].is_string()) {
    return ::testing::AssertionFailure() << "expected " << status << " " << code
                                         << " {success:false, error:{code, message}}, got "
                                         << res.describe();
  }
  return ::testing::AssertionSuccess();
}

void e2e_test::SetUp() {
  auto binary = testing::find_runlog_binary();
  ASSERT_TRUE(binary.has_value()) << binary.error().message;
  binary_ = *binary;
  start_server();
}

void e2e_test::TearDown() {
  client_.reset();
  if (!server_) return;
  if (server_->running()) {
    stop_server();
  } else {
    ADD_FAILURE() << "runlog serve died during the test: "
                  << (server_->ended() ? server_->ended()->describe() : "unknown");
  }
  server_.reset();
}

void e2e_test::start_server(std::optional<std::string> jwt_secret) {
  secret_ = std::move(jwt_secret);
  client_.reset();
  server_.reset();
  testing::server_options options;
  options.binary = binary_;
  options.data_dir = data_dir();
  options.jwt_secret = secret_;
  options.extra_args = server_args_;
  auto started = testing::server_process::start(options);
  ASSERT_TRUE(started.has_value()) << started.error().message;
  server_.emplace(std::move(*started));
  client_ = new_client();
}

void e2e_test::stop_server() {
  ASSERT_TRUE(server_.has_value());
  client_.reset();
  auto status = server_->stop(std::chrono::seconds(10));
  server_.reset();
  ASSERT_TRUE(status.has_value()) << status.error().message;
  EXPECT_TRUE(status->clean()) << "runlog serve ended with " << status->describe();
}

void e2e_test::restart_server() {
  ASSERT_NO_FATAL_FAILURE(stop_server());
  ASSERT_NO_FATAL_FAILURE(start_server(secret_));
}

std::unique_ptr<testing::http_client> e2e_test::new_client() const {
  const std::uint16_t port = server_ ? server_->port() : 0;  // 0: every request fails to connect
  return std::make_unique<testing::http_client>("127.0.0.1", port, std::chrono::seconds(10));
}

std::string e2e_test::token(std::string_view tenant, std::string_view user) const {
  const std::string u = user.empty() ? "user-" + std::string(tenant) : std::string(user);
  return testing::mint_token(secret, tenant, u);
}

http_response e2e_test::send(std::string_view method, std::string_view target,
                             std::string_view bearer, std::optional<std::string> body) {
  if (!client_) {
    ADD_FAILURE() << "no server running";
    return {};
  }
  auto res = client_->request(method, target, bearer, std::move(body));
  if (!res) {
    ADD_FAILURE() << method << " " << target << " failed: " << res.error().message;
    return {};
  }
  return std::move(*res);
}

http_response e2e_test::get(std::string_view target, std::string_view bearer) {
  return send("GET", target, bearer);
}

http_response e2e_test::post(std::string_view target, const json& body, std::string_view bearer) {
  return send("POST", target, bearer, body.dump());
}

http_response e2e_test::del(std::string_view target, std::string_view bearer) {
  return send("DELETE", target, bearer);
}

json e2e_test::create_workflow(std::string_view name, const json& definition, std::string_view bearer) {
  const auto res = post(path(), {{"name", name}, {"description", "e2e"}, {"definition", definition}}, bearer);
  if (res.status != 201 || !res.json.contains("workflow")) {
    ADD_FAILURE() << "create workflow '" << name << "': " << res.describe();
    return nullptr;
  }
  return res.json["workflow"];
}

json e2e_test::execute(std::string_view workflow_id, const json& inputs, std::string_view bearer) {
  const auto res = post(path("/" + std::string(workflow_id) + "/execute"), {{"inputs", inputs}}, bearer);
  if (res.status != 201 || !res.json.contains("run")) {
    ADD_FAILURE() << "execute " << workflow_id << ": " << res.describe();
    return nullptr;
  }
  return res.json["run"];
}

json e2e_test::wait_for_run(std::string_view workflow_id, std::string_view run_id, std::string_view bearer) {
  const std::string target = path("/" + std::string(workflow_id) + "/runs/" + std::string(run_id));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  http_response last;
  for (int attempt = 0; attempt < 500; ++attempt) {
    last = get(target, bearer);
    if (last.status != 200) break;
    if (is_terminal(last.json["run"])) return last.json["run"];
    if (std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ADD_FAILURE() << "run " << run_id << " did not reach a terminal status; last answer: " << last.describe();
  return nullptr;
}

json e2e_test::run_to_end(std::string_view workflow_id, const json& inputs, std::string_view bearer) {
  const json run = execute(workflow_id, inputs, bearer);
  if (!run.is_object() || !run.contains("id") || !run["id"].is_string()) return nullptr;
  return wait_for_run(workflow_id, run["id"].get<std::string>(), bearer);
}

}  // namespace runlog::e2e
