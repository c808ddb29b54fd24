// P2 — sinks are hard attention switches: the properties through rapidcheck,
// the shipped theory certified, and false variants (edited through the
// theory file, as a theory author would) caught with certified,
// replayable counterexamples.
#include <rapidcheck/catch.h>

#include "propositions/hard_switch.hpp"
#include "support.hpp"

using namespace sinkcheck;
using namespace sinkcheck::test;

namespace {

// Every claim of the statement, decided on one generated context.
void assert_claims_certified(const StatementTheory& statement, const SwitchContext& context) {
  StagedQuantities quantities = switch_staged_quantities(context);
  for (const ClaimTheory& claim : statement.claims) {
    const Decision d = decide(claim.assume, claim.holds, quantities, PrecisionPolicy());
    RC_LOG() << claim.name << ": " << to_string(d.verdict) << " [" << d.stage << "] " << d.evidence << "\n";
    RC_ASSERT(d.verdict != Verdict::Counterexample);
    RC_ASSERT(d.verdict != Verdict::Undecided);
  }
}

}  // namespace

TEST_CASE("P2 properties hold on generated contexts (rapidcheck)") {
  const Theory theory = load(default_theory_path());
  const SwitchDomain domain;
  for (const char* id : {"P2.a", "P2.b", "P2.c"}) {
    const StatementTheory statement = *theory.find(id);
    rc::prop(std::string(id) + " with the sink as target", [&] {
      assert_claims_certified(statement, *switch_context_gen(domain, SwitchTarget::Sink));
    });
  }
  const StatementTheory diagonal = *theory.find("P2.d");
  rc::prop("P2.d with the query itself as target", [&] {
    assert_claims_certified(diagonal, *switch_context_gen(domain, SwitchTarget::Self));
  });
}

TEST_CASE("the shipped P2 theory is certified on the default budget") {
  const Theory theory = load(default_theory_path());
  for (const char* id : {"P2.a", "P2.b", "P2.c", "P2.d"}) {
    const StatementResult r = run_statement(theory, id, 300, 3);
    INFO(id);
    CHECK(r.verdict() == Verdict::Holds);
    CHECK(r.counterexamples == 0);
    CHECK(r.undecided == 0);
    CHECK(r.holds + r.vacuous == r.cases);
    CHECK(r.cases >= 200);  // the random cases; the targeted phase certifies more
    // Beyond-double margins are generated, so escalation must have happened.
    CHECK(r.escalated > 0);
  }
}

namespace {

// Known wrong statements of P2 (docs/propositions/P2-hard-switch.md), then our own. Each is false on some instance of the model.
const std::vector<FalseVariant> false_variants = {
    {"P2.b", "known false: g <= e^-m drops the |K| factor",
     {holds("P2.b", "gate rate", "g <= exp(-m)")}},
    {"P2.b", "known false: ||o - v0|| <= g max||v_j|| measures from 0 instead of the sink value",
     {holds("P2.b", "output approaches the sink value", "o_dist2 <= g^2 * max_norm2")}},
    {"P2.a", "own: the gated identity without its zero-value assumption",
     {assume("P2.a", "zero-value sink gates the sink-free head", {})}},
    {"P2.c", "own: the output norm forgets to square the gate",
     {holds("P2.c", "output norm is the gated sink-free norm", "o_norm2 == g * obar_norm2")}},
    {"P2.c", "own: strict inequality where the bound is attained (exact stage)",
     {holds("P2.c", "probe contexts: a small output forces the sink mass up", "(1 - a0)^2 * vx_norm2 < o_norm2")}},
    {"P2.b", "own: the gate vanishes once the margin is beyond double's range (a float would agree)",
     {assume("P2.b", "gate rate", {"m >= 800"}), holds("P2.b", "gate rate", "g == 0")}},
    {"P2.d", "own: the diagonal mass bound without the |K| factor",
     {holds("P2.d", "self gate rate", "a0 >= 1 - exp(-m)")}},
    {"P2.b", "own: the rate with the margin doubled",
     {holds("P2.b", "gate rate", "g <= K*exp(-2*m) / (1 + K*exp(-2*m))")}},
};

// Run by tests/test_every_model.cpp, with every registered model's.
const RegisterFalseVariants registered_false_variants{{"P2", 300, 1, false_variants}};

}  // namespace

