// P3 — when dense attention smooths more than sparse: hand values of the
// exact quantities, the properties through rapidcheck, the boundary
// generators, the two readings of P3.d, and false variants (edited through
// the theory file) caught with certified, replayable counterexamples.
#include <rapidcheck/catch.h>

#include "propositions/smoothing.hpp"
#include "arbitrary_precision.hpp"
#include "support.hpp"

using namespace sinkcheck;
using namespace sinkcheck::test;

namespace {

Rational exact(const SmoothingInstance& x, const std::string& name, std::size_t coordinate = 0) {
  return smoothing_exact_quantity(x, name).at(coordinate);
}

// d = 1: β, W = (w), L = (l), μ = (m).
SmoothingInstance scalar_instance(long k, Rational beta, Rational w, Rational l, Rational m) {
  SmoothingInstance x;
  x.k = k;
  x.beta = beta;
  x.W = {{w}};
  x.L = {{l}};
  x.mu = {m};
  return x;
}

void assert_claims_certified(const StatementTheory& statement, const SmoothingInstance& x) {
  StagedQuantities quantities = smoothing_staged_quantities(x);
  for (const ClaimTheory& claim : statement.claims) {
    const Decision d = decide(claim.assume, claim.holds, quantities, PrecisionPolicy());
    RC_LOG() << claim.name << ": " << to_string(d.verdict) << " [" << d.stage << "] " << d.evidence << "\n";
    RC_ASSERT(d.verdict != Verdict::Counterexample);
    RC_ASSERT(d.verdict != Verdict::Undecided);
  }
}

bool on_boundary(const nlohmann::json& inputs) {
  const SmoothingTraces t = exact_traces(smoothing_from_json(inputs));
  const Rational red = t.trBW * smoothing_from_json(inputs).beta;
  return (red == 0 && t.trBWtW > 0) || (red + t.trBWtW == 0 && t.trBWtW > 0);
}

}  // namespace

TEST_CASE("P3 exact quantities match hand computation (d = 1)") {
  // β = 1, w = -3, l = 2, m = 1, k = 4: trB = 4, trBW = -12, trBWtW = 36.
  const SmoothingInstance x = scalar_instance(4, 1, -3, 2, 1);
  CHECK(exact(x, "trB") == 4);
  CHECK(exact(x, "trBW") == -12);
  CHECK(exact(x, "trBWtW") == 36);
  CHECK(exact(x, "mu_norm2") == 4);  // ((β + w) m)^2
  // D(λ) = (3/4) (β + (1-λ) w)^2 l^2: D(0) = 12, D(1) = 3, D(1/2) = 3/4.
  CHECK(exact(x, "D", 0) == 12);
  CHECK(exact(x, "D", 2) == Rational(3, 4));
  CHECK(exact(x, "D", 4) == 3);
  // D'(λ) = -2 (3/4) (β trBW + (1-λ) trBWtW): D'(0) = -36, D'(1) = 18.
  CHECK(exact(x, "dD0") == -36);
  CHECK(exact(x, "dD1") == 18);
  CHECK(exact(x, "dD_min") == -36);
  CHECK(exact(x, "dD_max") == 18);
  // Between the conditions: interior minimum at λ = 2/3, not monotone.
  CHECK(exact(x, "D_interior_min") == 1);
  CHECK(exact(x, "D_monotone") == 0);
  CHECK(exact(x, "D_dec") == 0);
  CHECK(exact(x, "D_inc") == 0);
  // N(λ) = 4 + (2λ/4)(-12) + ((2λ - λ^2)/4) 36, so N(1) = 7.
  CHECK(exact(x, "N", 4) == 7);
  // E||Ybar||^2 is constant: ||(β+w) m||^2 + (1/k)(β+w)^2 l^2 = 4 + 4 = 8.
  for (std::size_t i = 0; i < smoothing_grid().size(); ++i) CHECK(exact(x, "Ebar", i) == 8);
}

