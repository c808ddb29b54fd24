// P4's symbolic model (propositions/cost_bounds_symbolic.cpp and
// propositions/coq/SinkcheckCopy.v): the link test between its Coq
// definitions of the constructions' costs and the concrete model, and the
// model's families and open quantities.
#include <cstdlib>
#include <sstream>

#include "copy_task_samples.hpp"
#include "propositions/copy_patterns.hpp"
#include "propositions/cost_bounds.hpp"
#include "propositions/cost_bounds_symbolic.hpp"
#include "support.hpp"
#include "verify/norm_enclosures.hpp"

using namespace sinkcheck;
using namespace sinkcheck::test;

namespace {

// The library's definitions: its text up to the lemmas (the link lemmas
// below use nothing else, so a wrong definition cannot hide behind them).
std::string copy_library_definitions() {
  const std::string text = read_file(std::string(SINKCHECK_SOURCE_ROOT) + "/propositions/coq/SinkcheckCopy.v");
  const auto lemmas = text.find("(* ---- Lemmas");
  REQUIRE(lemmas != std::string::npos);
  return text.substr(0, lemmas);
}

std::string coq_real(const Rational& q) {
  const std::string text = to_string(q);
  const auto slash = text.find('/');
  return slash == std::string::npos ? text : "(" + text.substr(0, slash) + " / " + text.substr(slash + 1) + ")";
}

// A certified enclosure of the reduced nuclear norm, widened by 1e-9
// relative on each side (Coq's interval arithmetic needs a little room)
// and rounded outward to 12 decimals.
std::pair<std::string, std::string> widened(const RationalInterval& norm) {
  const Integer scale = Integer(1000000000000LL);
  auto floor_of = [](const Rational& q) { return Integer(boost::multiprecision::numerator(q) / boost::multiprecision::denominator(q)); };
  const Rational lo = Rational(floor_of(norm.lo * Rational(999999999, 1000000000) * scale)) / Rational(scale);
  const Rational hi = Rational(floor_of(norm.hi * Rational(1000000001, 1000000000) * scale) + 1) / Rational(scale);
  return {coq_real(lo), coq_real(hi)};
}

// One lemma per instance and construction: the Coq definition of the cost,
// at the instance's exact values, lies in kappa/sqrt d times the certified
// nuclear norm of the exact construction matrix the concrete model builds.
std::string link_lemmas(const std::vector<CopyTaskInstance>& instances) {
  std::ostringstream out;
  out << "From Coq Require Import Reals Lra.\nFrom Interval Require Import Tactic.\n"
         "From Sinkcheck Require Import SinkcheckCopy.\nOpen Scope R_scope.\n\n";
  for (std::size_t k = 0; k < instances.size(); ++k) {
    const CopyTaskInstance& x = instances[k];
    const NuisanceStatistics stats = nuisance_statistics(x);
    const std::string C = std::to_string(x.groups), lambda = coq_real(x.lambda), kappa = coq_real(x.kappa),
                      d = std::to_string(x.dim), unit = kappa + " / sqrt " + d;
    const auto [sink_lo, sink_hi] = widened(certified_nuclear_norm(sink_construction(x)));
    const auto [diag_lo, diag_hi] =
        widened(certified_nuclear_norm(diagonal_construction(x, diagonal_alpha(stats.Delta_diag, x.dim, false))));
    out << "Lemma sink_" << k << " : " << unit << " * " << sink_lo << " <= cost_sink " << C << " " << lambda << " "
        << kappa << " " << d << " <= " << unit << " * " << sink_hi << ".\n"
        << "Proof. unfold cost_sink, sink_nuclear, sink_b, sink_a. rewrite "
        << (x.lambda <= 1 ? "Rmin_left" : "Rmin_right") << " by lra. split; interval with (i_prec 80). Qed.\n";
    out << "Lemma diag_" << k << " : " << unit << " * " << diag_lo << " <= cost_diag " << C << " " << lambda << " "
        << kappa << " " << d << " " << coq_real(stats.Delta_diag * x.dim) << " " << stats.rank << " <= " << unit
        << " * " << diag_hi << ".\n"
        << "Proof. unfold cost_diag, diag_nuclear, diag_block_nuclear, diag_s, diag_b, diag_alpha. "
           "split; interval with (i_prec 80). Qed.\n";
  }
  return out.str();
}

// coqc on the definitions and the lemmas, in a fresh folder: true when Coq accepts both.
bool coq_accepts(const std::string& folder_name, const std::string& definitions, const std::string& lemmas) {
  const std::string folder = temp_dir() + "/" + folder_name;
  std::filesystem::create_directories(folder);
  std::ofstream(folder + "/SinkcheckCopy.v") << definitions;
  std::ofstream(folder + "/Link.v") << lemmas;
  const std::string command = "cd '" + folder + "' && coqc -Q . Sinkcheck SinkcheckCopy.v > coqc.log 2>&1 && " +
                              "coqc -Q . Sinkcheck Link.v >> coqc.log 2>&1";
  const bool accepted = std::system(command.c_str()) == 0;
  UNSCOPED_INFO(folder_name << ": " << read_file(folder + "/coqc.log"));
  return accepted;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("P4 symbolic model: the Coq costs equal the concrete constructions' certified nuclear norms; wrong closed forms fail", "[P4][coq]") {
  // Every family of the generator: generic, equal-norm, lambda = 1 (the
  // sink's kink), lambda = 1/2 and beside it, small lambda, collinear pairs.
  const std::string lemmas = link_lemmas(sample_instances(8));
  const std::string definitions = copy_library_definitions();
  CHECK(coq_accepts("link", definitions, lemmas));
  // Wrong closed forms, each a plausible slip: every one must be caught.
  CHECK_FALSE(coq_accepts("sink-C-blocks", replaced(definitions, "(C - 1) * sink_b lambda", "C * sink_b lambda"), lemmas));
  CHECK_FALSE(coq_accepts("sink-no-det", replaced(definitions, "+ 2 * sqrt C * sink_a lambda", "+ sqrt C * sink_a lambda"), lemmas));
  CHECK_FALSE(coq_accepts("diag-no-cross", replaced(definitions, "(diag_s lambda + 1) ^ 2", "(diag_s lambda ^ 2 + 1)"), lemmas));
  CHECK_FALSE(coq_accepts("diag-other-alpha", replaced(definitions, "2 * d / Delta_diag", "2 / Delta_diag"), lemmas));
}

TEST_CASE("P4 symbolic model: one family per C, the optima and flags open with a reason", "[P4]") {
  const std::vector<StatementPtr> statements = cost_bound_statements();
  for (const StatementPtr& s : statements) REQUIRE(s->symbolic() == &cost_bound_symbolic_model());
  const SymbolicModel& model = cost_bound_symbolic_model();
  const Theory theory = load(std::string(SINKCHECK_SOURCE_ROOT) + "/theory/sinkcheck.toml");
  const std::vector<CoqFamily> families = model.families(theory.domain("P4"));
  REQUIRE(families.size() == 3);
  CHECK(families[1].label == "C2");
  CHECK(families[1].quantities.at("cost_sink") == coq_cost_sink_term(2));
  CHECK(families[1].hypotheses[0] == "(1 / 8) <= lambda <= 4");
  for (const char* open : {"opt_sink", "opt_diag", "feasible_sink", "feasible_diag", "r_eff"}) {
    CHECK(model.open_quantities.count(open) == 1);
    CHECK(families[0].quantities.count(open) == 0);
  }
}
