// Natural-language parse latency (POST /api/v2/workflows/parse without an AI service): Google
// Benchmark over the instructions of tests/nlparse/nl_parse_corpus.json, in-process. Each
// iteration parses the next instruction of the corpus (round robin) and is timed on its own,
// so besides Google Benchmark's mean the counters report the p50, p99 and max of single
// parses (microseconds). The first parse builds the template index and loads the time-zone
// database; it happens before timing. See bench/README.md ("Parse").

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include "runlog/nlparse/parse.hpp"

namespace {

struct instruction {
  std::string text;
  runlog::nlparse::parse_context context;
};

std::vector<instruction> load_corpus() {
  const char* dir = std::getenv("RUNLOG_SOURCE_DIR");
  const std::filesystem::path root = dir != nullptr ? dir : RUNLOG_SOURCE_DIR;
  std::ifstream in(root / "tests/nlparse/nl_parse_corpus.json");
  const auto corpus = nlohmann::json::parse(in, nullptr, false);
  std::vector<instruction> out;
  if (!corpus.is_array()) return out;
  for (const auto& e : corpus) {
    instruction i;
    i.text = e.value("instruction", "");
    if (e.contains("tools")) i.context.available_tools = e["tools"].get<std::vector<std::string>>();
    out.push_back(std::move(i));
  }
  return out;
}

const std::vector<instruction>& corpus() {
  static const std::vector<instruction> c = load_corpus();
  return c;
}

void report_percentiles(benchmark::State& state, std::vector<double>& micros) {
  if (micros.empty()) return;
  std::sort(micros.begin(), micros.end());
  const auto at = [&](double q) {
    return micros[std::min(micros.size() - 1, static_cast<std::size_t>(q * micros.size()))];
  };
  state.counters["p50_us"] = at(0.50);
  state.counters["p99_us"] = at(0.99);
  state.counters["max_us"] = micros.back();
  state.counters["samples"] = static_cast<double>(micros.size());
}

void parse_corpus(benchmark::State& state) {
  const auto& items = corpus();
  if (items.empty()) {
    state.SkipWithError("tests/nlparse/nl_parse_corpus.json not found (set RUNLOG_SOURCE_DIR)");
    return;
  }
  benchmark::DoNotOptimize(runlog::nlparse::parse_instruction(items[0].text, items[0].context));
  std::vector<double> micros;
  micros.reserve(1 << 16);
  std::size_t next = 0;
  for (auto _ : state) {
    const auto& item = items[next++ % items.size()];
    const auto start = std::chrono::steady_clock::now();
    auto parsed = runlog::nlparse::parse_instruction(item.text, item.context);
    const auto end = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(parsed);
    if (micros.size() < micros.capacity()) {
      micros.push_back(std::chrono::duration<double, std::micro>(end - start).count());
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  report_percentiles(state, micros);
}
BENCHMARK(parse_corpus)->Unit(benchmark::kMicrosecond)->MinTime(2.0);

void parse_spec_example(benchmark::State& state) {
  const runlog::nlparse::parse_context context{{"salesforce.query", "email.send"}};
  const std::string text =
      "Every Monday at 9am, pull the latest sales data, generate a summary report, and email it "
      "to the sales team.";
  for (auto _ : state) {
    benchmark::DoNotOptimize(runlog::nlparse::parse_instruction(text, context));
  }
}
BENCHMARK(parse_spec_example)->Unit(benchmark::kMicrosecond);

void parse_long_instruction(benchmark::State& state) {
  // Close to the API's limit of 4000 characters: 60 clauses.
  std::string text;
  while (text.size() < 3900) text += "pull the orders from Shopify, summarize them and email me. ";
  const runlog::nlparse::parse_context context;
  for (auto _ : state) {
    benchmark::DoNotOptimize(runlog::nlparse::parse_instruction(text, context));
  }
}
BENCHMARK(parse_long_instruction)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
