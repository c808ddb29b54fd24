// P4: the copy task, the two patterns, the seed's constructions, the four
// cost bounds, their false variants and the threshold search.
#include <rapidcheck/Random.h>
#include <rapidcheck/Shrinkable.h>

#include <cmath>

#include "generators/copy_task.hpp"
#include "engine/boundary_search.hpp"
#include "propositions/cost_bound_extras.hpp"
#include "propositions/cost_bounds.hpp"
#include "propositions/pattern_optimum.hpp"
#include "copy_task_samples.hpp"
#include "support.hpp"
#include "verify/norm_enclosures.hpp"

using namespace sinkcheck;
using namespace sinkcheck::test;

namespace {

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

double reduced_sink_cost(long C, double lambda) {
  const double a = 1 / std::min(lambda, 1.0), b = (1 + a) / lambda;
  return (C - 1) * b + std::sqrt(2 * C * a * a + b * b + 2 * std::sqrt(double(C)) * a * b);
}

}  // namespace

TEST_CASE("copy-task instances are valid, centred and rotated exactly", "[P4]") {
  for (const CopyTaskInstance& x : sample_instances(60)) {
    INFO(copy_task_to_json(x).dump());
    REQUIRE_NOTHROW(validate(x));
    CHECK(x.dim >= long(x.space_dim()));
    const CopyTaskTokens t = copy_task_tokens(x);
    // The rotated signal and nuisance bases stay orthonormal, exactly.
    std::vector<RationalVector> basis = t.signal_basis;
    basis.insert(basis.end(), t.nuisance_basis.begin(), t.nuisance_basis.end());
    for (std::size_t a = 0; a < basis.size(); ++a)
      for (std::size_t b = 0; b < basis.size(); ++b) CHECK(dot(basis[a], basis[b]) == Rational(a == b ? 1 : 0));
    const NuisanceStatistics s = nuisance_statistics(x);
    CHECK(s.Delta_diag > 0);
    CHECK(s.delta2 > 0);
    CHECK(s.rank >= 1);
    CHECK(s.rank <= long(x.nuisance_dim()));
  }
}

TEST_CASE("the closed-form costs of the constructions match a certified nuclear norm", "[P4]") {
  for (const CopyTaskInstance& x : sample_instances(12)) {
    INFO(copy_task_to_json(x).dump());
    const RationalInterval sink = certified_nuclear_norm(sink_construction(x));
    const double closed_sink = ScalarTraits<DoubleInterval>::approx(sink_construction_cost<DoubleInterval>(x.groups, x.lambda));
    CHECK(std::abs(closed_sink - to_double(sink.lo)) <= 1e-8 * closed_sink);
    const Rational alpha = diagonal_alpha(x, false);
    const RationalInterval diagonal = certified_nuclear_norm(diagonal_construction(x, alpha));
    const long rank = nuisance_statistics(x).rank;
    const double closed_diag =
        ScalarTraits<DoubleInterval>::approx(diagonal_construction_cost<DoubleInterval>(x.groups, x.lambda, alpha, rank));
    CHECK(std::abs(closed_diag - to_double(diagonal.lo)) <= 1e-8 * closed_diag);
  }
}

TEST_CASE("the constructions meet their patterns exactly; the other alpha reading does not", "[P4]") {
  std::size_t alt_infeasible = 0, instances = 0;
  for (const CopyTaskInstance& x : sample_instances(30)) {
    INFO(copy_task_to_json(x).dump());
    CHECK(first_unmet_preference(sink_construction(x), copy_task_contexts(x, Pattern::Sink)) == "");
    const CopyTaskContexts diagonal = copy_task_contexts(x, Pattern::Diagonal);
    CHECK(first_unmet_preference(diagonal_construction(x, diagonal_alpha(x, false)), diagonal) == "");
    // alpha = 2 kappa/(sqrt(d) Delta_diag) is d times too small for the pair
    // constraints of (D1) wherever a same-group pair attains Delta_diag (a
    // cross-group pair is helped by the signal part, so it can pass there).
    alt_infeasible += first_unmet_preference(diagonal_construction(x, diagonal_alpha(x, true)), diagonal) != "";
    ++instances;
  }
  CHECK(alt_infeasible * 2 > instances);
  const CopyTaskInstance canonical = canonical_copy_task(2, 3, 1, 1, 0, 4);
  CHECK_THAT(first_unmet_preference(diagonal_construction(canonical, diagonal_alpha(canonical, true)),
                                    copy_task_contexts(canonical, Pattern::Diagonal)),
             Catch::Contains("dormant"));
}

