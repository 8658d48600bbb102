#pragma once
/// Given records / when command / then events, for decide() and evolve() (tests only).
///
/// A scenario keeps a live partition_state and every event applied to it. Each when() decides
/// the command, applies the resulting events, and then re-folds all recorded events from an
/// empty state: the re-folded state must equal the live one (replay = live processing).

#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "runlog/engine/decide.hpp"
#include "runlog/engine/state.hpp"

namespace runlog::engine::testing {

/// A canonical JSON picture of a partition state (sorted keys), for equality checks.
nlohmann::json dump(const partition_state& state);

/// The record type names of a decision's events, e.g. {"run.started", "run.step_started"}.
std::vector<std::string> names(const decision& d);

/// The n-th event of type T in `d` (0-based); fails the test when absent.
template <typename T>
T nth(const decision& d, std::size_t n = 0) {
  for (const auto& e : d.events) {
    if (const auto* x = std::get_if<T>(&e); x && n-- == 0) return *x;
  }
  ADD_FAILURE() << "decision has no such event";
  return T{};
}

class scenario {
 public:
  explicit scenario(record_context ctx = {"tenant-a", "user-1", 1'700'000'000'000})
      : ctx_(std::move(ctx)) {}

  /// Applies an already recorded event.
  scenario& given(const schemas::event& e) { return given(e, ctx_); }
  scenario& given(const schemas::event& e, const record_context& ctx);
  /// Decides an earlier command and applies its events (setup, not under test).
  scenario& given(const schemas::command& c) { return (void)when(c), *this; }

  /// Decides `c` as the scenario's tenant (or `ctx`), applies the events, checks the re-fold.
  decision when(const schemas::command& c) { return when(c, ctx_); }
  decision when(const schemas::command& c, const record_context& ctx);

  const partition_state& state() const { return state_; }
  const run_state& run(const std::string& id) const { return state_.runs.at(id); }
  const record_context& context() const { return ctx_; }

 private:
  record_context ctx_;
  partition_state state_;
  std::vector<std::pair<schemas::event, record_context>> recorded_;
};

}  // namespace runlog::engine::testing
