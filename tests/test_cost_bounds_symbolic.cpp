// P4's symbolic model (propositions/cost_bounds_symbolic.cpp and
// propositions/coq/SinkcheckCopy.v): the link test between its Coq
// definitions of the constructions' costs and the concrete model, and the
// model's families and open quantities.
#include <cstdlib>
#include <sstream>

#include "cli/coq_runner.hpp"
#include "copy_task_samples.hpp"
#include "propositions/coq_libraries.hpp"
#include "prove_support.hpp"
#include "propositions/copy_patterns.hpp"
#include "propositions/cost_bounds.hpp"
#include "propositions/cost_bounds_symbolic.hpp"
#include "support.hpp"
#include "verify/coq_term.hpp"
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

// A certified enclosure of the reduced nuclear norm, widened by 1e-9
// relative on each side (Coq's interval arithmetic needs a little room)
// and rounded outward to 12 decimals.
std::pair<std::string, std::string> widened(const RationalInterval& norm) {
  const Integer scale = Integer(1000000000000LL);
  auto floor_of = [](const Rational& q) { return Integer(boost::multiprecision::numerator(q) / boost::multiprecision::denominator(q)); };
  const Rational lo = Rational(floor_of(norm.lo * Rational(999999999, 1000000000) * scale)) / Rational(scale);
  const Rational hi = Rational(floor_of(norm.hi * Rational(1000000001, 1000000000) * scale) + 1) / Rational(scale);
  return {coq_number(lo), coq_number(hi)};
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
    const std::string C = std::to_string(x.groups), lambda = coq_number(x.lambda), kappa = coq_number(x.kappa),
                      d = std::to_string(x.dim), unit = kappa + " / sqrt " + d;
    const auto [sink_lo, sink_hi] = widened(certified_nuclear_norm(sink_construction(x)));
    const auto [diag_lo, diag_hi] =
        widened(certified_nuclear_norm(diagonal_construction(x, diagonal_alpha(stats.Delta_diag, x.dim, false))));
    out << "Lemma sink_" << k << " : " << unit << " * " << sink_lo << " <= cost_sink " << C << " " << lambda << " "
        << kappa << " " << d << " <= " << unit << " * " << sink_hi << ".\n"
        << "Proof. unfold cost_sink, sink_nuclear, sink_b, sink_a. rewrite "
        << (x.lambda <= 1 ? "Rmin_left" : "Rmin_right") << " by lra. split; interval with (i_prec 80). Qed.\n";
    out << "Lemma diag_" << k << " : " << unit << " * " << diag_lo << " <= cost_diag " << C << " " << lambda << " "
        << kappa << " " << d << " " << coq_number(stats.Delta_diag * x.dim) << " " << stats.rank << " <= " << unit
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
  for (const char* id : {"P4.U_sink", "P4.L_diag", "P4.U_diag", "P4.L_sink"})
    REQUIRE(find_statement(id)->symbolic() == &cost_bound_symbolic_model());
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

namespace {

// The shipped theory with P4's QK shares beside false and true variants.
std::string p4_prove_theory() {
  const std::string sink = "holds = \"cost_sink <= 12*kappa*C/sqrt(d)\"\n";
  const std::string diag = "holds = \"cost_diag <= 13*kappa*C/sqrt(d) + 4*kappa*sqrt(d)/Delta_diag*r_eta\"\n";
  auto claim = [](const std::string& table, const std::string& name, const std::string& assume, const std::string& holds) {
    return "\n[[" + table + ".claim]]\nname = \"" + name + "\"\n" + (assume.empty() ? "" : "assume = \"" + assume + "\"\n") +
           "holds = \"" + holds + "\"\n";
  };
  return theory_text_variant(
      "prove-p4.toml",
      {{sink, sink + claim("P4.U_sink", "false: coefficient 3", "lambda >= 1/2", "cost_sink <= 3*kappa*C/sqrt(d)") +
                  claim("P4.U_sink", "false: coefficient 11 from lambda = 2/5", "lambda >= 2/5", "cost_sink <= 11*kappa*C/sqrt(d)") +
                  claim("P4.U_sink", "false: lambda >= 1/2 dropped", "", "cost_sink <= 12*kappa*C/sqrt(d)") +
                  claim("P4.U_sink", "true: coefficient 9", "lambda >= 1/2", "cost_sink <= 9*kappa*C/sqrt(d)") +
                  claim("P4.U_sink", "true: from lambda = 2/5", "lambda >= 2/5", "cost_sink <= 12*kappa*C/sqrt(d)")},
       {diag, diag + claim("P4.U_diag", "false: no nuisance term", "lambda >= 1/2", "cost_diag <= 13*kappa*C/sqrt(d)") +
                  claim("P4.U_diag", "true: alpha's share exactly", "lambda >= 1/2",
                        "cost_diag <= 7*kappa*C/sqrt(d) + 2*kappa*sqrt(d)*r_eta/Delta_diag")}});
}

}  // namespace

TEST_CASE("prove P4: the QK shares proved for every lambda >= 1/2 and C <= 3, false variants never proved", "[.][P4][coq-long]") {
  REQUIRE_FALSE(find_coqc().empty());
  const std::string cache = temp_dir() + "/proof-cache-p4";
  std::filesystem::remove_all(cache);
  ::setenv("SINKCHECK_PROOF_CACHE", cache.c_str(), 1);
  const std::string dir = temp_dir() + "/prove-p4";
  const ProveRun run = prove(p4_prove_theory(), dir, {"P4.U_sink", "P4.U_diag"}, "2", "12");
  for (const char* proved : {"QK share of U_sink", "true: coefficient 9", "true: from lambda = 2/5"})
    CHECK(status_of(run.proofs, "P4.U_sink", proved) == "proved");
  for (const char* proved : {"QK share of U_diag", "true: alpha's share exactly"})
    CHECK(status_of(run.proofs, "P4.U_diag", proved) == "proved");
  for (const char* never : {"false: coefficient 3", "false: coefficient 11 from lambda = 2/5", "false: lambda >= 1/2 dropped"})
    CHECK(status_of(run.proofs, "P4.U_sink", never) != "proved");
  CHECK(status_of(run.proofs, "P4.U_diag", "false: no nuisance term") != "proved");
  // Whole-geometry facts stay open, with the model's reason.
  for (const auto& c : run.proofs["claims"]) {
    if (c["claim"] == "the sink construction meets (S1)-(S3)") {
      CHECK(c["status"] == "open");
      CHECK(c["reason"].get<std::string>().find("feasible_sink") != std::string::npos);
    }
    if (c["status"] == "proved") CHECK(c["scope"].get<std::string>().find("C <= 3") != std::string::npos);
  }
}

TEST_CASE("boundary --prove: U_sink's lambda bracket proved in Coq; a tampered bracket is rejected", "[.][P4][coq-long]") {
  REQUIRE_FALSE(find_coqc().empty());
  const std::string dir = temp_dir() + "/boundary-p4";
  const CliRun run = cli({"boundary", "P4.U_sink", "--param", "lambda", "--set", "C=2", "--prove", dir});
  INFO(run.out << run.err);
  CHECK(run.code == 0);
  const nlohmann::json proofs = nlohmann::json::parse(read_file(dir + "/proofs.json"));
  REQUIRE(proofs["claims"].size() == 1);
  const nlohmann::json& entry = proofs["claims"][0];
  CHECK(entry["statement"] == "P4.U_sink");
  CHECK(entry["claim"] == "QK share of U_sink");
  CHECK(entry["status"] == "proved");
  const std::string scope = entry["scope"];
  CHECK(scope.rfind("fails at lambda = ", 0) == 0);
  CHECK(scope.find("holds for every lambda >= ") != std::string::npos);
  CHECK(scope.find("C = 2") != std::string::npos);
  CHECK(entry["coq"] == "coq/P4_U_sink_boundary_lambda_C2.v");
  CHECK(read_file(dir + "/coq/_CoqProject") == "-R . Sinkcheck\nSinkcheckCopy.v\nP4_U_sink_boundary_lambda_C2.v\n");

  // The bracket's ends swapped (fails at hi, holds from lo): Coq rejects both theorems.
  const std::string original = read_file(dir + "/coq/P4_U_sink_boundary_lambda_C2.v");
  const auto ends = [&](const std::string& prefix) {
    const auto at = scope.find(prefix) + prefix.size();
    return scope.substr(at, scope.find_first_of(";, (", at) - at);
  };
  const Rational lo = parse_rational(ends("fails at lambda = ")), hi = parse_rational(ends("holds for every lambda >= "));
  std::string swapped = original;
  for (const auto& [from, to] : {std::pair{"(" + coq_number(lo) + ")", "(" + coq_number(hi) + ")"},
                                 std::pair{coq_number(hi) + " <= lambda", coq_number(lo) + " <= lambda"}}) {
    const auto at = swapped.find(from);
    REQUIRE(at != std::string::npos);
    swapped.replace(at, from.size(), to);
  }
  const std::vector<CoqSource> library = {{"SinkcheckCopy", *coq_library_text("SinkcheckCopy"), {}}};
  const std::vector<CoqSource> files = {{"Swapped", swapped, {"fails_at_lo", "holds_from_hi"}}};
  CHECK_FALSE(run_coq(find_coqc(), library, files, 1, 300).front().accepted);

  // A bracket whose failure depends on the other variables (U_diag's nuisance
  // term grows with r_eta/Delta_diag) is not proved for every value of them.
  const std::string diag_dir = temp_dir() + "/boundary-p4-diag";
  const CliRun diag = cli({"boundary", "P4.U_diag", "--param", "lambda", "--set", "C=1", "--prove", diag_dir});
  INFO(diag.out << diag.err);
  if (std::filesystem::exists(diag_dir + "/proofs.json"))
    CHECK(nlohmann::json::parse(read_file(diag_dir + "/proofs.json"))["claims"][0]["status"] != "proved");
}
