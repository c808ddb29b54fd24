// The engine: the same report for any number of threads and for any split of
// a run into parts, on a theory with counterexamples in every proposition.
#include <nlohmann/json.hpp>

#include "engine/driver.hpp"
#include "engine/merge.hpp"
#include "reports/writers.hpp"
#include "support.hpp"

using namespace sinkcheck;
using namespace sinkcheck::test;

namespace {

// One false statement per proposition (each refuted at small budgets).
std::string theory_with_counterexamples_everywhere() {
  return theory_variant("engine-false-everywhere.toml",
                        {{"holds = \"cost_upper <= kappa*sqrt(d)/(rho_Q*rho_K)\"", "holds = \"cost_upper <= kappa*sqrt(d)/rho_K^2\""},
                         {"holds = \"g <= K*exp(-m) / (1 + K*exp(-m))\"\n\n[[P2.b.claim]]\nname = \"output approaches",
                          "holds = \"g <= exp(-m)\"\n\n[[P2.b.claim]]\nname = \"output approaches"},
                         {"holds = \"dD1 == -2*beta*(1 - 1/k)*trBW\"", "holds = \"dD1 == -2*beta*trBW\""},
                         {"holds = \"opt_sink >= kappa*C/(2*sqrt(d))\"", "holds = \"opt_sink >= kappa*C/sqrt(d)*2\""}});
}

nlohmann::json as_json(const StatementResult& r) {
  RunReport report;
  report.statements = {r};
  return to_json(report);
}

}  // namespace

TEST_CASE("check: report.json and report.md are byte-identical for --jobs 1, 2 and 7") {
  const std::string theory = theory_with_counterexamples_everywhere();
  std::vector<std::string> json, md;
  for (const char* jobs : {"1", "2", "7"}) {
    const std::string dir = temp_dir() + "/engine-jobs-" + jobs;
    const CliRun run = cli({"check", "all", "--cases", "40", "--seed", "3", "--theory", theory, "--jobs", jobs,
                            "--report", dir});
    INFO(run.out << run.err);
    REQUIRE(run.code == 1);  // counterexamples found
    json.push_back(read_file(dir + "/report.json"));
    md.push_back(read_file(dir + "/report.md"));
  }
  // every proposition has a stored, shrunk counterexample
  const nlohmann::json report = nlohmann::json::parse(json.front());
  for (const char* proposition : {"P1.", "P2.", "P3.", "P4."}) {
    bool found = false;
    for (const auto& s : report.at("statements"))
      found |= s.at("id").get<std::string>().rfind(proposition, 0) == 0 && !s.at("counterexample_cases").empty();
    CHECK(found);
  }
  CHECK(json[0] == json[1]);
  CHECK(json[0] == json[2]);
  CHECK(md[0] == md[1]);
  CHECK(md[0] == md[2]);
}

// With the targeted phase off: each part would run its own targeted phase
// (tests/test_targeted.cpp checks how those merge).
TEST_CASE("a run split into parts merges to the whole run, for any split") {
  const Theory theory = load(theory_with_counterexamples_everywhere());
  for (const char* id : {"P2.b", "P3.a", "P1.b"}) {
    INFO(id);
    const StatementPtr statement = find_statement(id);
    const StatementTheory* st = theory.find(id);
    const DomainTable domain = theory.domain(std::string(id).substr(0, 2));
    auto job = [&](std::size_t first, std::optional<std::size_t> end) {
      Job j{statement, *st, domain, RunOptions{}, std::nullopt};
      j.options.cases = 90;
      j.options.seed = 5;
      j.options.max_reported = 2;
      j.options.first_case = first;
      j.options.end_case = end;
      j.options.targeted_share = 0;
      return j;
    };
    const StatementResult whole = run_jobs({job(0, std::nullopt)}, DriverSettings{}).front();
    REQUIRE(whole.counterexamples > 0);
    for (const std::vector<std::size_t>& cuts : {std::vector<std::size_t>{0, 90}, {0, 1, 90}, {0, 30, 31, 77, 90}}) {
      std::vector<Job> parts;
      for (std::size_t p = 0; p + 1 < cuts.size(); ++p) parts.push_back(job(cuts[p], cuts[p + 1]));
      const StatementResult merged = merge_parts(run_jobs(parts, DriverSettings{}), 2);
      CHECK(as_json(merged) == as_json(whole));
    }
  }
}

TEST_CASE("mutate: mutation.json is the same for --jobs 1 and 2") {
  std::vector<std::string> out;
  for (const char* jobs : {"1", "2"}) {
    const std::string dir = temp_dir() + "/engine-mutate-" + jobs;
    const CliRun run = cli({"mutate", "P2.b", "--cases", "60", "--jobs", jobs, "--report", dir});
    INFO(run.err);
    REQUIRE(run.code == 0);
    out.push_back(read_file(dir + "/mutation.json"));
  }
  CHECK(out[0] == out[1]);
  CHECK(nlohmann::json::parse(out[0]).at("score").at("caught").get<int>() > 0);
}