TEST_CASE("the seed's sink constant a = kappa/(lambda sqrt d) misses (S3) for lambda > 1", "[P4]") {
  CopyTaskInstance x = canonical_copy_task(2, 2, Rational(3, 2), 1, 0, 4);
  const CopyTaskContexts sink = copy_task_contexts(x, Pattern::Sink);
  CHECK(first_unmet_preference(sink_construction(x), sink) == "");
  // The same construction with a = 1/lambda (reduced units), b = (1 + a)/lambda.
  RationalMatrix M(x.space_dim(), RationalVector(x.space_dim()));
  const Rational a = 1 / x.lambda, b = (1 + a) / x.lambda;
  for (std::size_t k = 1; k < x.signal_dim(); ++k) M[k][0] = a;
  for (std::size_t c = 1; c <= 2; ++c) M[2 + c][c] = b;
  CHECK_THAT(first_unmet_preference(M, sink), Catch::Contains("group absent"));
}

TEST_CASE("the patterns' constraints are built from the contexts", "[P4]") {
  const CopyTaskInstance x = canonical_copy_task(3, 2, 1, 1, 0, 4);
  const long C = 3, n = 2;
  // Sink: dormant rows prefer BOS over C n dormant tokens and C copy queries;
  // copy rows (group present) each group token over BOS, n(C-1) others and C
  // copy queries; copy rows (group absent) BOS over n(C-1) others and C copies.
  const std::size_t sink = pattern_preferences(copy_task_contexts(x, Pattern::Sink)).size();
  CHECK(sink == std::size_t(C * n * (C * n + C) + C * n * (1 + n * (C - 1) + C) + C * (n * (C - 1) + C)));
  // Diagonal: dormant rows prefer themselves over C n - 1 dormant, BOS, C copies;
  // the copy rows with group absent prefer themselves over BOS, n(C-1) others and C - 1 copies.
  const std::size_t diagonal = pattern_preferences(copy_task_contexts(x, Pattern::Diagonal)).size();
  CHECK(diagonal == std::size_t(C * n * (C * n - 1 + 1 + C) + C * n * (1 + n * (C - 1) + C) + C * (1 + n * (C - 1) + C - 1)));
}

TEST_CASE("the certified optima bracket the constructions and the seed's lower bounds", "[P4]") {
  for (const CopyTaskInstance& x : sample_instances(6)) {
    INFO(copy_task_to_json(x).dump());
    for (Pattern p : {Pattern::Sink, Pattern::Diagonal}) {
      const PatternOptimum opt = certified_pattern_optimum(pattern_preferences(copy_task_contexts(x, p)), x.space_dim());
      CHECK(opt.lower <= opt.upper);
      CHECK(opt.relative_gap() <= 1e-6);
      const RationalInterval construction = certified_nuclear_norm(
          p == Pattern::Sink ? sink_construction(x) : diagonal_construction(x, diagonal_alpha(x, false)));
      CHECK(opt.lower <= construction.hi);
      // L_sink in reduced units: C/2.
      if (p == Pattern::Sink) CHECK(opt.lower >= Rational(x.groups, 2));
    }
  }
}

TEST_CASE("the shipped P4 statements hold", "[P4]") {
  const Theory theory = load(default_theory_path());
  for (const char* id : {"P4.U_sink", "P4.L_diag", "P4.U_diag", "P4.L_sink"}) {
    INFO(id);
    const StatementResult r = run_statement(theory, id, 8, 3);
    CHECK(r.verdict() == Verdict::Holds);
    CHECK(r.counterexamples == 0);
    CHECK(r.undecided == 0);
    bool declared = false;
    for (const std::string& note : r.notes) declared |= note.find("not derived") != std::string::npos;
    if (std::string(id).find(".U_") != std::string::npos) CHECK(declared);
  }
}

namespace {

const std::vector<FalseVariant> false_variants = {
    {"P4.L_diag", "known false: L_diag with coefficient 1.05 (needs a near-optimal solve)",
     {holds("P4.L_diag", "L_diag", "opt_diag >= 1.05*(kappa*sqrt(d)/delta2*r_eff + kappa*C/(2*sqrt(d)))")}},
    {"P4.U_sink", "known false: U_sink with 3 in place of 12 at lambda = 1",
     {assume("P4.U_sink", "QK share of U_sink", {"lambda == 1"}), holds("P4.U_sink", "QK share of U_sink", "cost_sink <= 3*kappa*C/sqrt(d)")}},
    {"P4.L_sink", "known false: L_sink with kappa C/sqrt(d) * 2",
     {holds("P4.L_sink", "L_sink", "opt_sink >= kappa*C/sqrt(d)*2")}},
    {"P4.U_diag", "own: the other reading of alpha_diag, 2 kappa/(sqrt(d) Delta_diag), selected",
     {table_key("P4.U_diag", "reading", toml::value("alpha = 2 kappa/(sqrt(d) Delta_diag)"))}},
    {"P4.U_sink", "own: U_sink without the lambda >= 1/2 assumption (fails for small lambda)",
     {assume("P4.U_sink", "QK share of U_sink", {})}},
    {"P4.U_sink", "own: the realised rate without the number of competitors",
     {holds("P4.U_sink", "realised sink attention at the P1.c rate (construction scaled by t)", "gate_sink <= exp(-t*kappa)")}},
    {"P4.U_diag", "own: U_diag without its nuisance term",
     {holds("P4.U_diag", "QK share of U_diag", "cost_diag <= 13*kappa*C/sqrt(d)")}},
    {"P4.L_diag", "own: L_diag with r_eta in place of r_eff",
     {holds("P4.L_diag", "L_diag", "opt_diag >= kappa*sqrt(d)/delta2*r_eta + kappa*C/(2*sqrt(d))")}},
};

// Run by tests/test_every_model.cpp, with every registered model's.
const RegisterFalseVariants registered_false_variants{{"P4", 60, 2, false_variants}};

}  // namespace

