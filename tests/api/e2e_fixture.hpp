#pragma once
/// The end-to-end fixture: a real `runlog serve` child process on a loopback port with a
/// temporary data directory, a keep-alive HTTP client, JWT minting, and bounded helpers for
/// the /api/v2/workflows endpoints. Helpers record GoogleTest failures (never throw) and
/// return a status-0 response / null JSON on transport errors so callers' checks fail too.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/http_client.hpp"
#include "support/jwt_mint.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace runlog::e2e {

using json = nlohmann::json;
using testing::http_response;

inline constexpr std::string_view base = "/api/v2/workflows";
inline constexpr std::string_view secret = "e2e-secret-0123456789abcdef0123456789abcdef";
inline constexpr std::string_view tenant_a = "tenant-a";
inline constexpr std::string_view tenant_b = "tenant-b";

/// `/api/v2/workflows` + `suffix`.
std::string path(std::string_view suffix = "");

/// A transform chain a -> b -> c over inputs {name, x} (see flow_test.cpp for its outputs).
json chain_definition();

/// True for completed, failed and terminated.
bool is_terminal(const json& run);

class e2e_test : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  /// Starts the server on data_dir() (secret: `jwt_secret`, nullopt = none in its env).
  /// Records a fatal failure if it does not come up.
  void start_server(std::optional<std::string> jwt_secret = std::string(secret));
  /// SIGTERM; expects a clean exit (code 0) within the bound.
  void stop_server();
  /// stop_server() then start_server() on the same data directory and secret.
  void restart_server();

  const std::filesystem::path& data_dir() const { return dir_.path(); }

  /// Extra `runlog serve` flags for every start. By default the per-user rate limit is raised
  /// far above what any test sends; security_test clears this to run with the default 100.
  std::vector<std::string> server_args_ = {"--rate-limit", "1000000"};
  testing::server_process& server() { return *server_; }
  testing::http_client& client() { return *client_; }
  /// A fresh client (own connection) to the running server.
  std::unique_ptr<testing::http_client> new_client() const;

  /// A valid token for `tenant` (user "user-<tenant>" unless given).
  std::string token(std::string_view tenant = tenant_a, std::string_view user = "") const;

  http_response get(std::string_view target, std::string_view bearer);
  http_response post(std::string_view target, const json& body, std::string_view bearer);
  http_response del(std::string_view target, std::string_view bearer);
  /// Any method, raw body.
  http_response send(std::string_view method, std::string_view target, std::string_view bearer,
                     std::optional<std::string> body = std::nullopt);

  /// POST a workflow; expects 201 and returns `workflow` (null on failure).
  json create_workflow(std::string_view name, const json& definition, std::string_view bearer);
  /// POST execute; expects 201 and returns `run` (null on failure).
  json execute(std::string_view workflow_id, const json& inputs, std::string_view bearer);
  /// Polls GET run every 20 ms (at most 10 s) until it is terminal; returns the last run
  /// (null on failure). Records a failure on timeout.
  json wait_for_run(std::string_view workflow_id, std::string_view run_id, std::string_view bearer);
  /// execute() + wait_for_run().
  json run_to_end(std::string_view workflow_id, const json& inputs, std::string_view bearer);

 private:
  std::filesystem::path binary_;
  testing::temp_dir dir_{"runlog-e2e"};
  std::optional<std::string> secret_;
  std::optional<testing::server_process> server_;
  std::unique_ptr<testing::http_client> client_;
};

/// The `nodes[]` entry of `run` with id `node_id` (null when absent).
json node_of(const json& run, std::string_view node_id);

/// Asserts the response has `status` and error code `code` (and success:false).
::testing::AssertionResult is_error(const http_response& res, int status, std::string_view code);

}  // namespace runlog::e2e
