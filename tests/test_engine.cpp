// The engine: the same report for any number of threads and for any split of
// a run into parts, on a theory with counterexamples in every proposition.
#include <dlfcn.h>

#include <cstdint>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "engine/driver.hpp"
#include "engine/results_json.hpp"
#include "reports/writers.hpp"
#include "support.hpp"

using namespace sinkcheck;
using namespace sinkcheck::test;

namespace {

nlohmann::json as_json(const StatementResult& r) {
  RunReport report;
  report.statements = {r};
  return to_json(report);
}

// A job of `cases` cases of one statement (seed, two stored cases), the
// whole run or its part [first, end).
Job statement_job(const Theory& theory, const char* id, std::size_t cases, std::uint64_t seed) {
  const StatementTheory* st = theory.find(id);
  REQUIRE(st);
  Job j{find_statement(id), *st, theory.domain(std::string(id).substr(0, 2)), RunOptions{}, std::nullopt};
  j.options.cases = cases;
  j.options.seed = seed;
  j.options.max_reported = 2;
  return j;
}

// A run as a distributed one makes it: the random cases cut at `cuts`, each
// range's ledger sent as JSON (a shard record, an MPI message), merged in
// range order, then finished once.
StatementResult run_in_ranges(const Job& job, const std::vector<std::size_t>& cuts) {
  std::optional<StatementLedger> merged;
  for (std::size_t p = 0; p + 1 < cuts.size(); ++p) {
    const StatementResult part =
        job.statement->run_cases(job.theory, job.domain, job.options, {cuts[p], cuts[p + 1]}).part();
    CHECK(part.targeted.evaluations == 0);  // the targeted phase runs once, after the merge
    const StatementLedger sent =
        StatementLedger::from_part(statement_from_json(statement_to_json(part, ResultFields::All)));
    if (merged) merged->merge(sent);
    else merged = sent;
  }
  return job.statement->finish(job.theory, job.domain, job.options, std::move(*merged));
}

}  // namespace

TEST_CASE("check: report.json, report.md and certificates.json are byte-identical for --jobs 1, 2 and 7") {
  const std::string theory = theory_false_everywhere("engine-false-everywhere.toml");
  std::vector<std::string> json, md, certificates;
  for (const char* jobs : {"1", "2", "7"}) {
    const std::string dir = temp_dir() + "/engine-jobs-" + jobs;
    const CliRun run = cli({"check", "all", "--cases", "40", "--seed", "3", "--theory", theory, "--jobs", jobs,
                            "--certificates", "--report", dir});
    INFO(run.out << run.err);
    REQUIRE(run.code == 1);  // counterexamples found
    json.push_back(read_file(dir + "/report.json"));
    md.push_back(read_file(dir + "/report.md"));
    certificates.push_back(read_file(dir + "/certificates.json"));
  }
  CHECK(certificates[0] == certificates[1]);
  CHECK(certificates[0] == certificates[2]);
  // the stored (shrunk) counterexamples carry their certificates
  const nlohmann::json stored = nlohmann::json::parse(certificates.front());
  bool p1_stored = false;
  for (const auto& s : stored.at("statements"))
    if (s.at("id") == "P1.b") p1_stored = !s.at("counterexample_cases").empty();
  CHECK(p1_stored);
  // every proposition has a stored, shrunk counterexample
  const nlohmann::json report = nlohmann::json::parse(json.front());
  for (const std::string& proposition : registered_propositions()) {
    INFO(proposition);
    bool found = false;
    for (const auto& s : report.at("statements"))
      found |= s.at("id").get<std::string>().rfind(proposition + ".", 0) == 0 && !s.at("counterexample_cases").empty();
    CHECK(found);
  }
  CHECK(json[0] == json[1]);
  CHECK(json[0] == json[2]);
  CHECK(md[0] == md[1]);
  CHECK(md[0] == md[2]);
}

