#pragma once
// The built-in workflow template library and its similarity index.

#include <span>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "nl_text.hpp"
#include "runlog/nlparse/parse.hpp"

namespace runlog::nlparse::nl {

/// A common workflow, described by example instructions.
struct workflow_template {
  std::string_view id;    ///< "weekly_sales_report"
  std::string_view name;  ///< "Weekly Sales Report"
  std::string_view description;
  std::string_view phrases;     ///< '|'-separated example instructions
  std::string_view cron;        ///< default schedule ("" = none), in UTC
  std::string_view definition;  ///< JSON {"nodes": [...], "inputs": {...}}
};

/// Every built-in template (nl_templates_data.cpp); ids are unique.
std::span<const workflow_template> template_library();

/// A template and how similar an instruction is to it (TF-IDF cosine, 0..1).
struct template_match {
  const workflow_template* tpl = nullptr;
  double similarity = 0;
};

/// Every template ranked by similarity to `tokens`, best first (ties: library order).
std::vector<template_match> rank_templates(const std::vector<token>& tokens);

/// The template's definition as written in the library (parsed once).
const nlohmann::json& builtin_definition(const workflow_template& tpl);

/// The template's definition (parsed once) with integration actions replaced by the best
/// fitting `context.available_tools`, judged against the instruction's `tokens`.
nlohmann::json template_definition(const workflow_template& tpl, const parse_context& context,
                                   const std::vector<token>& tokens);

}  // namespace runlog::nlparse::nl
