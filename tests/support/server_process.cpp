#include "support/server_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <thread>

extern char** environ;

namespace runlog::testing {
namespace {

using clock = std::chrono::steady_clock;

tl::unexpected<error> failure(std::errc code, std::string message) {
  return tl::unexpected<error>(error{std::make_error_code(code), std::move(message)});
}

tl::unexpected<error> errno_failure(const std::string& what) {
  const int e = errno;
  return tl::unexpected<error>(error{std::error_code(e, std::generic_category()),
                                     what + ": " + std::strerror(e)});
}

exit_status decode(int wstatus) {
  exit_status s;
  if (WIFEXITED(wstatus)) {
    s.exited = true;
    s.code = WEXITSTATUS(wstatus);
  } else if (WIFSIGNALED(wstatus)) {
    s.signal = WTERMSIG(wstatus);
  }
  return s;
}

/// Our environment with `changes` applied.
std::vector<std::string> child_environment(const env_changes& changes) {
  std::vector<std::string> out;
  for (char** e = environ; e && *e; ++e) {
    const std::string entry(*e);
    if (!changes.contains(entry.substr(0, entry.find('=')))) out.push_back(entry);
  }
  for (const auto& [k, v] : changes) {
    if (v) out.push_back(k + "=" + *v);
  }
  return out;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

struct spawned {
  int pid = -1;
  int stdout_fd = -1;
};

/// fork/exec with stdout to a pipe we keep the read end of. `stderr_fd` < 0 inherits ours.
result<spawned> spawn(std::vector<std::string> argv, std::vector<std::string> env, int stderr_fd) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return errno_failure("pipe2");
  auto args = c_strings(argv);
  auto envp = c_strings(env);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return errno_failure("fork");
  }
  if (pid == 0) {  // child: async-signal-safe calls only
    ::dup2(fds[1], STDOUT_FILENO);
    if (stderr_fd >= 0) ::dup2(stderr_fd, STDERR_FILENO);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(126);
    ::execve(args[0], args.data(), envp.data());
    ::_exit(127);
  }
  ::close(fds[1]);
  return spawned{pid, fds[0]};
}

/// Reads from `fd` into `buffer` until `done(buffer)`, EOF or the deadline. True if done.
bool read_until(int fd, std::string& buffer, clock::time_point deadline,
                const std::function<bool(const std::string&)>& done) {
  while (!done(buffer)) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    const int n = ::poll(&p, 1, static_cast<int>(left.count()));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    char chunk[4096];
    const ssize_t got = ::read(fd, chunk, sizeof chunk);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    buffer.append(chunk, static_cast<std::size_t>(got));
  }
  return true;
}

