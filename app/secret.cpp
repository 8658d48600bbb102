// The JWT secret: environment, file, or generated once into the data directory.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <system_error>

#include "config.hpp"
#include "runlog/api/jwt.hpp"

namespace runlog::app {
namespace {

constexpr const char* secret_env = "RUNLOG_JWT_SECRET";

std::filesystem::path secret_path(const std::filesystem::path& data) { return data / "jwt-secret"; }

std::optional<std::string> secret_from_env() {
  const char* value = std::getenv(secret_env);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

tl::unexpected<error> io_error(int err, const std::string& what) {
  return fail(std::errc::io_error, what + ": " + std::strerror(err));
}

result<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return io_error(errno, "cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  std::string secret = text.str();
  const auto end = secret.find_last_not_of(" \t\r\n");
  secret.erase(end == std::string::npos ? 0 : end + 1);
  if (secret.empty()) return fail(std::errc::invalid_argument, path.string() + " is empty");
  return secret;
}

/// Writes `secret` to a new file with mode 0600; EEXIST means another process won the race.
result<bool> create_file(const std::filesystem::path& path, const std::string& secret) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return false;
    return io_error(errno, "cannot create " + path.string());
  }
  const std::string line = secret + "\n";
  const bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
                  ::fsync(fd) == 0;
  const int err = errno;
  ::close(fd);
  if (!ok) return io_error(err, "cannot write " + path.string());
  return true;
}

}  // namespace

result<loaded_secret> load_or_create_secret(const std::filesystem::path& data) {
  if (auto env = secret_from_env()) return loaded_secret{std::move(*env), secret_env, false};
  const auto path = secret_path(data);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    auto fresh = api::generate_secret_hex();
    if (!fresh) return tl::unexpected(fresh.error());
    auto created = create_file(path, *fresh);
    if (!created) return tl::unexpected(created.error());
    if (*created) return loaded_secret{std::move(*fresh), path.string(), true};
  }
  auto existing = read_file(path);
  if (!existing) return tl::unexpected(existing.error());
  return loaded_secret{std::move(*existing), path.string(), false};
}

result<std::optional<loaded_secret>> load_existing_secret(const std::filesystem::path& data) {
  if (auto env = secret_from_env()) return loaded_secret{std::move(*env), secret_env, false};
  const auto path = secret_path(data);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::nullopt;
  auto existing = read_file(path);
  if (!existing) return tl::unexpected(existing.error());
  return loaded_secret{std::move(*existing), path.string(), false};
}

result<std::string> load_public_key_pem(const serve_config& config) {
  if (!config.jwt_public_key_file.empty()) return read_file(config.jwt_public_key_file);
  return config.jwt_public_key_pem;
}

result<std::string> read_secret(const std::filesystem::path& data) {
  if (auto env = secret_from_env()) return std::move(*env);
  const auto path = secret_path(data);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return fail(std::errc::no_such_file_or_directory,
                "no JWT secret: set RUNLOG_JWT_SECRET, or run `runlog serve --data " +
                    data.string() + "` once to create " + path.string());
  }
  return read_file(path);
}

}  // namespace runlog::app
