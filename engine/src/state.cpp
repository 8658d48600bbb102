#include "runlog/engine/state.hpp"

namespace runlog::engine {

std::string_view to_string(node_status s) {
  switch (s) {
    case node_status::pending:
      return "pending";
    case node_status::running:
      return "running";
    case node_status::completed:
      return "completed";
    case node_status::failed:
      return "failed";
    case node_status::skipped:
      return "skipped";
  }
  return "unknown";
}

std::string_view to_string(run_status s) {
  switch (s) {
    case run_status::running:
      return "running";
    case run_status::paused:
      return "paused";
    case run_status::completed:
      return "completed";
    case run_status::failed:
      return "failed";
    case run_status::terminated:
      return "terminated";
  }
  return "unknown";
}

bool is_terminal(run_status s) {
  return s == run_status::completed || s == run_status::failed || s == run_status::terminated;
}

}  // namespace runlog::engine
