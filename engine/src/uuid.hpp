#pragma once
// Random record ids.

#include <string>

namespace runlog::engine {

// A random (version 4) UUID in canonical lower-case form. Thread-safe: one generator per
// thread, seeded from std::random_device.
[[nodiscard]] std::string random_uuid_v4();

}  // namespace runlog::engine
