// The record codec, derived from the descriptions in records.hpp: each record's fields come
// from BOOST_DESCRIBE_STRUCT, its name and version from `record_type` / `record_version`, its
// per-field rules from the lists the struct declares. Nothing here names a record type.

#include "runlog/schemas/records.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <type_traits>

#include <boost/describe/members.hpp>
#include <boost/mp11/algorithm.hpp>
#include <boost/pfr/core.hpp>

#include "runlog/schemas/errc.hpp"
#include "upcast.hpp"

namespace runlog::schemas {
namespace {

using json = nlohmann::json;

// ---- the per-field rules a record declares ----

template <typename T>
concept has_required = requires {
  T::required_fields;
};
template <typename T>
concept has_omitted = requires {
  T::omitted_when_empty;
};
template <typename T>
concept has_blank_default = requires {
  T::blank_means_default;
};
template <typename T>
concept has_any_json = requires {
  T::any_json_fields;
};

template <typename List>
constexpr bool listed(const List& names, std::string_view field) {
  return std::find(std::begin(names), std::end(names), field) != std::end(names);
}

template <typename T>
constexpr bool is_required(std::string_view f) {
  if constexpr (has_required<T>) return listed(T::required_fields, f);
  return false;
}
template <typename T>
constexpr bool is_omitted_when_empty(std::string_view f) {
  if constexpr (has_omitted<T>) return listed(T::omitted_when_empty, f);
  return false;
}
template <typename T>
constexpr bool is_blank_default(std::string_view f) {
  if constexpr (has_blank_default<T>) return listed(T::blank_means_default, f);
  return false;
}
template <typename T>
constexpr bool is_any_json(std::string_view f) {
  if constexpr (has_any_json<T>) return listed(T::any_json_fields, f);
  return false;
}

template <typename T>
using fields_of = boost::describe::describe_members<T, boost::describe::mod_public>;

template <typename T>
constexpr bool is_described_field(std::string_view name) {
  bool found = false;
  boost::mp11::mp_for_each<fields_of<T>>([&](auto d) { found = found || d.name == name; });
  return found;
}

// Every name in every rule list is a described field, and every field is described.
template <typename T>
constexpr bool rules_name_fields() {
  bool ok = true;
  const auto check = [&](const auto& names) {
    for (const std::string_view n : names) ok = ok && is_described_field<T>(n);
  };
  if constexpr (has_required<T>) check(T::required_fields);
  if constexpr (has_omitted<T>) check(T::omitted_when_empty);
  if constexpr (has_blank_default<T>) check(T::blank_means_default);
  if constexpr (has_any_json<T>) check(T::any_json_fields);
  return ok;
}

template <typename T>
constexpr void check_description() {
  static_assert(boost::mp11::mp_size<fields_of<T>>::value == boost::pfr::tuple_size_v<T>,
                "every field of a record must be listed in its BOOST_DESCRIBE_STRUCT");
  static_assert(rules_name_fields<T>(), "a rule list names a field the record does not have");
}

template <typename T>
concept described = boost::describe::has_describe_members<T>::value;

// ---- encode: typed -> data ----

template <typename T>
struct is_optional : std::false_type {};
template <typename T>
struct is_optional<std::optional<T>> : std::true_type {};

template <described T>
json to_data(const T& record);

template <typename V>
json field_value(const V& v) {
  if constexpr (described<V>) {
    return to_data(v);
  } else {
    return json(v);
  }
}

template <described T>
json to_data(const T& record) {
  check_description<T>();
  json out = json::object();
  boost::mp11::mp_for_each<fields_of<T>>([&](auto d) {
    const auto& value = record.*d.pointer;
    using V = std::decay_t<decltype(value)>;
    if constexpr (is_optional<V>::value) {
      if (value) out[d.name] = field_value(*value);
    } else if constexpr (std::is_same_v<V, std::string>) {
      if (!(is_omitted_when_empty<T>(d.name) && value.empty())) out[d.name] = value;
    } else {
      out[d.name] = field_value(value);
    }
  });
  return out;
}

// ---- decode: data -> typed, remembering the first problem ----

class reader {
 public:
  explicit reader(std::string_view type) : type_(type) {}

  template <described T>
  T read(const json& data) {
    check_description<T>();
    T out;
    boost::mp11::mp_for_each<fields_of<T>>([&](auto d) {
      auto& field = out.*d.pointer;
      using V = std::decay_t<decltype(field)>;
      const auto it = data.find(d.name);
      if (it == data.end() || it->is_null()) {
        // A missing nested record reads as an empty one, so its own required fields count.
        if constexpr (described<V>) {
          field = read<V>(json::object());
        } else if (is_required<T>(d.name)) {
          bad(errc::missing_field, d.name, "present");
        }
        return;
      }
      read_value(field, *it, d.name, is_any_json<T>(d.name));
      if constexpr (std::is_same_v<V, std::string>) {
        if (field.empty() && is_blank_default<T>(d.name)) field = T{}.*d.pointer;
      }
    });
    return out;
  }

  std::optional<error> problem() const { return problem_; }

