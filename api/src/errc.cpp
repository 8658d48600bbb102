#include "runlog/api/errc.hpp"

#include <string>

namespace runlog::api {
namespace {

class category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "runlog.api"; }
  std::string message(int c) const override {
    switch (static_cast<errc>(c)) {
      case errc::bind_failed: return "cannot listen";
      case errc::invalid_token: return "invalid token";
      case errc::crypto_failure: return "crypto failure";
      case errc::invalid_key: return "invalid key";
    }
    return "unknown api error";
  }
};

}  // namespace

const std::error_category& api_category() noexcept {
  static const category instance;
  return instance;
}

}  // namespace runlog::api
