#pragma once
/// The eventlog conformance suite: every backend INSTANTIATEs it with its own fixture factory:
///
///   INSTANTIATE_TEST_SUITE_P(kafka, conformance, ::testing::Values(backend{"kafka", make}),
///                            runlog::testing::backend_name);
///
/// The tests live in conformance_test.cpp and only use the event_log interface.

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>

#include "eventlog/log_fixture.hpp"

namespace runlog::testing {

/// Value-parameterized over a backend; each test gets a fresh fixture from GetParam().make()
/// and a log opened over it.
class conformance : public ::testing::TestWithParam<backend> {
 protected:
  void SetUp() override;
  /// Destroys the current log and opens a new one over the same fixture (a restart).
  void reopen();
  /// Appends one record, expecting success; returns its position.
  eventlog::position append_one(const std::string& key, const std::string& value);

  std::unique_ptr<log_fixture> fixture_;
  std::unique_ptr<eventlog::event_log> log_;
  std::uint32_t partitions_ = 0;
};

/// Prints a backend parameter as its name in GoogleTest messages.
inline void PrintTo(const backend& b, std::ostream* os) { *os << b.name; }

/// Test name generator: the backend's name.
inline std::string backend_name(const ::testing::TestParamInfo<backend>& info) {
  return info.param.name;
}

}  // namespace runlog::testing
