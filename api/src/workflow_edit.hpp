#pragma once
/// What the workflow-changing handlers share (workflows.cpp, lifecycle.cpp, steps.cpp): the field
/// rules of a workflow body and the submit of a `workflow.update` answered with the workflow.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "handler.hpp"

namespace runlog::api::detail {

inline constexpr std::size_t max_name_chars = 200;

/// MAJOR.MINOR.PATCH, each 1..9 decimal digits.
bool is_semver(std::string_view text);

/// `value` as a workflow name: a string, not blank, at most 200 characters (UTF-8 code
/// points), without control characters (U+0000..U+001F, U+007F..U+009F). Error: 400
/// VALIDATION_ERROR naming `name`.
checked<std::string> check_name(const nlohmann::json& value);

/// `value` as a description: a string without control characters except tab, LF and CR
/// (multi-line text). Its length is bounded by the body limit only. Error: 400
/// VALIDATION_ERROR naming `description`.
checked<std::string> check_description(const nlohmann::json& value);

/// A new definition (create, PATCH, steps): an object with a
/// `nodes` array that workflow::parse_new_definition accepts. Error: 400 INVALID_WORKFLOW_CONFIG
/// with the validator's message.
checked<void> check_definition(const nlohmann::json& definition);

/// The workflow `workflow_id` of `tenant` as the API shows it (`with_definition`, plus
/// `definition_version`); 500 when it is not projected (it must be once a command about it was
/// accepted).
http_response workflow_response(const handler_env& env, const std::string& tenant,
                                const std::string& workflow_id, unsigned status);

/// Builds the 2xx of an accepted update from the workflow as projected after it.
using updated_answer = std::function<http_response(const projections::workflow_view&)>;

/// Submits `cmd` (keyed by the caller's tenant); once the engine accepted it, answers with
/// `answer(workflow)`. Rejections (WORKFLOW_NOT_FOUND, WORKFLOW_NAME_CONFLICT, VERSION_CONFLICT,
/// ...) are mapped by dispatch.
reply submit_update(const request_context& ctx, const schemas::update_workflow& cmd,
                    updated_answer answer);

}  // namespace runlog::api::detail
