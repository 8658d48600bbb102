// End-to-end load driver: real `runlog serve` over real HTTP.
//
// Starts `runlog serve` (binary from argv, --binary, env RUNLOG_BINARY, or ../app/runlog next to
// this executable) on a temp data dir and port 0, or targets --url of a running server. Creates
// a 3-node transform workflow, then C clients (one thread and one keep-alive connection each)
// loop: execute, poll GET run until it is terminal. Latency = from sending the execute request
// to observing `completed`. Bounded by --runs and --seconds. See bench/README.md.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "support/http_client.hpp"
#include "support/jwt_mint.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace {

using clock_type = std::chrono::steady_clock;
using json = nlohmann::json;
using namespace runlog::testing;

struct options {
  std::string binary;
  std::string url;  ///< http://host:port of a running server; empty = start one
  std::string token;
  std::string secret;
  int clients = 16;
  int runs = 2000;
  int seconds = 60;
  int poll_ms = 1;
};

void usage() {
  std::cerr << "usage: e2e_bench [RUNLOG_BINARY] [--binary PATH] [--url http://127.0.0.1:PORT]\n"
               "                 [--token JWT | --secret S] [--clients 16] [--runs 2000]\n"
               "                 [--seconds 60] [--poll-ms 1]\n";
}

std::optional<options> parse_args(int argc, char** argv) {
  options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::optional<std::string> {
      if (i + 1 >= argc) return std::nullopt;
      return std::string(argv[++i]);
    };
    std::optional<std::string> v;
    if (a == "-h" || a == "--help") return std::nullopt;
    if (a.rfind("--", 0) != 0) {
      o.binary = a;
      continue;
    }
    if (!(v = next())) return std::nullopt;
    if (a == "--binary") o.binary = *v;
    else if (a == "--url") o.url = *v;
    else if (a == "--token") o.token = *v;
    else if (a == "--secret") o.secret = *v;
    else if (a == "--clients") o.clients = std::max(1, std::atoi(v->c_str()));
    else if (a == "--runs") o.runs = std::max(1, std::atoi(v->c_str()));
    else if (a == "--seconds") o.seconds = std::max(1, std::atoi(v->c_str()));
    else if (a == "--poll-ms") o.poll_ms = std::max(0, std::atoi(v->c_str()));
    else return std::nullopt;
  }
  return o;
}

/// "http://host:port" -> {host, port}; port 0 on a malformed url.
std::pair<std::string, std::uint16_t> split_url(std::string url) {
  if (url.rfind("http://", 0) == 0) url = url.substr(7);
  if (const auto slash = url.find('/'); slash != std::string::npos) url.resize(slash);
  const auto colon = url.rfind(':');
  if (colon == std::string::npos) return {url, 80};
  return {url.substr(0, colon), static_cast<std::uint16_t>(std::atoi(url.c_str() + colon + 1))};
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("model name", 0) == 0) {
      const auto colon = line.find(':');
      return colon == std::string::npos ? line : line.substr(colon + 2);
    }
  }
  return "unknown";
}

std::string random_secret() {
  std::random_device rd;
  std::string s;
  for (int i = 0; i < 32; ++i) s += "0123456789abcdef"[rd() % 16];
  return s;
}

json bench_definition() {
  return json::parse(R"({"nodes": [
    {"id": "a", "type": "transform", "config": {"greeting": "hello {{inputs.name}}", "n": "{{ inputs.n * 2 }}"}},
    {"id": "b", "type": "transform", "input_from": "a", "config": {"shout": "{{ upper(steps.a.output.greeting) }}", "n": "{{ steps.a.output.n + 1 }}"}},
    {"id": "c", "type": "transform", "input_from": "b", "config": {"summary": "{{steps.b.output.shout}}!", "n": "{{ steps.b.output.n }}"}}
  ]})");
}

struct shared_state {
  std::atomic<int> issued{0};
  std::atomic<int> completed{0};
  std::atomic<int> failed{0};  ///< terminal but not completed, or HTTP/transport errors
  std::mutex mutex;
  std::vector<double> latencies_ms;
  std::string first_error;
  void error(const std::string& what) {
    failed.fetch_add(1);
    std::lock_guard lock(mutex);
    if (first_error.empty()) first_error = what;
  }
};

/// One client: execute, poll until terminal, repeat until the run budget or deadline is spent.
void client_loop(const options& o, const std::string& host, std::uint16_t port, const std::string& workflow_id,
                 const std::string& token, clock_type::time_point deadline, shared_state& state) {
  http_client c(host, port, std::chrono::seconds(30));
  std::vector<double> mine;
  const std::string execute_target = "/api/v2/workflows/" + workflow_id + "/execute";
  for (int n = 0; state.issued.fetch_add(1) < o.runs && clock_type::now() < deadline; ++n) {
    const auto t0 = clock_type::now();
    auto res = c.post(execute_target, {{"inputs", {{"name", "bench"}, {"n", n}}}}, token);
    if (!res || res->status != 201) {
      state.error(res ? "execute: " + res->describe() : "execute: " + res.error().message);
      continue;
    }
    const std::string run_target = "/api/v2/workflows/" + workflow_id + "/runs/" + res->json["run"].value("id", "");
    std::string status = res->json["run"].value("status", "");
    while (status != "completed" && status != "failed" && status != "terminated" && clock_type::now() < deadline) {
      if (o.poll_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(o.poll_ms));
      auto poll = c.get(run_target, token);
      if (!poll || poll->status != 200) {
        state.error(poll ? "poll: " + poll->describe() : "poll: " + poll.error().message);
        status = "error";
        break;
      }
      status = poll->json["run"].value("status", "");
    }
    if (status == "completed") {
      mine.push_back(std::chrono::duration<double, std::milli>(clock_type::now() - t0).count());
      state.completed.fetch_add(1);
    } else if (status != "error" && clock_type::now() < deadline) {
      state.error("run ended " + status);
    }
  }
  std::lock_guard lock(state.mutex);
  state.latencies_ms.insert(state.latencies_ms.end(), mine.begin(), mine.end());
}