TEST_CASE("the gate-vanishes variant is refuted beyond double's range, not by the filter") {
  const std::string path = theory_with(
      "p2-underflow.toml",
      {assume("P2.b", "gate rate", {"m >= 800"}), holds("P2.b", "gate rate", "g == 0")});
  const StatementResult r = run_statement(load(path), "P2.b", 300, 1);
  REQUIRE_FALSE(r.counterexample_cases.empty());
  for (const CaseRecord& c : r.counterexample_cases) CHECK(c.stage.rfind("arb-", 0) == 0);
}

TEST_CASE("counterexamples are shrunk toward small contexts") {
  const std::string path = theory_with(
      "p2-shrink.toml", {holds("P2.b", "output approaches the sink value", "o_dist2 <= g^2 * max_norm2")});
  const StatementResult r = run_statement(load(path), "P2.b", 300, 5);
  REQUIRE_FALSE(r.counterexample_cases.empty());
  for (const CaseRecord& c : r.counterexample_cases) {
    INFO(c.inputs.dump());
    CHECK(c.inputs["scores"].size() <= 3);
    CHECK(c.inputs["values"][0].size() == 1);
  }
}

TEST_CASE("the same seed gives the same result, a different seed other cases") {
  const Theory theory = load(default_theory_path());
  const std::string variant = theory_with(
      "p2-determinism.toml", {holds("P2.c", "output norm is the gated sink-free norm", "o_norm2 == g * obar_norm2")});
  const StatementResult a = run_statement(load(variant), "P2.c", 120, 9);
  const StatementResult b = run_statement(load(variant), "P2.c", 120, 9);
  REQUIRE_FALSE(a.counterexample_cases.empty());  // two empty runs would agree trivially
  REQUIRE(a.counterexample_cases.size() == b.counterexample_cases.size());
  for (std::size_t k = 0; k < a.counterexample_cases.size(); ++k) {
    CHECK(a.counterexample_cases[k].inputs == b.counterexample_cases[k].inputs);
    CHECK(a.counterexample_cases[k].case_seed == b.counterexample_cases[k].case_seed);
  }
  CHECK(a.decided_by == b.decided_by);
  CHECK(case_seed(9, "P2.c", 0) != case_seed(10, "P2.c", 0));
}

TEST_CASE("malformed stored inputs are rejected naming the field") {
  const StatementPtr statement = find_statement("P2.b");
  const StatementTheory st = *load(default_theory_path()).find("P2.b");
  nlohmann::json good = nlohmann::json::parse(
      R"({"scores": ["0", "-1"], "values": [["1"], ["2"]], "target": 0, "query": 1, "causal": false})");
  CHECK_NOTHROW(statement->replay(good, st, PrecisionPolicy()));
  nlohmann::json bad = good;
  bad["scores"][1] = "x1";
  CHECK_THROWS_WITH(statement->replay(bad, st, PrecisionPolicy()), Catch::Contains("inputs.scores[1]"));
  bad = good;
  bad["values"] = {{"1"}};
  CHECK_THROWS_WITH(statement->replay(bad, st, PrecisionPolicy()), Catch::Contains("inputs.values"));
  bad = good;
  bad.erase("causal");
  CHECK_THROWS_WITH(statement->replay(bad, st, PrecisionPolicy()), Catch::Contains("inputs.causal"));
  bad = good;
  bad["query"] = 0;
  bad["causal"] = true;
  CHECK_THROWS_WITH(statement->replay(bad, st, PrecisionPolicy()), Catch::Contains("inputs.query"));
}

// Soundness regression (issue: a relation with no value was certified as
// holding): the log of an argument that is exactly 0, or negative by 1e-40,
// on every applicable case must never "hold", at any stage.
TEST_CASE("a claim over the log of a non-positive number never holds") {
  for (const char* argument : {"o_norm2 - g^2*obar_norm2", "o_norm2 - g^2*obar_norm2 - 1/10^40", "1/3 - 1/3"}) {
    INFO(argument);
    const Theory theory = load(theory_with(
        "log-of-zero.toml",
        {holds("P2.c", "output norm is the gated sink-free norm", std::string("log(") + argument + ") <= 1")}));
    const StatementResult r = run_statement(theory, "P2.c", 100, 3, false);
    REQUIRE(r.claims.size() > 0);
    const ClaimTally& t = r.claims.front();
    CHECK(t.holds == 0);
    CHECK(t.counterexamples == 0);
    CHECK(t.undecided > 0);  // the applicable cases: undefined, not decided
    CHECK(r.decided_by.count("undefined") == 1);
  }
}
