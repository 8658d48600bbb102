// runlog: the composition root. `runlog serve` runs everything in one process on the
// embedded log; `runlog token` mints bearer tokens for it.
#include <cstdio>
#include <span>
#include <string_view>
#include <vector>

#include "config.hpp"

namespace {

/// Prints a usage error (none for --help) and the usage text; exit code 2.
int usage(const runlog::error& problem) {
  if (!problem.message.empty()) std::fprintf(stderr, "runlog: %s\n", problem.message.c_str());
  runlog::app::print_usage(stderr);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty()) return usage({});
  const auto rest = std::span(args).subspan(1);
  if (args[0] == "serve") {
    const auto config = runlog::app::parse_serve(rest);
    return config ? runlog::app::run_serve(*config) : usage(config.error());
  }
  if (args[0] == "token") {
    const auto config = runlog::app::parse_token(rest);
    return config ? runlog::app::run_token(*config) : usage(config.error());
  }
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") return usage({});
  return usage({{}, "unknown command '" + std::string(args[0]) + "'"});
}