TEST_CASE("degenerate copy tasks get errors that name the field", "[P4]") {
  nlohmann::json good = copy_task_to_json(canonical_copy_task(2, 2, 1, 1, 0, 4));
  REQUIRE_NOTHROW(copy_task_from_json(good));
  nlohmann::json same = good;
  same["eta"][1] = same["eta"][0];  // two groups with identical nuisance: Delta_diag = 0
  CHECK_THAT(error_of([&] { copy_task_from_json(same); }), Catch::Contains("Delta_diag") && Catch::Contains("infeasible"));
  nlohmann::json single = good;
  single["per_group"] = 1;
  CHECK_THAT(error_of([&] { copy_task_from_json(single); }), Catch::Contains("inputs.per_group"));
  nlohmann::json small = good;
  small["dim"] = 4;
  CHECK_THAT(error_of([&] { copy_task_from_json(small); }), Catch::Contains("inputs.dim") && Catch::Contains("too small"));
  nlohmann::json uncentred = good;
  uncentred["eta"][0][0][0] = "7";
  CHECK_THAT(error_of([&] { copy_task_from_json(uncentred); }), Catch::Contains("inputs.eta[0]") && Catch::Contains("centred"));
  nlohmann::json bad_number = good;
  bad_number["lambda"] = "x";
  CHECK_THAT(error_of([&] { copy_task_from_json(bad_number); }), Catch::Contains("inputs.lambda"));
  CHECK_THAT(error_of([&] { copy_task_from_parameters({{"C", Rational(1, 2)}}); }), Catch::Contains("'C'"));
  CHECK_THAT(error_of([&] { copy_task_from_parameters({{"q", Rational(1)}}); }), Catch::Contains("'q'"));
}

TEST_CASE("the lambda threshold of U_sink's QK share is bracketed to 1e-4", "[P4]") {
  const Relation relation = Relation::parse("cost_sink <= 12*kappa*C/sqrt(d)", cost_bound_variables());
  for (long C : {1L, 4L}) {
    const ThresholdBracket b = lambda_threshold(relation, {{"C", Rational(C)}}, PrecisionPolicy());
    REQUIRE(b.found);
    CHECK(b.holds - b.fails <= Rational(1, 10000));
    // The closed form crosses 12 C between the two ends.
    CHECK(reduced_sink_cost(C, to_double(b.fails)) > 12.0 * C);
    CHECK(reduced_sink_cost(C, to_double(b.holds)) <= 12.0 * C);
  }
}

TEST_CASE("sinkcheck boundary prints a certified bracket", "[P4]") {
  const CliRun run = cli({"boundary", "P4.U_sink", "--param", "lambda", "--set", "C=3"});
  INFO(run.out << run.err);
  CHECK(run.code == 0);
  CHECK_THAT(run.out, Catch::Contains("fails at lambda") && Catch::Contains("holds at lambda"));
  const CliRun bad = cli({"boundary", "P4.U_sink", "--set", "C"});
  CHECK(bad.code == 2);
  CHECK_THAT(bad.err, Catch::Contains("NAME=VALUE"));
  const CliRun none = cli({"boundary", "P2.b"});
  CHECK(none.code == 2);
}

TEST_CASE("a copy task whose nuisance overflows a double is undecided, never SIGFPE", "[P4]") {
  // Issue 25: eta = ±1e200 made the witness of ||Σ_D||_op overflow, and GMP's
  // mpq_set_d(inf) raised SIGFPE (replay exited 136); 1e20 was undecided already.
  const StatementPtr statement = find_statement("P4.L_sink");
  const StatementTheory st = load(default_theory_path()).find("P4.L_sink")->selected();
  for (const char* eta : {"1e200", "1e400"}) {
    INFO("eta = " << eta);
    nlohmann::json inputs = nlohmann::json::parse(
        R"({"groups": 1, "per_group": 2, "dim": 4, "kappa": "1", "lambda": "53/16", "scale": "1", "rotation": []})");
    inputs["eta"] = {{{eta}, {std::string("-") + eta}}};
    const std::vector<Decision> decisions = statement->replay(inputs, st, PrecisionPolicy());
    REQUIRE(decisions.size() == 1);
    CHECK(decisions[0].verdict == Verdict::Undecided);
  }
}