/// waitpid with a deadline; nullopt on timeout.
std::optional<exit_status> wait_until(int pid, clock::time_point deadline) {
  for (;;) {
    int wstatus = 0;
    const pid_t r = ::waitpid(pid, &wstatus, WNOHANG);
    if (r == pid) return decode(wstatus);
    if (r < 0 && errno != EINTR) return exit_status{};
    if (clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

std::optional<std::uint16_t> parse_listening_port(const std::string& out) {
  static constexpr std::string_view marker = "runlog listening on http://";
  const auto at = out.find(marker);
  if (at == std::string::npos) return std::nullopt;
  const auto eol = out.find('\n', at);
  if (eol == std::string::npos) return std::nullopt;
  const std::string line = out.substr(at, eol - at);
  const auto colon = line.rfind(':');
  if (colon == std::string::npos) return std::nullopt;
  const long port = std::strtol(line.c_str() + colon + 1, nullptr, 10);
  if (port <= 0 || port > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(port);
}

}  // namespace

std::string exit_status::describe() const {
  if (exited) return "exit code " + std::to_string(code);
  if (signal != 0) return std::string("killed by signal ") + ::strsignal(signal);
  return "unknown status";
}

result<std::filesystem::path> find_runlog_binary() {
  if (const char* env = std::getenv("RUNLOG_BINARY"); env && *env) {
    if (std::filesystem::exists(env)) return std::filesystem::path(env);
    return failure(std::errc::no_such_file_or_directory,
                   std::string("RUNLOG_BINARY does not exist: ") + env);
  }
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto guess = self.parent_path().parent_path() / "app" / "runlog";
    if (std::filesystem::exists(guess)) return guess;
  }
  return failure(std::errc::no_such_file_or_directory,
                 "runlog executable not found: set RUNLOG_BINARY (ctest sets it)");
}

result<server_process> server_process::start(const server_options& options) {
  std::vector<std::string> argv = {options.binary.string(), "serve", "--port", "0",
                                   "--address", "127.0.0.1", "--data", options.data_dir.string()};
  argv.insert(argv.end(), options.extra_args.begin(), options.extra_args.end());
  const env_changes env = {{"RUNLOG_JWT_SECRET", options.jwt_secret}};

  int err_fd = -1;
  if (!options.stderr_path.empty()) {
    err_fd = ::open(options.stderr_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (err_fd < 0) return errno_failure("open " + options.stderr_path.string());
  }
  auto child = spawn(std::move(argv), child_environment(env), err_fd);
  if (err_fd >= 0) ::close(err_fd);
  if (!child) return tl::unexpected(child.error());

  server_process p;
  p.pid_ = child->pid;
  p.stdout_fd_ = child->stdout_fd;
  std::string out;
  const bool ready = read_until(p.stdout_fd_, out, clock::now() + options.ready_timeout,
                                [](const std::string& b) { return parse_listening_port(b).has_value(); });
  if (!ready) {
    p.kill();
    return failure(std::errc::timed_out,
                   "runlog serve never printed its listening line (waited at most " +
                       std::to_string(options.ready_timeout.count()) + " ms); stdout: '" + out +
                       "'; child ended with " + (p.reaped_ ? p.reaped_->describe() : "unknown"));
  }
  p.port_ = *parse_listening_port(out);
  return p;
}

server_process::server_process(server_process&& other) noexcept { *this = std::move(other); }

server_process& server_process::operator=(server_process&& other) noexcept {
  if (this != &other) {
    kill();
    release();
    pid_ = std::exchange(other.pid_, -1);
    stdout_fd_ = std::exchange(other.stdout_fd_, -1);
    port_ = other.port_;
    reaped_ = std::exchange(other.reaped_, std::nullopt);
  }
  return *this;
}

server_process::~server_process() {
  kill();
  release();
}

std::string server_process::url() const { return "http://127.0.0.1:" + std::to_string(port_); }

bool server_process::running() {
  if (pid_ < 0 || reaped_) return false;
  int wstatus = 0;
  if (::waitpid(pid_, &wstatus, WNOHANG) == pid_) {
    reaped_ = decode(wstatus);
    return false;
  }
  return true;
}

result<exit_status> server_process::stop(std::chrono::milliseconds timeout) {
  if (!running()) {
    return failure(std::errc::no_such_process,
                   "server already gone: " + (reaped_ ? reaped_->describe() : "never started"));
  }
  ::kill(pid_, SIGTERM);
  if (auto status = wait_until(pid_, clock::now() + timeout)) {
    reaped_ = status;
    release();
    return *status;
  }
  kill();
  return failure(std::errc::timed_out, "server did not exit within " +
                                           std::to_string(timeout.count()) +
                                           " ms of SIGTERM; killed");
}

void server_process::kill() {
  if (pid_ < 0 || reaped_) return;
  ::kill(pid_, SIGKILL);
  int wstatus = 0;
  while (::waitpid(pid_, &wstatus, 0) < 0 && errno == EINTR) {
  }
  reaped_ = decode(wstatus);
}

void server_process::release() {
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
  stdout_fd_ = -1;
}

result<process_output> run_process(const std::vector<std::string>& argv,
                                   const env_changes& env, std::chrono::milliseconds timeout) {
  auto child = spawn(argv, child_environment(env), -1);
  if (!child) return tl::unexpected(child.error());
  const auto deadline = clock::now() + timeout;
  process_output output;
  read_until(child->stdout_fd, output.out, deadline, [](const std::string&) { return false; });
  ::close(child->stdout_fd);
  if (auto status = wait_until(child->pid, deadline)) {
    output.status = *status;
    return output;
  }
  ::kill(child->pid, SIGKILL);
  ::waitpid(child->pid, nullptr, 0);
  return failure(std::errc::timed_out, "process did not finish in time: " + argv.front());
}

}  // namespace runlog::testing
