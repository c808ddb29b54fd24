// P1 — sink representability: the properties through rapidcheck, the shipped
// theory certified, the boundary regimes reached, the exact infeasibility
// certificates, known-false variants caught with certified,
// replayable counterexamples, and degenerate input.
#include <rapidcheck/catch.h>

#include "propositions/sink_representability.hpp"
#include "support.hpp"

using namespace sinkcheck;
using namespace sinkcheck::test;

namespace {

const char* const kStatements[] = {"P1.a", "P1.b", "P1.c", "P1.d"};

SinkPurpose purpose_of(const std::string& id) {
  return id == "P1.c" ? SinkPurpose::Softmax : id == "P1.d" ? SinkPurpose::Normalised : SinkPurpose::Geometry;
}

nlohmann::json instance(const std::vector<std::vector<std::string>>& tokens, std::vector<int> J, bool causal,
                        const std::string& kappa = "1", const std::string& eps = "1/10") {
  return {{"tokens", tokens}, {"J", J}, {"causal", causal}, {"kappa", kappa}, {"eps", eps}};
}

std::vector<Decision> replay(const std::string& id, const nlohmann::json& inputs, const std::string& theory_path) {
  const Theory theory = load(theory_path);
  return find_statement(id)->replay(inputs, *theory.find(id), PrecisionPolicy());
}

}  // namespace

TEST_CASE("P1 properties hold on generated instances (rapidcheck)") {
  const Theory theory = load(default_theory_path());
  SinkDomain domain;
  domain.large_percent = 0;  // the large instances have their own test
  const auto solver = std::make_shared<PatternOptimumSolver>();  // P1.b's cross-check
  for (const char* id : kStatements) {
    const StatementTheory statement = *theory.find(id);
    const bool softmax = std::string(id) == "P1.c";
    rc::prop(id, [&] {
      const SinkInstance s = *sink_instance_gen(domain, purpose_of(id));
      StagedQuantities quantities = sink_staged_quantities(s, softmax, std::string(id) == "P1.b" ? solver : nullptr);
      for (const ClaimTheory& claim : statement.claims) {
        const Decision d = decide(claim.assume, claim.holds, quantities, PrecisionPolicy());
        RC_LOG() << claim.name << ": " << to_string(d.verdict) << " [" << d.stage << "] " << d.evidence << "\n";
        RC_ASSERT(d.verdict != Verdict::Counterexample);
        RC_ASSERT(d.verdict != Verdict::Undecided);
      }
    });
  }
}

TEST_CASE("the shipped P1 theory is certified on the default budget") {
  const Theory theory = load(default_theory_path());
  for (const char* id : kStatements) {
    const StatementResult r = run_statement(theory, id, 200, 1);
    INFO(id);
    CHECK(r.verdict() == Verdict::Holds);
    CHECK(r.counterexamples == 0);
    CHECK(r.undecided == 0);
    CHECK(r.escalated > 0);
  }
}

TEST_CASE("the generators reach the boundary regimes") {
  SinkDomain domain;
  domain.large_percent = 0;
  std::size_t tiny_rho_Q = 0, zero_rho_Q = 0, tiny_rho_K = 0, zero_rho_K = 0, causal = 0, d1 = 0;
  const auto geometry = sink_instance_gen(domain, SinkPurpose::Geometry);
  for (int k = 0; k < 400; ++k) {
    const SinkInstance s = geometry(rc::Random(std::uint64_t(k)), k % 101).value();
    const SinkFacts f = sink_facts(s);
    const Rational tiny = parse_rational("1e-24");  // (10^-12)^2
    tiny_rho_Q += f.queries.norm2 > 0 && f.queries.norm2 < tiny;
    zero_rho_Q += f.queries.norm2 == 0;
    tiny_rho_K += f.keys.norm2 > 0 && f.keys.norm2 < tiny;
    zero_rho_K += f.keys.norm2 == 0;
    causal += s.causal;
    d1 += s.dim() == 1;
    // an infeasible instance carries its exact certificate
    if (f.queries.norm2 == 0) CHECK(f.q_blocked);
    if (f.keys.norm2 == 0) CHECK(f.k_blocked);
  }
  CHECK(tiny_rho_Q >= 5);  // rho_Q below 1e-12 (and positive)
  CHECK(zero_rho_Q >= 20);
  CHECK(tiny_rho_K >= 5);
  CHECK(zero_rho_K >= 20);
  CHECK(causal >= 100);
  CHECK(d1 >= 20);

  // P1.c: sink masses within 1e-300 of 1, certified.
  std::size_t within = 0;
  const auto softmax = sink_instance_gen(domain, SinkPurpose::Softmax);
  for (int k = 0; k < 100; ++k) {
    const SinkInstance s = softmax(rc::Random(std::uint64_t(k)), k % 101).value();
    StagedQuantities q = sink_staged_quantities(s, true);
    const auto& gates = q.at_bits(128)[std::size_t(sink_softmax_variables().size() - 1)];
    bool all_tiny = true;
    for (const LadderScalar& g : gates) all_tiny &= upper_double(g) < 1e-300;
    within += all_tiny;
  }
  CHECK(within >= 20);

  // P1.d: c_max -> 1.
  std::size_t close = 0;
  const auto normalised = sink_instance_gen(domain, SinkPurpose::Normalised);
  for (int k = 0; k < 100; ++k) {
    const SinkFacts f = sink_facts(normalised(rc::Random(std::uint64_t(k)), k % 101).value());
    close += f.c_max_defined && f.c_max_dot > 0 && f.c_max_dot * f.c_max_dot > f.c_max_norms2 * (1 - Rational(1, 1000000000000LL));
  }
  CHECK(close >= 5);
}

