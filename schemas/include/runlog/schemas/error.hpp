#pragma once
/// Error and result types shared by every runlog module.
///
/// `result<T>` is `tl::expected<T, runlog::error>`. Each module owns one `errc` enum and
/// translates foreign errors (RocksDB, librdkafka, Asio) into it at its edge.

#include <string>
#include <system_error>
#include <utility>

#include <tl/expected.hpp>

namespace runlog {

/// An error: a machine-checkable code plus a human-readable message.
struct error {
  std::error_code code;
  std::string message;
};

template <typename T>
using result = tl::expected<T, error>;

/// Builds an unexpected error from any error-code enum registered with std::error_code.
template <typename Enum>
[[nodiscard]] tl::unexpected<error> fail(Enum e, std::string message) {
  return tl::unexpected<error>(error{make_error_code(e), std::move(message)});
}

}  // namespace runlog