double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto idx = static_cast<std::size_t>(p / 100.0 * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(idx, sorted.size() - 1)];
}

void print_report(const options& o, const shared_state& state, double wall_s, const std::string& target) {
  std::vector<double> lat = state.latencies_ms;
  std::sort(lat.begin(), lat.end());
  std::printf("runlog e2e_bench\n");
  std::printf("  target            %s\n", target.c_str());
  std::printf("  machine           %u cpus, %s\n", std::thread::hardware_concurrency(), cpu_model().c_str());
  std::printf("  clients           %d (keep-alive, poll every %d ms)\n", o.clients, o.poll_ms);
  std::printf("  budget            %d runs / %d s\n\n", o.runs, o.seconds);
  std::printf("| runs completed | failed | wall s | completed/s | p50 ms | p90 ms | p99 ms | max ms |\n");
  std::printf("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  std::printf("| %d | %d | %.2f | %.1f | %.2f | %.2f | %.2f | %.2f |\n", state.completed.load(), state.failed.load(),
              wall_s, wall_s > 0 ? state.completed.load() / wall_s : 0.0, percentile(lat, 50), percentile(lat, 90),
              percentile(lat, 99), lat.empty() ? 0.0 : lat.back());
  if (!state.first_error.empty()) std::printf("\nfirst error: %s\n", state.first_error.c_str());
}

/// Where the load goes: a spawned server (owning its temp dir) or --url.
struct target {
  std::optional<temp_dir> dir;
  std::optional<server_process> server;
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  std::string description;
};

/// Spawns `runlog serve` unless --url is given; fills in o.token. Exit code on failure.
std::optional<int> open_target(options& o, target& t) {
  if (!o.url.empty()) {
    std::tie(t.host, t.port) = split_url(o.url);
    t.description = o.url;
  } else {
    if (o.binary.empty()) {
      auto found = find_runlog_binary();
      if (!found) {
        std::cerr << found.error().message << "\n";
        return 2;
      }
      o.binary = found->string();
    }
    if (o.secret.empty()) o.secret = random_secret();
    t.dir.emplace("runlog-e2e-bench");
    server_options so;
    so.binary = o.binary;
    so.data_dir = t.dir->path() / "data";
    so.jwt_secret = o.secret;
    so.stderr_path = t.dir->path() / "server.log";
    so.extra_args = {"--rate-limit", "0"};  // all clients share one user: no per-user limit
    std::filesystem::create_directories(so.data_dir);
    auto started = server_process::start(so);
    if (!started) {
      std::cerr << "cannot start runlog serve: " << started.error().message << "\n";
      return 1;
    }
    t.server.emplace(std::move(*started));
    t.port = t.server->port();
    t.description = "runlog serve (spawned) " + o.binary;
  }
  if (o.token.empty()) {
    if (o.secret.empty()) {
      std::cerr << "--url needs --token or --secret\n";
      return 2;
    }
    o.token = mint_token(o.secret, "bench-tenant", "bench-user", 24 * 3600);
  }
  return std::nullopt;
}

/// Creates the benchmark workflow under a unique name; its id, or "" after printing why not.
std::string create_bench_workflow(const options& o, const target& t) {
  http_client setup(t.host, t.port);
  const std::string name =
      "e2e-bench-" + std::to_string(std::chrono::system_clock::now().time_since_epoch().count());
  auto created = setup.post("/api/v2/workflows", {{"name", name}, {"definition", bench_definition()}}, o.token);
  if (!created || created->status != 201) {
    std::cerr << "create workflow failed: " << (created ? created->describe() : created.error().message) << "\n";
    return "";
  }
  return created->json["workflow"].value("id", "");
}

}  // namespace

int main(int argc, char** argv) {
  auto parsed = parse_args(argc, argv);
  if (!parsed) {
    usage();
    return 2;
  }
  options o = *parsed;
  target t;
  if (auto failed = open_target(o, t)) return *failed;
  const std::string workflow_id = create_bench_workflow(o, t);
  if (workflow_id.empty()) return 1;

  shared_state state;
  const auto start = clock_type::now();
  const auto deadline = start + std::chrono::seconds(o.seconds);
  std::vector<std::thread> threads;
  for (int i = 0; i < o.clients; ++i) {
    threads.emplace_back(client_loop, std::cref(o), std::cref(t.host), t.port, std::cref(workflow_id),
                         std::cref(o.token), deadline, std::ref(state));
  }
  for (auto& th : threads) th.join();
  const double wall_s = std::chrono::duration<double>(clock_type::now() - start).count();
  print_report(o, state, wall_s, t.description);

  if (t.server) {
    auto stopped = t.server->stop(std::chrono::seconds(30));
    if (!stopped || !stopped->clean()) {
      std::cerr << "runlog serve did not stop cleanly: "
                << (stopped ? stopped->describe() : stopped.error().message) << "\n";
      return 1;
    }
  }
  return state.failed.load() == 0 ? 0 : 1;
}
