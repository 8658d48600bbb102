#include "runlog/workflow/errc.hpp"

#include <string>

namespace runlog::workflow {
namespace {

class category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "runlog.workflow"; }
  std::string message(int c) const override {
    switch (static_cast<errc>(c)) {
      case errc::invalid_definition: return "invalid workflow definition";
      case errc::expression_syntax: return "template syntax error";
      case errc::expression_eval: return "template evaluation error";
      case errc::invalid_schedule: return "invalid schedule";
    }
    return "unknown workflow error";
  }
};

}  // namespace

const std::error_category& workflow_category() noexcept {
  static const category instance;
  return instance;
}

}  // namespace runlog::workflow
