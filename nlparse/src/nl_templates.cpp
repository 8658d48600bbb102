// Template matching: every example phrase of every template is a document; terms are
// stemmed, synonym-folded words without stop words; weights are sublinear TF times smoothed
// IDF; a template's similarity is the best cosine between the instruction and its documents.
// Instruction terms the library never uses keep their (high) IDF in the query's norm, so
// words no template knows lower the similarity. The index is built once and never changes.
#include "nl_templates.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <map>
#include <string>
#include <unordered_map>

#include "nl_rules.hpp"

namespace runlog::nlparse::nl {
namespace {

using sparse = std::vector<std::pair<int, double>>;  // (term id, weight), sorted by id

struct index {
  std::unordered_map<std::string, int> terms;
  std::vector<double> idf;
  double unknown_idf = 1;
  std::vector<sparse> docs;
  std::vector<std::size_t> owner;  // template of each document
  std::vector<nlohmann::json> definitions;
};

std::vector<std::string> terms_of(const std::vector<token>& tokens) {
  std::vector<std::string> out;
  for (const auto& t : tokens) {
    if (t.kind != token_kind::word || is_stopword(t.text) || t.text.size() < 2) continue;
    out.emplace_back(canonical(t.stem));
  }
  return out;
}

std::map<std::string, int> counts(const std::vector<std::string>& terms) {
  std::map<std::string, int> out;
  for (const auto& t : terms) ++out[t];
  return out;
}

void normalize(sparse& v) {
  double norm = 0;
  for (const auto& [id, weight] : v) norm += weight * weight;
  norm = std::sqrt(norm);
  if (norm == 0) return;
  for (auto& entry : v) entry.second /= norm;
}

index build_index() {
  index ix;
  std::vector<std::map<std::string, int>> raw;
  const auto library = template_library();
  for (std::size_t t = 0; t < library.size(); ++t) {
    std::string_view phrases = library[t].phrases;
    while (!phrases.empty()) {
      const auto bar = std::min(phrases.find('|'), phrases.size());
      raw.push_back(counts(terms_of(tokenize(phrases.substr(0, bar)))));
      ix.owner.push_back(t);
      phrases.remove_prefix(std::min(bar + 1, phrases.size()));
    }
    auto def = nlohmann::json::parse(library[t].definition, nullptr, false);
    assert(!def.is_discarded() && "built-in template definitions are valid JSON");
    ix.definitions.push_back(std::move(def));
  }
  std::vector<int> df;
  for (const auto& doc : raw) {
    for (const auto& [term, n] : doc) {
      const auto [it, added] = ix.terms.emplace(term, static_cast<int>(df.size()));
      if (added) df.push_back(0);
      ++df[static_cast<std::size_t>(it->second)];
    }
  }
  const double n_docs = static_cast<double>(raw.size());
  for (const int d : df) ix.idf.push_back(std::log((n_docs + 1) / (d + 1)) + 1);
  ix.unknown_idf = std::log(n_docs + 1) + 1;
  for (const auto& doc : raw) {
    sparse v;
    for (const auto& [term, n] : doc) {
      const int id = ix.terms.at(term);
      v.emplace_back(id, (1 + std::log(n)) * ix.idf[static_cast<std::size_t>(id)]);
    }
    std::sort(v.begin(), v.end());
    normalize(v);
    ix.docs.push_back(std::move(v));
  }
  return ix;
}

const index& the_index() {
  static const index ix = build_index();
  return ix;
}

double dot(const sparse& a, const sparse& b) {
  double sum = 0;
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i].first == b[j].first) {
      sum += a[i++].second * b[j++].second;
    } else if (a[i].first < b[j].first) {
      ++i;
    } else {
      ++j;
    }
  }
  return sum;
}

}  // namespace

std::vector<template_match> rank_templates(const std::vector<token>& tokens) {
  const index& ix = the_index();
  sparse query;
  double norm = 0;
  for (const auto& [term, n] : counts(terms_of(tokens))) {
    const auto it = ix.terms.find(term);
    const double idf =
        it == ix.terms.end() ? ix.unknown_idf : ix.idf[static_cast<std::size_t>(it->second)];
    const double weight = (1 + std::log(n)) * idf;
    norm += weight * weight;
    if (it != ix.terms.end()) query.emplace_back(it->second, weight);
  }
  std::sort(query.begin(), query.end());
  norm = std::sqrt(norm);
  const auto library = template_library();
  std::vector<template_match> out(library.size());
  for (std::size_t t = 0; t < library.size(); ++t) out[t].tpl = &library[t];
  if (norm > 0) {
    for (std::size_t d = 0; d < ix.docs.size(); ++d) {
      auto& best = out[ix.owner[d]].similarity;
      best = std::max(best, dot(query, ix.docs[d]) / norm);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const template_match& a, const template_match& b) {
    return a.similarity > b.similarity;
  });
  return out;
}

const nlohmann::json& builtin_definition(const workflow_template& tpl) {
  const auto library = template_library();
  const auto at = static_cast<std::size_t>(&tpl - library.data());
  return the_index().definitions.at(at);
}

nlohmann::json template_definition(const workflow_template& tpl, const parse_context& context,
                                   const std::vector<token>& tokens) {
  nlohmann::json def = builtin_definition(tpl);
  if (!def.contains("inputs")) def["inputs"] = nlohmann::json::object();
  if (!def.contains("outputs")) def["outputs"] = nlohmann::json::object();
  if (context.available_tools.empty()) return def;
  words w;
  for (const auto& t : tokens) w.push_back(&t);
  for (auto& node : def["nodes"]) {
    if (node.value("type", "") != "integration") continue;
    if (auto tool = pick_template_tool(context.available_tools, node.value("action", ""), w)) {
      node["action"] = *tool;
    }
  }
  return def;
}

}  // namespace runlog::nlparse::nl