TEST_CASE("P3 flags on and beside the boundary beta tr(BW) = 0") {
  // β = 0, tr(BWᵀW) > 0: D' = -2(1 - 1/k)(1-λ) tr(BWᵀW) < 0 on [0,1), 0 at 1.
  const SmoothingInstance on = scalar_instance(3, 0, 1, 1, 0);
  CHECK(exact(on, "dD1") == 0);
  CHECK(exact(on, "dD_max") == 0);
  CHECK(exact(on, "D_dec") == 1);  // strictly decreasing as a function
  CHECK(exact(on, "N_inc") == 1);
  // β = -2^-100: just on the other side, D' > 0 near λ = 1.
  const SmoothingInstance beside = scalar_instance(3, -Rational(1) / Rational(Integer(1) << 100), 1, 1, 0);
  CHECK(exact(beside, "dD1") > 0);
  CHECK(exact(beside, "D_dec") == 0);
  CHECK(exact(beside, "D_interior_min") == 1);
  // W = 0: D constant, nothing strict.
  const SmoothingInstance flat = scalar_instance(5, 2, 0, 1, 1);
  CHECK(exact(flat, "D_dec") == 0);
  CHECK(exact(flat, "D_inc") == 0);
  CHECK(exact(flat, "D_monotone") == 1);
  CHECK(exact(flat, "rho_inc") == 0);
  // B = 0 and μ = 0: Y = 0, rho undefined.
  const SmoothingInstance zero = scalar_instance(2, 1, 1, 0, 0);
  CHECK(exact(zero, "Y2_min") == 0);
  CHECK(exact(zero, "rho_inc") == 0);
  CHECK(exact(zero, "rho_dec") == 0);
}

TEST_CASE("P3 enclosures contain the exact quantities (rapidcheck)") {
  rc::prop("double-interval and 128-bit ladder quantities enclose the exact ones", [] {
    const SmoothingInstance x = *smoothing_instance_gen(SmoothingDomain());
    StagedQuantities q = smoothing_staged_quantities(x);
    const Bindings<ExactValue>* e = q.exact();
    RC_ASSERT(e != nullptr);
    const Bindings<DoubleInterval>& di = q.at_double();
    const Bindings<LadderScalar>& ladder = q.at_bits(128);
    for (std::size_t v = 0; v < e->size(); ++v) {
      for (std::size_t c = 0; c < (*e)[v].size(); ++c) {
        const Rational value = (*e)[v][c].to_rational();
        RC_LOG() << smoothing_variables()[v].name << "[" << c << "] = " << to_string(value) << "\n";
        RC_ASSERT(di[v][c].lower() <= to_double_up(value));
        RC_ASSERT(di[v][c].upper() >= to_double_down(value));
        RC_ASSERT(test::contains(ladder[v][c], value));
      }
    }
  });
}

TEST_CASE("P3 properties hold on generated instances (rapidcheck)") {
  const Theory theory = load(default_theory_path());
  const std::vector<std::pair<const char*, SmoothingFocus>> statements = {
      {"P3.model", SmoothingFocus::Mixed}, {"P3.a", SmoothingFocus::Mixed},   {"P3.b", SmoothingFocus::Red},
      {"P3.c", SmoothingFocus::Blue},      {"P3.d", SmoothingFocus::Boundary}, {"P3.e", SmoothingFocus::Mixed}};
  for (const auto& [id, focus] : statements) {
    const StatementTheory statement = theory.find(id)->selected();
    const SmoothingFocus f = focus;
    rc::prop(std::string(id) + " is certified", [&] {
      assert_claims_certified(statement, *smoothing_instance_gen(SmoothingDomain(), f));
    });
  }
}

TEST_CASE("boundary generators land exactly on and beside the boundaries (rapidcheck)") {
  rc::prop("on-boundary families are exactly on their boundary", [] {
    const SmoothingInstance x = *smoothing_instance_gen(SmoothingDomain(), SmoothingFocus::Boundary);
    const SmoothingTraces t = exact_traces(x);
    RC_LOG() << x.family << " " << smoothing_to_json(x).dump() << "\n";
    RC_ASSERT(t.trBWtW >= 0);
    if (x.family.rfind("boundary beta*trBW = 0", 0) == 0) RC_ASSERT(x.beta * t.trBW == 0);
    if (x.family == "boundary beta*trBW + trBWtW = 0" && t.trBW != 0) RC_ASSERT(x.beta * t.trBW + t.trBWtW == 0);
    if (x.family.rfind("beside beta*trBW = 0", 0) == 0 && t.trB != 0) {
      const Rational off = t.trBW / t.trB;  // -/+ 2^-e exactly
      RC_ASSERT(off != 0);
      RC_ASSERT(Rational(abs(off)) <= Rational(1, 2));
      RC_ASSERT(boost::multiprecision::numerator(Rational(abs(off))) == 1);
    }
    if (x.family.rfind("beside beta*trBW + trBWtW", 0) == 0 && t.trBW != 0)
      RC_ASSERT(x.beta * t.trBW + t.trBWtW != 0);
  });
}

