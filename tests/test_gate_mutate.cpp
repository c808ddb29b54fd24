// The CI gate for theory edits and the automatic false variants (mutants).
#include <set>
#include <sstream>

#include "cli/app.hpp"
#include "engine/claim_health.hpp"
#include "support.hpp"
#include "theory/mutations.hpp"
#include "theory/theory_diff.hpp"
#include "verify/decide.hpp"

using namespace sinkcheck;
using namespace sinkcheck::test;

namespace {

const std::vector<Variable> xyz = {{"x", false, ""}, {"y", false, ""}, {"z", false, ""}};

}  // namespace

TEST_CASE("formulas print back to text that parses to the same value") {
  for (const char* text : {"x - (y - z) <= 1", "-2^2*x >= (1/2)*y", "x^(y + 1) == exp(log(x)*(y + 1))",
                           "min(x, -y) + max(x/y, z) < sqrt(abs(x - 3/4))", "x/(y*z) > x/y/z", "-(x + y) <= -x - y"}) {
    const Relation r = Relation::parse(text, xyz);
    const std::string printed = Relation::compose(r.lhs(), r.op(), r.rhs());
    INFO(text << "  ->  " << printed);
    const Relation again = Relation::parse(printed, xyz);
    CHECK(Relation::compose(again.lhs(), again.op(), again.rhs()) == printed);
    Bindings<DoubleInterval> values{{DoubleInterval(2.0)}, {DoubleInterval(5.0)}, {DoubleInterval(3.0)}};
    CHECK(margin_estimate(r, values) == Approx(margin_estimate(again, values)));
  }
}

TEST_CASE("mutants change one claim in one way and parse back") {
  const Theory theory = load(default_theory_path());
  const StatementTheory& rate = *theory.find("P2.b");
  const std::vector<Mutant> mutants = mutants_of(rate, find_statement("P2.b")->info().variables);
  std::set<std::string> kinds;
  for (const Mutant& m : mutants) {
    kinds.insert(m.kind);
    CHECK(m.text() != m.original);
    CHECK(m.statement == "P2.b");
  }
  CHECK(kinds.count("relation flipped"));
  CHECK(kinds.count("term removed"));
  CHECK(kinds.count("constant x1.05"));
  CHECK(kinds.count("assumption dropped"));
  bool found = false;
  for (const Mutant& m : mutants) found |= m.text() == "g <= K*exp(-m)/(101/100 + K*exp(-m))";
  CHECK(found);
}

TEST_CASE("the theory diff names the statements and claims an edit touches") {
  const Theory base = load(tests_theory_path());
  const Theory claim_edit = load(theory_with("diff-claim.toml", {holds("P2.c", "output norm is the gated sink-free norm", "o_norm2 == g * obar_norm2")}));
  const auto edits = touched_statements(base, claim_edit);
  REQUIRE(edits.size() == 1);
  CHECK(edits[0].id == "P2.c");
  REQUIRE(edits[0].changes.size() == 1);
  CHECK(edits[0].changes[0].claim == "output norm is the gated sink-free norm");
  const Theory domain_edit = load(theory_with("diff-domain.toml", {table_key("P2.domain", "keys_max", toml::value(6))}));
  CHECK(touched_statements(base, domain_edit).size() == 4);
  CHECK(touched_statements(base, base).empty());
}

TEST_CASE("the gate fails on each known-false variant of P2.b and passes the shipped theory") {
  const std::string shipped = default_theory_path();
  CHECK(cli({"gate", "--theory", shipped, "--base", shipped, "--report", temp_dir() + "/gate-none"}).code == 0);
  CHECK(cli({"gate", "--theory", shipped, "--cases", "100", "--report", temp_dir() + "/gate-all"}).code == 0);
  const std::vector<TheoryEdit> variants = {
      holds("P2.b", "gate rate", "g <= exp(-m)"),
      holds("P2.b", "output approaches the sink value", "o_dist2 <= g^2 * max_norm2"),
  };
  int k = 0;
  for (const TheoryEdit& edit : variants) {
    const std::string variant = theory_with("gate-variant-" + std::to_string(k) + ".toml", {edit});
    const std::string dir = temp_dir() + "/gate-" + std::to_string(k++);
    // The base is the tests' theory: theory_with adds the tests' own P5 to both.
    const CliRun run = cli({"gate", "--theory", variant, "--base", tests_theory_path(), "--cases", "200", "--report", dir});
    INFO(run.out + run.err);
    CHECK(run.code == 1);
    // Only the edited statement is run, and its counterexample is blamed on the edit.
    const auto report = nlohmann::json::parse(read_file(dir + "/report.json"));
    REQUIRE(report["statements"].size() == 1);
    const auto& statement = report["statements"][0];
    CHECK(statement["id"] == "P2.b");
    REQUIRE_FALSE(statement["counterexample_cases"].empty());
    CHECK(statement["counterexample_cases"][0]["broken_by"][0].get<std::string>().rfind("broken by the edit", 0) == 0);
  }
}

