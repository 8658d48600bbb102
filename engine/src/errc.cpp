#include "runlog/engine/errc.hpp"

#include <string>

namespace runlog::engine {
namespace {

class category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "runlog.engine"; }
  std::string message(int c) const override {
    switch (static_cast<errc>(c)) {
      case errc::log_failure: return "event log failure";
    }
    return "unknown engine error";
  }
};

}  // namespace

const std::error_category& engine_category() noexcept {
  static const category instance;
  return instance;
}

}  // namespace runlog::engine
