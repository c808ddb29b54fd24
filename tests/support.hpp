#pragma once
// Helpers shared by the tests: the shipped theory, variants of it written to
// temporary files (the mechanism a theory author uses), and statement runs.
#include <catch2/catch.hpp>

#include <sys/types.h>
#include <sys/wait.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cli/app.hpp"
#include "engine/driver.hpp"
#include "propositions/registry.hpp"
#include "theory/theory_file.hpp"
#include "theory_edits.hpp"

namespace sinkcheck::test {

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream os;
  os << in.rdbuf();
  return os.str();
}

inline std::string temp_dir() {
  static const std::string dir = [] {
    std::string templ = (std::filesystem::temp_directory_path() / "sinkcheck-test-XXXXXX").string();
    REQUIRE(::mkdtemp(templ.data()) != nullptr);
    return templ;
  }();
  return dir;
}

inline std::string write_temp(const std::string& name, const std::string& content) {
  const std::string path = temp_dir() + "/" + name;
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

// The propositions the tests add to the registry (tests/toy_p5/): the
// theory file section with their claims ([P5.*] tables), and one edit that
// makes each false on some instance, for theory_false_everywhere.
struct TestProposition {
  std::string theory_section;  // the TOML file's path
  TheoryEdit false_everywhere;
  std::vector<std::string> statements = {};  // their ids (filled in on registration)
};

inline std::vector<TestProposition>& test_propositions() {
  static std::vector<TestProposition> added;
  return added;
}

// Registers a test proposition's models and statements (a namespace-scope
// object in its source, so every test sees it).
struct RegisterTestProposition {
  RegisterTestProposition(const PropositionModels& models, TestProposition proposition) {
    add_models(models);
    for (const ShippedStatement& s : models.statements) proposition.statements.push_back(s.id);
    test_propositions().push_back(std::move(proposition));
  }
};

// The tests' theory: the shipped one, then the test propositions' sections.
inline std::string tests_theory_text() {
  std::string text = read_file(default_theory_path());
  for (const TestProposition& p : test_propositions()) text += "\n" + read_file(p.theory_section);
  return text;
}

inline std::string tests_theory_path() { return write_temp("tests-theory.toml", tests_theory_text()); }

// The tests' theory with the edits (claims by name, keys by table) made
// through the TOML parser, written to a temporary file `name`.
inline std::string theory_with(const std::string& name, const std::vector<TheoryEdit>& edits) {
  return write_temp(name, theory_text_with(tests_theory_text(), edits));
}

// The same from the shipped theory alone: for a test that hands the file to
// the sinkcheck binary, which knows only the shipped propositions.
inline std::string shipped_theory_with(const std::string& name, const std::vector<TheoryEdit>& edits) {
  return write_temp(name, theory_text_with(read_file(default_theory_path()), edits));
}

// A statement edited in the theory file so that it is false on some instance.
struct FalseVariant {
  const char* statement;
  const char* description;
  std::vector<TheoryEdit> edits;
};

// A proposition's false variants, each refuted within `cases` cases from
// `seed`. Each proposition's test file registers its own (a namespace-scope
// RegisterFalseVariants); tests/test_every_model.cpp runs them all and
// requires some for every registered model.
struct FalseVariants {
  std::string proposition;  // "P1"
  std::size_t cases;
  std::uint64_t seed;
  std::vector<FalseVariant> variants;
};

inline std::vector<FalseVariants>& registered_false_variants() {
  static std::vector<FalseVariants> registered;
  return registered;
}

struct RegisterFalseVariants {
  explicit RegisterFalseVariants(FalseVariants variants) { registered_false_variants().push_back(std::move(variants)); }
};

// One false statement per proposition, each refuted at small budgets: for
// the tests that compare whole runs (threads, parts, shards, ranks), so
// that counterexamples, shrinking and stored cases are compared too. The
// shipped propositions' are chosen here (the MPI tests hand this theory to
// the sinkcheck binary, which knows only them); the tests' own
// propositions add theirs.
inline std::string theory_false_everywhere(const std::string& name) {
  std::vector<TheoryEdit> edits = {
      holds("P1.b", "primal: W* costs no more than the formula", "cost_upper <= kappa*sqrt(d)/rho_K^2"),
      holds("P2.b", "gate rate", "g <= exp(-m)"), holds("P3.a", "at lam = 1", "dD1 == -2*beta*trBW"),
      holds("P4.L_sink", "L_sink", "opt_sink >= kappa*C/sqrt(d)*2")};
  for (const TestProposition& p : test_propositions()) edits.push_back(p.false_everywhere);
  return theory_with(name, edits);
}

// The propositions of the registered models, each once, in registry order.
inline std::vector<std::string> registered_propositions() {
  std::vector<std::string> propositions;
  for (const ModelEntry& model : all_models())
    if (std::find(propositions.begin(), propositions.end(), model.proposition) == propositions.end())
      propositions.push_back(model.proposition);
  return propositions;
}

// The shipped theory with each `from` replaced by `to` (each must occur
// exactly once): for tests of positions in the file itself (errors reported
// at file:line:column) and for variants that add claims, which TheoryEdit
// cannot express; every other variant uses theory_with.
inline std::string theory_text_variant(const std::string& name,
                                  const std::vector<std::pair<std::string, std::string>>& edits) {
  std::string text = read_file(default_theory_path());
  for (const auto& [from, to] : edits) {
    const auto at = text.find(from);
    INFO("edit target: " << from);
    REQUIRE(at != std::string::npos);
    REQUIRE(text.find(from, at + 1) == std::string::npos);
    text.replace(at, from.size(), to);
  }
  return write_temp(name, text);
}

// Waits, without sleeping, until the report.json in `dir` records a
// statement or `child` exits: true when the report came first (the child
// still runs, and `status` is untouched). The report is rewritten atomically.
inline bool await_first_statement(pid_t child, const std::string& dir, int& status) {
  auto statements_reported = [&]() -> std::size_t {
    const auto report = nlohmann::json::parse(read_file(dir + "/report.json"), nullptr, false);
    return report.is_object() && report.contains("statements") ? report["statements"].size() : 0;
  };
  while (statements_reported() == 0) {
    if (::waitpid(child, &status, WNOHANG) == child) return false;
    std::this_thread::yield();
  }
  return true;
}

// A run to interrupt: `check P2.a P1.a` under this theory runs P2.a's 40
// cases, then P1.a's hundred million.
inline std::string theory_to_interrupt(const std::string& name) {
  // The sinkcheck binary knows the shipped statements only (not the tests' P5).
  return shipped_theory_with(name, {table_key("P2.domain", "default_cases", 40), table_key("P1.domain", "default_cases", 100000000)});
}

// The partial report of that run interrupted once P2.a was reported: P2.a
// whole; P1.a, if it had started when the signal came, marked interrupted
// with the cases it reached tallied.
inline void check_interrupted_report(const std::string& dir) {
  const auto report = nlohmann::json::parse(read_file(dir + "/report.json"));
  CHECK(report["complete"] == false);
  REQUIRE(report["statements"].size() >= 1);
  REQUIRE(report["statements"].size() <= 2);
  CHECK(report["statements"][0]["id"] == "P2.a");
  CHECK(report["statements"][0]["interrupted"] == false);
  CHECK(report["statements"][0]["cases"] == 40);
  if (report["statements"].size() == 2) {
    const auto& s = report["statements"][1];
    CHECK(s["id"] == "P1.a");
    CHECK(s["interrupted"] == true);
    CHECK(s["holds"].get<long>() + s["counterexamples"].get<long>() + s["undecided"].get<long>() +
              s["vacuous"].get<long>() ==
          s["cases"].get<long>());
  }
}

inline Theory load(const std::string& path) { return load_theory(path, statement_variables()); }

inline StatementResult run_statement(const Theory& theory, const std::string& id, std::size_t cases,
                                     std::uint64_t seed, bool extras = true,
                                     std::optional<double> targeted_share = std::nullopt) {
  const StatementPtr statement = find_statement(id);
  REQUIRE(statement);
  const StatementTheory* st = theory.find(id);
  REQUIRE(st);
  Job job{statement, *st, theory.domain(id.substr(0, id.find('.'))), RunOptions{}, std::nullopt};
  job.options.cases = cases;
  job.options.seed = seed;
  job.options.extras = extras;
  if (targeted_share) job.options.targeted_share = *targeted_share;
  return run_jobs({job}, DriverSettings{}).front();
}


// Runs the variant and requires a certified counterexample (not one at the
// precision cap) whose stored exact inputs replay to a counterexample again.
inline StatementResult require_replayable_counterexample(const FalseVariant& variant, const std::string& file,
                                                         std::size_t cases, std::uint64_t seed) {
  const Theory theory = load(theory_with(file, variant.edits));
  const StatementResult r = run_statement(theory, variant.statement, cases, seed, false);
  REQUIRE(r.verdict() == Verdict::Counterexample);
  REQUIRE_FALSE(r.counterexample_cases.empty());
  const StatementPtr statement = find_statement(variant.statement);
  for (const CaseRecord& c : r.counterexample_cases) {
    INFO(c.claim << " " << c.evidence << " " << c.inputs.dump());
    CHECK(c.stage != "");
    CHECK(c.stage.rfind("cap-", 0) != 0);
    // The stored exact inputs replay to the same certified verdict of the
    // stored claim (not of any claim), at the same stage.
    const StatementTheory selected = theory.find(variant.statement)->selected();
    std::size_t index = selected.claims.size(), matches = 0;
    for (std::size_t k = 0; k < selected.claims.size(); ++k)
      if (selected.claims[k].name == c.claim) index = k, ++matches;
    REQUIRE(matches == 1);
    const std::vector<Decision> again = statement->replay(c.inputs, selected, PrecisionPolicy());
    REQUIRE(again.size() == selected.claims.size());
    CHECK(again[index].verdict == Verdict::Counterexample);
    CHECK(again[index].stage == c.stage);
  }
  return r;
}

// One section per variant, each written to "<prefix>-<index>.toml".
inline void require_all_refuted(const std::vector<FalseVariant>& variants, const std::string& prefix,
                                std::size_t cases, std::uint64_t seed) {
  int index = 0;
  for (const FalseVariant& variant : variants) {
    SECTION(variant.description) {
      require_replayable_counterexample(variant, prefix + "-" + std::to_string(index) + ".toml", cases, seed);
    }
    ++index;
  }
}

// The command line, run in-process.
struct CliRun {
  int code;
  std::string out, err;
};

inline CliRun cli(std::vector<std::string> args) {
  args.insert(args.begin(), "sinkcheck");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  const int code = run_cli(int(argv.size()), argv.data(), out, err);
  return {code, out.str(), err.str()};
}

}  // namespace sinkcheck::test
