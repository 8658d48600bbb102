#include "projections/store_setup.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace runlog::testing {

std::unique_ptr<projections::rocks_store> open_store(const std::filesystem::path& dir) {
  auto s = projections::rocks_store::open_rocks(dir);
  EXPECT_TRUE(s.has_value()) << (s ? "" : s.error().message);
  return s ? std::move(*s) : nullptr;
}

std::unique_ptr<projections::rocks_store> fed_store(
    const std::filesystem::path& dir, const std::vector<eventlog::stored_record>& stored,
    std::size_t split) {
  auto store = open_store(dir);
  if (!store) return nullptr;
  for (std::size_t i = 0; i < stored.size(); i += split) {
    const auto end = std::min(stored.size(), i + std::min(split, stored.size() - i));
    EXPECT_TRUE(store->apply({stored.begin() + static_cast<std::ptrdiff_t>(i),
                              stored.begin() + static_cast<std::ptrdiff_t>(end)}));
  }
  return store;
}

}  // namespace runlog::testing