TEST_CASE("the shipped P3 theory is certified on the default budget") {
  const Theory theory = load(default_theory_path());
  std::size_t escalated_beyond_double = 0;
  for (const char* id : {"P3.model", "P3.a", "P3.b", "P3.c", "P3.d", "P3.e"}) {
    const StatementResult r = run_statement(theory, id, 200, 1);
    INFO(id);
    CHECK(r.verdict() == Verdict::Holds);
    CHECK(r.counterexamples == 0);
    CHECK(r.undecided == 0);
    CHECK(r.holds * 5 > r.cases);  // the focus keeps many cases non-vacuous
    for (const auto& [stage, n] : r.decided_by) escalated_beyond_double += stage != "double" ? n : 0;
  }
  CHECK(escalated_beyond_double > 0);
}

TEST_CASE("P3.d: the derivative reading holds, the literal one fails exactly on the boundary") {
  const StatementResult r = run_statement(load(default_theory_path()), "P3.d", 200, 1);
  CHECK(r.reading == "derivative");
  CHECK(r.verdict() == Verdict::Holds);
  REQUIRE(r.other_readings.size() == 1);
  const StatementResult& literal = r.other_readings[0];
  CHECK(literal.reading == "literal");
  CHECK(literal.verdict() == Verdict::Counterexample);
  REQUIRE_FALSE(literal.counterexample_cases.empty());
  for (const CaseRecord& c : literal.counterexample_cases) {
    INFO(c.claim << " " << c.inputs.dump());
    CHECK(c.claim.find("only if") != std::string::npos);
    CHECK(on_boundary(c.inputs));
  }
  // Selecting the literal reading in the theory file makes it the statement.
  const std::string path = theory_with("p3-literal.toml", {table_key("P3.d", "reading", toml::value("literal"))});
  const StatementResult l = run_statement(load(path), "P3.d", 200, 1);
  CHECK(l.reading == "literal");
  CHECK(l.verdict() == Verdict::Counterexample);
  REQUIRE(l.other_readings.size() == 1);
  CHECK(l.other_readings[0].verdict() == Verdict::Holds);
  for (const CaseRecord& c : l.counterexample_cases) CHECK(on_boundary(c.inputs));
}

TEST_CASE("readings in the theory file are checked with file:line:column") {
  auto error_of = [](const std::string& path) -> std::string {
    try {
      load(path);
    } catch (const TheoryError& e) {
      return e.what();
    }
    return "";
  };
  const std::string unknown = theory_with("p3-reading-unknown.toml", {table_key("P3.d", "reading", toml::value("loose"))});
  CHECK_THAT(error_of(unknown), Catch::Contains("P3.d.reading = \"loose\" is no claim's reading (claims carry: "
                                                "derivative, literal)") &&
                                    Catch::StartsWith(unknown + ":"));
  const std::string unselected = theory_with("p3-reading-missing.toml", {TheoryEdit{"P3.d", "", "reading", std::nullopt}});
  CHECK_THAT(error_of(unselected), Catch::Contains("its claims carry readings (derivative, literal)"));
}

