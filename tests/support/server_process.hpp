#pragma once
/// Runs the real `runlog` executable as a child process for end-to-end tests and benchmarks.
///
/// `server_process::start` fork/execs `runlog serve --port 0 --address 127.0.0.1 --data DIR`,
/// reads the child's stdout until the line `runlog listening on http://HOST:PORT` (bounded by
/// a timeout) and exposes the port. `stop()` sends SIGTERM and waits (bounded); the destructor
/// always SIGKILLs and reaps a child that is still alive. The child also gets
/// PR_SET_PDEATHSIG=SIGKILL, so it never outlives a crashed test. Not thread-safe: one owner.
/// Spawn from the main thread before starting other threads (fork in a threaded process is
/// fine here, the child only calls async-signal-safe functions before execve).

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "runlog/schemas/error.hpp"

namespace runlog::testing {

/// How a child process ended.
struct exit_status {
  bool exited = false;  ///< normal exit (then `code` is meaningful)
  int code = -1;
  int signal = 0;  ///< the terminating signal when !exited
  bool clean() const { return exited && code == 0; }
  std::string describe() const;
};

/// The path of the `runlog` executable: env RUNLOG_BINARY, else `<dir of this exe>/../app/runlog`.
/// Errors: neither exists.
[[nodiscard]] result<std::filesystem::path> find_runlog_binary();

struct server_options {
  std::filesystem::path binary;
  std::filesystem::path data_dir;
  /// RUNLOG_JWT_SECRET for the child; nullopt removes the variable from its environment.
  std::optional<std::string> jwt_secret;
  std::vector<std::string> extra_args;
  /// Where the child's stderr goes (appended); empty inherits ours.
  std::filesystem::path stderr_path;
  std::chrono::milliseconds ready_timeout{15000};
};

class server_process {
 public:
  /// Spawns the server and waits for its "listening" line. Errors: spawn failure, the child
  /// exiting before it is ready (with its exit status), or no line within ready_timeout.
  [[nodiscard]] static result<server_process> start(const server_options& options);

  server_process(server_process&& other) noexcept;
  server_process& operator=(server_process&& other) noexcept;
  server_process(const server_process&) = delete;
  server_process& operator=(const server_process&) = delete;
  ~server_process();

  std::uint16_t port() const { return port_; }
  int pid() const { return pid_; }
  /// "http://127.0.0.1:PORT"
  std::string url() const;
  /// True while the child has not been reaped and has not exited.
  bool running();
  /// How the child ended, once it has been reaped (by running(), stop() or kill()).
  const std::optional<exit_status>& ended() const { return reaped_; }

  /// SIGTERM, then waits up to `timeout` for the exit. Errors: the child did not exit in time
  /// (it is then SIGKILLed and reaped) or was already gone.
  [[nodiscard]] result<exit_status> stop(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  /// SIGKILL and reap (no-op when not running).
  void kill();

 private:
  server_process() = default;
  void release();

  int pid_ = -1;
  int stdout_fd_ = -1;
  std::uint16_t port_ = 0;
  std::optional<exit_status> reaped_;
};

/// What a finished helper process produced.
struct process_output {
  exit_status status;
  std::string out;  ///< its stdout
};

/// Environment changes for a child: a value sets the variable, nullopt removes it.
using env_changes = std::map<std::string, std::optional<std::string>>;

/// Runs `argv` (argv[0] is the executable path) with our environment changed by `env`,
/// captures stdout, waits up to `timeout`. Errors: spawn failure or timeout (child killed).
[[nodiscard]] result<process_output> run_process(const std::vector<std::string>& argv,
                                                 const env_changes& env = {},
                                                 std::chrono::milliseconds timeout = std::chrono::seconds(15));

}  // namespace runlog::testing
