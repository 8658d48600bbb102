#include "runlog/schemas/errc.hpp"

namespace runlog::schemas {
namespace {

class category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "runlog.schemas"; }
  std::string message(int c) const override {
    switch (static_cast<errc>(c)) {
      case errc::malformed_json: return "malformed JSON";
      case errc::missing_field: return "missing field";
      case errc::wrong_type: return "wrong field type";
      case errc::unknown_type: return "unknown record type";
      case errc::unsupported_version: return "unsupported record version";
    }
    return "unknown schemas error";
  }
};

}  // namespace

const std::error_category& schemas_category() noexcept {
  static const category instance;
  return instance;
}

}  // namespace runlog::schemas