TEST_CASE("mutate reports a score and explains the survivors") {
  const std::string dir = temp_dir() + "/mutate";
  // K <= 3: each survivor goes to Coq, one theorem per K.
  const std::string theory = theory_with("mutate-k3.toml", {table_key("P2.domain", "keys_max", toml::value(3))});
  REQUIRE(cli({"mutate", "P2.b", "--cases", "150", "--theory", theory, "--report", dir}).code == 0);
  const auto report = nlohmann::json::parse(read_file(dir + "/mutation.json"));
  const auto caught = report["score"]["caught"].get<int>(), total = report["score"]["total"].get<int>();
  // Survivors proved true are set apart; a refuted variant is never proved.
  const auto proved = report["score"]["proved"].get<int>();
  CHECK(proved > 0);
  CHECK(report["score"]["not_proved"].get<int>() == total - proved);
  for (const auto& m : report["mutants"]) {
    INFO(m["mutant"]);
    CHECK((m["status"] == "refuted") == m["caught"].get<bool>());
    CHECK((m["status"] == "refuted" || m["status"] == "proved" || m["status"] == "open"));
  }
  CHECK(total > 10);
  CHECK(caught > 0);
  CHECK(caught < total);  // weakenings survive, and say why
  bool tighter_denominator_caught = false;
  for (const auto& m : report["mutants"]) {
    if (m["mutant"] == "g <= K*exp(-m)/(101/100 + K*exp(-m))") tighter_denominator_caught = m["caught"];
    if (!m["caught"].get<bool>()) CHECK_FALSE(m["reason"].get<std::string>().empty());
  }
  CHECK(tighter_denominator_caught);
  CHECK(read_file(dir + "/mutation.md").find("Mutation score") != std::string::npos);
}

namespace {

// The tally of a claim in a report.json's statement.
const nlohmann::json& claim_tally(const nlohmann::json& report, const std::string& statement, const std::string& claim) {
  for (const auto& s : report["statements"])
    if (s["id"] == statement)
      for (const auto& c : s["claims"])
        if (c["name"] == claim) return c;
  FAIL("no claim \"" << claim << "\" of " << statement << " in the report");
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("an edit that makes a claim apply nowhere fails the gate and check --strict") {
  const std::string shipped = default_theory_path();
  // Vacuous: no generated margin exceeds 100000, so the false relation is never tested.
  const std::string vacuous = theory_with("gate-vacuous.toml", {assume("P2.b", "gate rate", {"m > 100000"}),
                                                                holds("P2.b", "gate rate", "g <= 0")});
  const std::string dir = temp_dir() + "/gate-vacuous";
  const CliRun gate = cli({"gate", "--theory", vacuous, "--base", shipped, "--cases", "120", "--report", dir});
  INFO(gate.out + gate.err);
  CHECK(gate.code == 1);
  // It failed for vacuity, not for a counterexample: the claim never applied.
  const auto report = nlohmann::json::parse(read_file(dir + "/report.json"));
  const auto& tally = claim_tally(report, "P2.b", "gate rate");
  CHECK(tally["holds"].get<int>() == 0);
  CHECK(tally["counterexamples"].get<int>() == 0);
  CHECK(tally["vacuous"].get<int>() > 0);

  // check: the run passes (nothing is false), --strict fails on the claim that never applied.
  CHECK(cli({"check", "P2.b", "--theory", vacuous, "--cases", "120", "--report", dir + "-check"}).code == 0);
  CHECK(cli({"check", "P2.b", "--theory", vacuous, "--cases", "120", "--strict", "--report", dir + "-strict"}).code == 1);

  // A stronger assumption that still applies somewhere passes, with --strict too.
  const std::string stronger = theory_with("gate-stronger.toml", {assume("P2.b", "gate rate", {"m >= 1"})});
  CHECK(cli({"gate", "--theory", stronger, "--base", shipped, "--cases", "120", "--strict", "--report", dir + "-ok"}).code ==
        0);
}

TEST_CASE("how often a claim applied is judged by one rule") {
  StatementResult r;
  r.id = "P9.x";
  r.cases = 1000;
  ClaimTally never{"never", "", 0, 0, 0, 1000, {}}, rare{"rare", "", 3, 0, 0, 997, {}}, fine{"fine", "", 60, 0, 0, 940, {}};
  ClaimTally undecided_only{"undecided only", "", 0, 0, 5, 995, {}};
  r.claims = {never, rare, fine, undecided_only};
  const std::vector<ClaimApplication> a = claim_applications(r);
  REQUIRE(a.size() == 4);
  CHECK(a[0].never_applied());
  CHECK_FALSE(a[0].rarely_applied());
  CHECK(a[1].rarely_applied());
  CHECK_FALSE(a[1].never_applied());
  CHECK_FALSE(a[2].rarely_applied());
  CHECK_FALSE(a[2].never_applied());
  CHECK(a[3].never_applied());  // undecided cases do not show that it applied
  // A small run: 3 of 40 cases is not rare.
  r.cases = 40;
  CHECK_FALSE(claim_applications(r)[1].rarely_applied());
}
