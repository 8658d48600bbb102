#pragma once
/// The eventlog conformance suite: every backend INSTANTIATEs it with its own fixture factory:
///
///   INSTANTIATE_TEST_SUITE_P(kafka, conformance, ::testing::Values(backend{"kafka", make}),
///                            runlog::testing::backend_name);

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "eventlog/log_fixture.hpp"

namespace runlog::testing {

/// Value-parameterized over a backend; each test gets a fresh fixture from GetParam().make().
class conformance : public ::testing::TestWithParam<backend> {};

/// Test name generator: the backend's name.
inline std::string backend_name(const ::testing::TestParamInfo<backend>& info) {
  return info.param.name;
}

}  // namespace runlog::testing
