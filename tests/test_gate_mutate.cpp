// The CI gate for theory edits and the automatic false variants (mutants).
#include <set>
#include <sstream>

#include "cli/app.hpp"
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
  const Theory base = load(default_theory_path());
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
    const CliRun run =
        cli({"gate", "--theory", variant, "--base", shipped, "--cases", "200", "--report", temp_dir() + "/gate-" + std::to_string(k++)});
    const std::string text = run.out + run.err;
    INFO(text);
    CHECK(run.code == 1);
    CHECK(text.find("broken by the edit") != std::string::npos);
    CHECK(text.find("P2.b") != std::string::npos);
    CHECK(text.find("P2.a") == std::string::npos);  // untouched statements are not run
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
