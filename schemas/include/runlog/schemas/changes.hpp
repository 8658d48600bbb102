#pragma once
/// Partial updates, once for every "changes" record (workflow_changes, schedule_changes): a
/// changes struct is a described struct of std::optional fields; a field that is set replaces
/// the field of the same name in the target. Pure, header-only, any thread.

#include <string_view>
#include <type_traits>

#include <boost/describe/members.hpp>
#include <boost/mp11/algorithm.hpp>

namespace runlog::schemas {

namespace detail {
template <typename T>
using public_members = boost::describe::describe_members<T, boost::describe::mod_public>;

template <typename T>
constexpr bool has_member_named(std::string_view name) {
  bool found = false;
  boost::mp11::mp_for_each<public_members<T>>([&](auto d) { found = found || d.name == name; });
  return found;
}

// Every field of Changes names a field of Target (checked at compile time).
template <typename Target, typename Changes>
constexpr bool covers() {
  bool ok = true;
  boost::mp11::mp_for_each<public_members<Changes>>(
      [&](auto d) { ok = ok && has_member_named<Target>(d.name); });
  return ok;
}
}  // namespace detail

/// True when `changes` sets no field.
template <typename Changes>
[[nodiscard]] bool no_changes(const Changes& changes) {
  bool none = true;
  boost::mp11::mp_for_each<detail::public_members<Changes>>(
      [&](auto d) { none = none && !(changes.*d.pointer).has_value(); });
  return none;
}

/// `target` with every field that `changes` sets replaced. Target must be described too and
/// have a field of the same name for each field of Changes.
template <typename Target, typename Changes>
[[nodiscard]] Target with_changes(Target target, const Changes& changes) {
  static_assert(detail::covers<Target, Changes>(), "a change names no field of the target");
  boost::mp11::mp_for_each<detail::public_members<Changes>>([&](auto dc) {
    const auto& change = changes.*dc.pointer;
    if (!change) return;
    boost::mp11::mp_for_each<detail::public_members<Target>>([&](auto dt) {
      auto& field = target.*dt.pointer;
      if constexpr (std::is_assignable_v<decltype(field)&, decltype(*change)>) {
        if (std::string_view(dt.name) == dc.name) field = *change;
      }
    });
  });
  return target;
}

}  // namespace runlog::schemas