 private:
  void read_value(std::string& out, const json& v, const char* name, bool) {
    if (!v.is_string()) return bad(errc::wrong_type, name, "a string");
    out = v.get<std::string>();
  }
  void read_value(int& out, const json& v, const char* name, bool) {
    if (!v.is_number_integer()) return bad(errc::wrong_type, name, "an integer");
    out = v.get<int>();
  }
  void read_value(bool& out, const json& v, const char* name, bool) {
    if (!v.is_boolean()) return bad(errc::wrong_type, name, "a boolean");
    out = v.get<bool>();
  }
  void read_value(json& out, const json& v, const char* name, bool any) {
    if (!any && !v.is_object()) return bad(errc::wrong_type, name, "an object");
    out = v;
  }
  template <typename V>
  void read_value(std::optional<V>& out, const json& v, const char* name, bool any) {
    V inner{};
    read_value(inner, v, name, any);
    out = std::move(inner);
  }
  template <described V>
  void read_value(V& out, const json& v, const char* name, bool) {
    if (!v.is_object()) return bad(errc::wrong_type, name, "an object");
    out = read<V>(v);
  }

  void bad(errc code, const char* name, const char* expected) {
    if (!problem_) {
      problem_ = error{make_error_code(code),
                       std::string(type_) + ": data field '" + name + "' must be " + expected};
    }
  }

  std::string_view type_;
  std::optional<error> problem_;
};

// ---- the catalog, derived from the command and event variants ----

template <typename Variant, record_kind Kind>
struct entries;
template <typename... Ts, record_kind Kind>
struct entries<std::variant<Ts...>, Kind> {
  static constexpr std::array<record_type_info, sizeof...(Ts)> value{
      {{Ts::record_type, Ts::record_version, Kind}...}};
};

constexpr auto make_catalog() {
  constexpr auto& commands = entries<command, record_kind::command>::value;
  constexpr auto& events = entries<event, record_kind::event>::value;
  std::array<record_type_info, commands.size() + events.size()> out{};
  std::copy(commands.begin(), commands.end(), out.begin());
  std::copy(events.begin(), events.end(), out.begin() + commands.size());
  return out;
}

constexpr auto kCatalog = make_catalog();

template <typename Variant>
envelope wrap_variant(const Variant& record, record_meta meta) {
  envelope e;
  std::visit(
      [&](const auto& r) {
        using T = std::decay_t<decltype(r)>;
        e.type = std::string(T::record_type);
        e.v = T::record_version;
        e.data = to_data(r);
      },
      record);
  e.id = std::move(meta.id);
  e.key = std::move(meta.key);
  e.tenant = std::move(meta.tenant);
  e.ts = meta.ts;
  e.actor = std::move(meta.actor);
  e.causation = std::move(meta.causation);
  e.correlation = std::move(meta.correlation);
  return e;
}

// Decodes the alternative of Variant whose record_type is the envelope's type.
template <typename Variant>
result<Variant> unwrap_variant(const envelope& e) {
  std::optional<result<Variant>> out;
  boost::mp11::mp_for_each<boost::mp11::mp_iota_c<std::variant_size_v<Variant>>>([&](auto i) {
    using alt = std::variant_alternative_t<decltype(i)::value, Variant>;
    if (out || alt::record_type != e.type) return;
    reader r(e.type);
    alt value = r.read<alt>(e.data);
    if (auto p = r.problem()) {
      out = tl::unexpected(*p);
    } else {
      out = Variant{std::move(value)};
    }
  });
  if (out) return std::move(*out);
  return fail(errc::unknown_type, "not a record of this kind: '" + e.type + "'");
}

}  // namespace

std::span<const record_type_info> catalog() { return kCatalog; }

const record_type_info* find_type(std::string_view name) {
  for (const auto& info : kCatalog) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

std::optional<record_kind> kind_of(std::string_view type) {
  const auto* info = find_type(type);
  if (!info) return std::nullopt;
  return info->kind;
}

std::string_view type_name(const command& c) {
  return std::visit([](const auto& r) { return std::decay_t<decltype(r)>::record_type; }, c);
}
std::string_view type_name(const event& e) {
  return std::visit([](const auto& r) { return std::decay_t<decltype(r)>::record_type; }, e);
}

envelope wrap(const command& c, record_meta meta) { return wrap_variant(c, std::move(meta)); }
envelope wrap(const event& e, record_meta meta) { return wrap_variant(e, std::move(meta)); }

result<command> to_command(const envelope& e) { return unwrap_variant<command>(e); }
result<event> to_event(const envelope& e) { return unwrap_variant<event>(e); }

result<void> upcast(envelope& e) {
  const auto* info = find_type(e.type);
  if (!info) return fail(errc::unknown_type, "unknown record type '" + e.type + "'");
  if (e.v < 1 || e.v > info->version) {
    return fail(errc::unsupported_version, e.type + " v" + std::to_string(e.v) +
                                               " (this build reads up to v" +
                                               std::to_string(info->version) + ")");
  }
  // Every type is at v1: nothing to rewrite yet. A v2 adds `if (e.v == 1) { ...; e.v = 2; }`.
  return {};
}

}  // namespace runlog::schemas
