#include <string>

#include "runlog/projections/store.hpp"

namespace runlog::projections {
namespace {

class category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "runlog.projections"; }
  std::string message(int c) const override {
    switch (static_cast<errc>(c)) {
      case errc::io: return "projection storage I/O error";
      case errc::corrupt: return "projection data corrupt";
      case errc::log_failure: return "event log failure";
    }
    return "unknown projections error";
  }
};

}  // namespace

const std::error_category& projections_category() noexcept {
  static const category instance;
  return instance;
}

}  // namespace runlog::projections