namespace {

// Known wrong statements of P3 (docs/propositions/P3-smoothing.md), then our own. Each is false on some instance of the model.
const std::vector<FalseVariant> false_variants = {
    {"P3.a", "known false: D'_k(1) = -2 beta tr(BW) drops 1 - 1/k",
     {holds("P3.a", "at lam = 1", "dD1 == -2*beta*trBW")}},
    {"P3.b", "known false: the condition tr(BW) > 0 drops beta",
     {assume("P3.b", "D_k strictly decreases", {"trBW > 0"})}},
    {"P3.c", "own: an interior minimum already on the boundaries (non-strict conditions)",
     {assume("P3.c", "strictly between the conditions: an interior minimum", {"beta*trBW <= 0", "beta*trBW + trBWtW >= 0"})}},
    {"P3.a", "own: D'_k(0) with tr(BW) in place of tr(BW^T W)",
     {holds("P3.a", "at lam = 0", "dD0 == -2*(1 - 1/k)*(beta*trBW + trBW)")}},
    {"P3.e", "own: N' = -D'_k/k (k in place of k - 1)", {holds("P3.e", "N' = -D_k'/(k-1)", "dN == -dD/k")}},
    {"P3.model", "own: N with lam^2 in place of 2 lam - lam^2",
     {holds("P3.model", "N closed form", "N == mu_norm2 + (2*lam*beta/k)*trBW + ((lam^2)/k)*trBWtW")}},
    {"P3.d", "own: the derivative reading with a non-strict D'_k <= 0",
     {assume("P3.d", "D_k' < 0 on [0,1] only if beta tr(BW) > 0", {"dD_max <= 0"})}},
    {"P3.b", "own: rho increases under beta tr(BW) >= 0",
     {assume("P3.b", "rho strictly increases", {"beta*trBW >= 0"})}},
    {"P3.e", "own: rho' without the factor k",
     {holds("P3.e", "rho' = k N' E||Ybar||^2 / (E||Y_i||^2)^2", "drho == dN*Ebar/Y2^2")}},
};

// Run by tests/test_every_model.cpp, with every registered model's.
const RegisterFalseVariants registered_false_variants{{"P3", 200, 1, false_variants}};

}  // namespace

TEST_CASE("the non-strict interior-minimum variant fails exactly on a boundary") {
  const std::string path = theory_with(
      "p3-interior.toml",
      {assume("P3.c", "strictly between the conditions: an interior minimum", {"beta*trBW <= 0", "beta*trBW + trBWtW >= 0"})});
  const StatementResult r = run_statement(load(path), "P3.c", 200, 2);
  REQUIRE_FALSE(r.counterexample_cases.empty());
  for (const CaseRecord& c : r.counterexample_cases) {
    const SmoothingInstance x = smoothing_from_json(c.inputs);
    const SmoothingTraces t = exact_traces(x);
    INFO(c.inputs.dump());
    CHECK((x.beta * t.trBW == 0 || x.beta * t.trBW + t.trBWtW == 0));
  }
}

TEST_CASE("malformed P3 inputs are rejected naming the field") {
  const nlohmann::json good = nlohmann::json::parse(
      R"({"k": 3, "beta": "1/2", "mu": ["1", "0"], "L": [["1"], ["-1/2"]], "W": [["0", "1"], ["1", "0"]]})");
  CHECK_NOTHROW(smoothing_from_json(good));
  auto error = [&](const std::function<void(nlohmann::json&)>& edit) -> std::string {
    nlohmann::json bad = good;
    edit(bad);
    try {
      smoothing_from_json(bad);
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "";
  };
  CHECK_THAT(error([](auto& j) { j["W"][1][0] = "x"; }), Catch::StartsWith("inputs.W[1][0]: "));
  CHECK_THAT(error([](auto& j) { j["W"][1] = {"1"}; }), Catch::StartsWith("inputs.W[1]: expected 2 entries"));
  CHECK_THAT(error([](auto& j) { j["L"] = {{"1"}}; }), Catch::StartsWith("inputs.L: expected 2 rows"));
  CHECK_THAT(error([](auto& j) { j["L"][1] = {"1", "2"}; }), Catch::StartsWith("inputs.L[1]: expected 1 entries"));
  CHECK_THAT(error([](auto& j) { j["k"] = 1; }), Catch::StartsWith("inputs.k: expected an integer from 2 to 1000000"));
  CHECK_THAT(error([](auto& j) { j.erase("beta"); }), Catch::StartsWith("inputs.beta: missing"));
  CHECK_THAT(error([](auto& j) { j["beta"] = 0.5; }), Catch::StartsWith("inputs.beta: expected an exact number"));
  CHECK_THAT(error([](auto& j) { j["mu"] = nlohmann::json::array(); }), Catch::StartsWith("inputs.mu: "));
  // A stored instance round-trips exactly.
  const SmoothingInstance x = smoothing_from_json(good);
  CHECK(smoothing_to_json(x)["L"] == good["L"]);
  CHECK(smoothing_from_json(smoothing_to_json(x)).W == x.W);
}