TEST_CASE("random cases in ranges, merged, then finished: the whole run, for any split") {
  const Theory theory = load(theory_false_everywhere("engine-false-everywhere.toml"));
  bool stored_counterexamples = false, searched = false;
  for (const char* id : {"P2.b", "P2.c", "P3.a", "P3.b", "P1.b"}) {
    INFO(id);
    Job job = statement_job(theory, id, 150, 3);
    job.options.certificates = true;
    job.options.targeted_share = settled_targeted_share(job.theory, job.options.targeted_share);
    const StatementResult whole = run_jobs({job}, DriverSettings{}).front();
    stored_counterexamples |= !whole.counterexample_cases.empty();
    searched |= whole.targeted.evaluations > 0;
    const std::size_t random = job.options.random_cases();
    for (const std::vector<std::size_t>& cuts :
         {std::vector<std::size_t>{0, random}, {0, 1, random}, {0, 33, 34, 71, random}}) {
      const StatementResult merged = run_in_ranges(job, cuts);
      CHECK(merged.search_starts.empty());
      CHECK(statement_to_json(merged, ResultFields::All) == statement_to_json(whole, ResultFields::All));
      CHECK(merged.case_certificates == whole.case_certificates);  // every case once, in case order
    }
  }
  // The splits carried stored counterexamples and a targeted phase.
  CHECK(stored_counterexamples);
  CHECK(searched);
}

TEST_CASE("every claim stores its first counterexample, also where an earlier claim fails too (issue 25)") {
  // Every case that refutes g < -1 refutes g < 0 first: before, only the
  // case's first failing claim was stored, and g < -1 showed counterexamples
  // with none stored.
  const Theory theory = load(default_theory_path());
  StatementTheory st;
  st.id = "P2.b";
  for (const char* holds : {"g < 0", "g < -1"}) {
    ClaimTheory claim;
    claim.name = holds;
    claim.holds = Relation::parse(holds, find_statement("P2.b")->info().variables);
    st.claims.push_back(claim);
  }
  auto job = [&](std::size_t max_reported) {
    Job j{find_statement("P2.b"), st, theory.domain("P2"), RunOptions{}, std::nullopt};
    j.options.cases = 100;
    j.options.seed = 4;
    j.options.max_reported = max_reported;
    return j;
  };
  const StatementResult whole = run_jobs({job(3)}, DriverSettings{}).front();
  REQUIRE(whole.counterexample_cases.size() == 2);
  CHECK(whole.counterexample_cases[0].claim == "g < 0");
  CHECK(whole.counterexample_cases[1].claim == "g < -1");
  CHECK(whole.claims[1].counterexamples > 0);
  // Threads, ranges and the cap agree: the ranges keep both, finishing applies the cap.
  DriverSettings two_threads;
  two_threads.jobs = 2;
  CHECK(as_json(run_jobs({job(3)}, two_threads).front()) == as_json(whole));
  for (std::size_t cap : {1, 3}) {
    const StatementResult capped = cap == 3 ? whole : run_jobs({job(cap)}, DriverSettings{}).front();
    CHECK(capped.counterexample_cases.size() == std::min<std::size_t>(cap, 2));
    CHECK(as_json(run_in_ranges(job(cap), {0, 30, job(cap).options.random_cases()})) == as_json(capped));
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

// The build links its programs with jemalloc when it found it
// (cmake/Allocator.cmake): with two threads glibc's arenas added 6% CPU to
// `check all`, jemalloc nothing (docs/profile.md). jemalloc does not replace
// malloc by name but by being loaded first, so check that malloc really is
// jemalloc's: memory malloc hands out shows in jemalloc's per-thread count.
#if defined(SINKCHECK_WITH_JEMALLOC)
TEST_CASE("the programs allocate through jemalloc when the build chose it") {
  using Mallctl = int (*)(const char*, void*, std::size_t*, void*, std::size_t);
  const auto mallctl = reinterpret_cast<Mallctl>(::dlsym(RTLD_DEFAULT, "mallctl"));
  REQUIRE(mallctl != nullptr);
  auto allocated = [&] {
    std::uint64_t bytes = 0;
    std::size_t size = sizeof bytes;
    REQUIRE(mallctl("thread.allocated", &bytes, &size, nullptr, 0) == 0);
    return bytes;
  };
  const std::uint64_t before = allocated();
  void* block = std::malloc(1 << 20);
  REQUIRE(block != nullptr);
  static_cast<volatile char*>(block)[0] = 1;
  const std::uint64_t after = allocated();
  std::free(block);
  CHECK(after - before >= (1u << 20));
}
#endif
