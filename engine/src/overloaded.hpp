#pragma once
// std::visit with one lambda per alternative: a variant alternative without a handler is a
// compile error, which is how a new command or event type finds every place to handle it.

namespace runlog::engine {

template <class... Ts>
struct overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
overloaded(Ts...) -> overloaded<Ts...>;

}  // namespace runlog::engine
