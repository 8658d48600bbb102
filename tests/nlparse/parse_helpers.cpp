#include "nlparse/parse_helpers.hpp"

#include "runlog/workflow/definition.hpp"
#include "runlog/workflow/node_support.hpp"

namespace runlog::nlparse::support {

parsed_workflow parse(std::string_view text, strings tools) {
  return parse_instruction(text, parse_context{std::move(tools)});
}

strings field(const parsed_workflow& w, const char* name) {
  strings out;
  for (const auto& n : w.definition.at("nodes")) out.push_back(n.value(name, ""));
  return out;
}

strings cannot_run(const parsed_workflow& w) {
  strings out;
  const auto def = parse_definition(w.definition);
  if (!def) return out;
  for (const auto& n : def->nodes) {
    if (const auto u = check_node_support(n)) out.push_back(u->code + ": " + u->message);
  }
  return out;
}

bool well_formed(const parsed_workflow& w) {
  return parse_definition(w.definition).has_value() && w.problems == cannot_run(w) &&
         w.valid == w.problems.empty();
}

}  // namespace runlog::nlparse::support