TEST_CASE("large instances (T up to 1024, d up to 256) are certified on the fast path") {
  const std::string path = theory_with("p1-large.toml", {table_key("P1.domain", "large_percent", toml::value(100))});
  const StatementResult r = run_statement(load(path), "P1.b", 8, 4);
  CHECK(r.verdict() == Verdict::Holds);
  CHECK(r.undecided == 0);
}

namespace {

// Known wrong statements of P1 (docs/propositions/P1-sink-representability.md), then our own.
const std::vector<FalseVariant> false_variants = {
    {"P1.b", "known false: min cost kappa sqrt(d)/rho_K^2",
     {holds("P1.b", "primal: W* costs no more than the formula", "cost_upper <= kappa*sqrt(d)/rho_K^2"), holds("P1.b", "dual: nothing cheaper sinks J", "cost_lower >= kappa*sqrt(d)/rho_K^2")}},
    {"P1.b", "known false: min cost kappa d/(rho_Q rho_K)",
     {holds("P1.b", "primal: W* costs no more than the formula", "cost_upper <= kappa*d/(rho_Q*rho_K)"), holds("P1.b", "dual: nothing cheaper sinks J", "cost_lower >= kappa*d/(rho_Q*rho_K)")}},
    {"P1.a", "known false: sinks exist whenever rho_K > 0 (drops rho_Q)",
     {assume("P1.a", "alignment and separation suffice: an explicit sink", {"rho_K > 0"})}},
    {"P1.a", "own: the half-space margin strictly exceeds rho_Q (it equals it: exact stage)",
     {holds("P1.a", "the half-space margin is rho_Q", "q_align > rho_Q")}},
    {"P1.b", "own: the nuclear-norm cross-check against kappa d/(rho_Q rho_K)",
     {holds("P1.b", "cross-check: the nuclear-norm program finds the same minimum (to 1e-6)", "abs(nn_opt - kappa*d/(rho_Q*rho_K)) <= 1/1000000*kappa*d/(rho_Q*rho_K)")}},
    {"P1.b", "own: the dual multipliers strictly inside the unit ball (the norm is exactly 1)",
     {holds("P1.b", "dual: the multipliers are feasible", "dual_opnorm < 1")}},
    {"P1.c", "own: the epsilon-sink upper end without |K|",
     {assume("P1.c", "epsilon-sink cost, upper end: W* at that cost is an epsilon-sink", {"cost_upper >= log((1 - eps)/eps) * sqrt(d)/(rho_Q*rho_K)"})}},
    {"P1.c", "own: the sink rate with the margin doubled",
     {holds("P1.c", "sink mass rate A_i0 >= 1/(1 + |K_i| e^-kappa), stated for the gate 1 - A_i0", "gate <= K_i*exp(-2*kappa) / (1 + K_i*exp(-2*kappa))")}},
    {"P1.c", "own: beyond double's range the gate vanishes (a float would agree)",
     {assume("P1.c", "sink mass rate A_i0 >= 1/(1 + |K_i| e^-kappa), stated for the gate 1 - A_i0", {"kappa >= 800"}), holds("P1.c", "sink mass rate A_i0 >= 1/(1 + |K_i| e^-kappa), stated for the gate 1 - A_i0", "gate == 0")}},
    {"P1.d", "own: the upper bound with sqrt(1 - c_max)",
     {holds("P1.d", "cost upper bound kappa/(rho_Q (1 - c_max))", "cost_upper <= kappa/(rho_Q*sqrt(1 - c_max))")}},
    {"P1.d", "own: the nearest-key bound without the LayerNorm assumption",
     {assume("P1.d", "the sink is no farther from the key hull than from its nearest key", {"c_max < 1"})}},
    {"P1.d", "own: the lower bound without the factor 2",
     {holds("P1.d", "cost lower bound kappa/(rho_Q sqrt(2(1 - c_max)))", "cost_lower >= kappa/(rho_Q*sqrt(1 - c_max))")}},
};

// Run by tests/test_every_model.cpp, with every registered model's.
// 150 cases: 100 random, the rest the targeted phase's
const RegisterFalseVariants registered_false_variants{{"P1", 150, 1, false_variants}};

}  // namespace

