// The inputs of the scaling model (docs/scaling.md): for every statement of
// the shipped theory, what one case costs on one thread in CPU time (each case run as a
// part of its own, so the numbers are exactly what a chunk of one case
// costs), what the per-run tables and pictures cost, and what a gather costs
// at rank 0 (a part of a 1-second chunk: its size as CBOR, encoding,
// decoding and folding it into the merged prefix).
//
//   bench_case_costs [--cases N] [--seed S] [--theory FILE] [--json FILE] [statement ids…]
//
// Prints a Markdown table (and with --json writes its rows for
// bench/tables.py); --cases defaults to each statement's check budget (200,
// P4 60).
#include <time.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/statement_ledger.hpp"
#include "engine/parallel.hpp"
#include "engine/results_json.hpp"
#include "propositions/registry.hpp"

using namespace sinkcheck;

namespace {

// CPU time of this thread: the machine may be shared, and a case's cost is
// what it takes of a core, not how long the scheduler let it wait.
double thread_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

double seconds_since(double start) { return thread_seconds() - start; }

double quantile(std::vector<double> sorted, double q) {
  std::sort(sorted.begin(), sorted.end());
  return sorted[std::min(sorted.size() - 1, std::size_t(q * double(sorted.size())))];
}

struct Row {
  std::string id;
  std::size_t cases = 0;
  double mean = 0, median = 0, p90 = 0, p99 = 0, max = 0;  // seconds per case
  double overhead = 0;                                      // an empty part
  double extras = 0;                                        // tables and pictures, once per run
  std::size_t part_bytes = 0;                               // CBOR of a part of a 1-second chunk
  double encode = 0, decode = 0, fold = 0;                  // seconds per part
};

Row measure(const StatementPtr& statement, const Theory& theory, std::size_t cases_wanted, std::uint64_t seed) {
  const std::string id = statement->info().id;
  const StatementTheory& st = *theory.find(id);
  const DomainTable domain = theory.domain(id.substr(0, id.find('.')));
  Row row;
  row.id = id;
  row.cases = cases_wanted ? cases_wanted
                           : std::size_t(domain.entries().count("default_cases")
                                             ? domain.integer("default_cases", 200, 1, 100000000)
                                             : 200);
  RunOptions options;
  options.cases = row.cases;
  options.seed = seed;
  options.extras = false;
  auto part = [&](std::size_t first, std::size_t end, bool extras) {
    RunOptions o = options;
    o.extras = extras;
    return statement->run_cases(st, domain, o, {first, end}).part();
  };
  std::vector<double> costs;
  for (std::size_t k = 0; k < row.cases; ++k) {
    const double start = thread_seconds();
    part(k, k + 1, false);
    costs.push_back(seconds_since(start));
  }
  double start = thread_seconds();
  for (int i = 0; i < 20; ++i) part(0, 0, false);
  row.overhead = seconds_since(start) / 20;
  start = thread_seconds();
  part(0, 0, true);
  row.extras = std::max(0.0, seconds_since(start) - row.overhead);
  for (double& c : costs) c = std::max(0.0, c - row.overhead);
  double sum = 0;
  for (double c : costs) sum += c;
  row.mean = sum / double(costs.size());
  row.median = quantile(costs, 0.5);
  row.p90 = quantile(costs, 0.9);
  row.p99 = quantile(costs, 0.99);
  row.max = *std::max_element(costs.begin(), costs.end());

  // A gather: the part of a chunk sized to take a second on one thread.
  const std::size_t chunk = std::clamp<std::size_t>(std::size_t(1.0 / std::max(row.mean, 1e-6)), 1, row.cases);
  const StatementResult one = part(0, chunk, false), two = part(chunk, std::min(row.cases, 2 * chunk), false);
  const int repeats = 50;
  std::vector<std::uint8_t> bytes;
  start = thread_seconds();
  for (int i = 0; i < repeats; ++i) bytes = nlohmann::json::to_cbor(statement_to_json(two, ResultFields::All));
  row.encode = seconds_since(start) / repeats;
  row.part_bytes = bytes.size();
  StatementResult decoded;
  start = thread_seconds();
  for (int i = 0; i < repeats; ++i) decoded = statement_from_json(nlohmann::json::from_cbor(bytes));
  row.decode = seconds_since(start) / repeats;
  start = thread_seconds();
  for (int i = 0; i < repeats; ++i) {
    StatementLedger merged = StatementLedger::from_part(one);
    merged.merge(StatementLedger::from_part(decoded));
  }
  row.fold = seconds_since(start) / repeats;
  return row;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t cases = 0;
  std::uint64_t seed = 1;
  std::vector<std::string> ids;
  std::string theory_path = default_theory_path(), json_path;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--theory" && i + 1 < argc) theory_path = argv[++i];
    else if (a == "--json" && i + 1 < argc) json_path = argv[++i];
    else if (a == "--cases" && i + 1 < argc) cases = std::size_t(std::atol(argv[++i]));
    else if (a == "--seed" && i + 1 < argc) seed = std::uint64_t(std::atoll(argv[++i]));
    else ids.push_back(a);
  }
  const Theory theory = load_theory(theory_path, statement_variables());
  std::vector<Row> rows;
  with_thread_pool(1, [&] {
    for (const StatementPtr& s : all_statements()) {
      if (!ids.empty() && std::find(ids.begin(), ids.end(), s->info().id) == ids.end()) continue;
      if (!theory.find(s->info().id)) continue;
      rows.push_back(measure(s, theory, cases, seed));
      std::cerr << "  " << rows.back().id << " measured\n";
    }
  });
  std::cout << "| statement | cases | mean ms | median ms | p90 ms | p99 ms | max ms | max/median | run extras s |"
               " part overhead ms | part bytes | encode ms | decode ms | fold ms |\n"
               "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  double total = 0;
  for (const Row& r : rows) {
    total += r.mean * double(r.cases);
    std::cout << fmt::format("| {} | {} | {:.3f} | {:.3f} | {:.3f} | {:.3f} | {:.3f} | {:.0f} | {:.2f} | {:.3f} | {} | {:.3f} | {:.3f} | {:.3f} |\n",
                             r.id, r.cases, 1e3 * r.mean, 1e3 * r.median, 1e3 * r.p90, 1e3 * r.p99, 1e3 * r.max,
                             r.median > 0 ? r.max / r.median : 0.0, r.extras, 1e3 * r.overhead, r.part_bytes, 1e3 * r.encode,
                             1e3 * r.decode, 1e3 * r.fold);
  }
  std::cout << fmt::format("\ncases of all statements, one thread: {:.1f} s (+ run extras)\n", total);
  if (!json_path.empty()) {
    nlohmann::json out = nlohmann::json::array();
    for (const Row& r : rows)
      out.push_back({{"statement", r.id}, {"cases", r.cases}, {"mean_s", r.mean}, {"median_s", r.median},
                     {"p90_s", r.p90}, {"p99_s", r.p99}, {"max_s", r.max}, {"extras_s", r.extras},
                     {"overhead_s", r.overhead}, {"part_bytes", r.part_bytes}, {"encode_s", r.encode},
                     {"decode_s", r.decode}, {"fold_s", r.fold}});
    std::ofstream(json_path) << out.dump(1) << "\n";
  }
  return 0;
}
