#pragma once
/// Helpers of the natural-language parser tests.

#include <string>
#include <string_view>
#include <vector>

#include "runlog/nlparse/parse.hpp"

namespace runlog::nlparse::support {

using strings = std::vector<std::string>;

/// parse_instruction with `tools` as the caller's available tools.
parsed_workflow parse(std::string_view text, strings tools = {});
/// The field `name` of every node of the parsed definition, in node order.
strings field(const parsed_workflow& w, const char* name);
/// The problems check_parsed adds for the nodes this build cannot run, in node order.
strings cannot_run(const parsed_workflow& w);
/// The reading is sound: definition and schedule validate, and the only problems are nodes this
/// build cannot run yet (integration and agent nodes need connectors, delay nodes timers), so
/// `valid` is false exactly when there are such nodes.
bool well_formed(const parsed_workflow& w);

}  // namespace runlog::nlparse::support