TEST_CASE("the drop-rho_Q variant is refuted by an exact convex combination equal to 0") {
  const std::string path = theory_with(
      "p1-drop-rho-q.toml",
      {assume("P1.a", "alignment and separation suffice: an explicit sink", {"rho_K > 0"})});
  // Queries 1 and 2 exactly opposite: 0 = (z_1 + z_2)/2; the sink apart from both.
  const nlohmann::json inputs = instance({{"3", "0"}, {"1", "1"}, {"-1", "-1"}}, {1, 2}, false);
  const std::vector<Decision> d = replay("P1.a", inputs, path);
  CHECK(d[0].verdict == Verdict::Counterexample);
  const SinkFacts f = sink_facts(SinkInstance{{{3, 0}, {1, 1}, {-1, -1}}, {1, 2}});
  CHECK(f.queries.norm2 == 0);
  CHECK(f.q_blocked);
  CHECK(f.queries.weights == std::vector<Rational>{Rational(1, 2), Rational(1, 2)});
  CHECK(f.keys.norm2 > 0);
  CHECK_FALSE(f.sinkable);
}

TEST_CASE("finding: the epsilon-sink lower end fails under a causal mask with K = [max J]") {
  // P1.c read literally (no causal == 0): query 2 must beat key 3
  // with margin kappa, but under the causal mask it never sees key 3, so an
  // epsilon-sink is cheaper than log((1-eps)/eps) sqrt(d)/(rho_Q rho_K).
  const std::string literal =
      theory_with("p1-causal-lower.toml", {assume("P1.c", "epsilon-sink cost, lower end (no causal mask: see the P1 page)", {"gate <= eps"})});
  const nlohmann::json inputs = instance({{"11/4"}, {"2"}, {"1"}, {"5/2"}}, {1, 2, 3}, true, "3", "1/100");
  CHECK(replay("P1.c", inputs, literal)[2].verdict == Verdict::Counterexample);
  CHECK(replay("P1.c", inputs, default_theory_path())[2].verdict == Verdict::Vacuous);
  nlohmann::json open = inputs;
  open["causal"] = false;  // the same tokens without the mask: the end holds
  CHECK(replay("P1.c", open, literal)[2].verdict != Verdict::Counterexample);
}

TEST_CASE("degenerate input gets a defined verdict or a clear error") {
  const std::string shipped = default_theory_path();
  SECTION("J empty is rejected naming the field") {
    CHECK_THROWS_WITH(replay("P1.a", instance({{"1"}, {"2"}}, {}, false), shipped), Catch::Contains("inputs.J: empty"));
  }
  SECTION("malformed inputs name the field") {
    CHECK_THROWS_WITH(replay("P1.a", instance({{"1"}, {"2", "3"}}, {1}, false), shipped), Catch::Contains("inputs.tokens[1]"));
    CHECK_THROWS_WITH(replay("P1.a", instance({{"1"}, {"2"}}, {2}, false), shipped), Catch::Contains("inputs.J[0]"));
    CHECK_THROWS_WITH(replay("P1.a", instance({{"1"}, {"2"}}, {1}, false, "0"), shipped), Catch::Contains("inputs.kappa"));
    CHECK_THROWS_WITH(replay("P1.c", instance({{"1"}, {"2"}}, {1}, false, "1", "1"), shipped), Catch::Contains("inputs.eps"));
    nlohmann::json bad = instance({{"1"}, {"x"}}, {1}, false);
    CHECK_THROWS_WITH(replay("P1.a", bad, shipped), Catch::Contains("inputs.tokens[1][0]"));
  }
  for (const char* id : kStatements) {
    INFO(id);
    SECTION(std::string("no crash and no wrong verdict on degenerate instances: ") + id) {
      const std::vector<nlohmann::json> cases = {
          instance({{"0", "0"}, {"0", "0"}, {"0", "0"}}, {1, 2}, false),   // every token 0
          instance({{"2"}, {"2"}, {"2"}}, {1, 2}, true),                   // duplicates, sink equal to every key
          instance({{"1"}, {"-1"}}, {1}, false),                           // d = 1, T = 1
          instance({{"1", "1"}, {"1", "1"}, {"1", "-1"}}, {1, 2}, false),  // the sink is a key
      };
      for (const nlohmann::json& c : cases) {
        const std::vector<Decision> d = replay(id, c, shipped);
        for (const Decision& x : d) {
          INFO(c.dump() << " " << x.evidence);
          CHECK(x.verdict != Verdict::Counterexample);
        }
      }
    }
  }
  SECTION("the sink equal to a key: rho_K = 0 and an exact certificate z_0 = z_1") {
    const SinkFacts f = sink_facts(SinkInstance{{{1, 1}, {1, 1}, {1, -1}}, {1, 2}});
    CHECK(f.keys.norm2 == 0);
    CHECK(f.k_blocked);
    CHECK_FALSE(f.sinkable);
  }
}
