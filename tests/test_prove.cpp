// sinkcheck prove: the translator to Coq, the checks on Coq's answers, the
// P2 model's definitions against the concrete model (the link test), and
// proofs end to end: shipped claims and true variants proved, false variants
// never proved, tampered Coq files rejected, the output deterministic.
#include <rapidcheck/catch.h>

#include <nlohmann/json.hpp>

#include "cli/claim_prover.hpp"
#include "cli/coq_runner.hpp"
#include "engine/coq_claim_file.hpp"
#include "propositions/coq_libraries.hpp"
#include "propositions/hard_switch.hpp"
#include "propositions/hard_switch_symbolic.hpp"
#include "prove_support.hpp"
#include "support.hpp"
#include "verify/coq_term.hpp"
#include "verify/working_precision.hpp"

using namespace sinkcheck;
using namespace sinkcheck::test;

namespace {

const std::vector<Variable> kVariables = {{"g", false, ""}, {"K", false, ""}, {"m", false, ""}, {"x", false, ""},
                                          {"o", true, ""}};

CoqTranslation translate(const std::string& relation) {
  const std::map<std::string, std::string> terms = {{"g", "gate [u1]"}, {"K", "1"}, {"m", "m"}, {"o", "oc"}};
  return translate_to_coq(Relation::parse(relation, kVariables), [&](const std::string& name) -> std::optional<std::string> {
    const auto t = terms.find(name);
    if (t == terms.end()) return std::nullopt;
    return t->second;
  });
}

}  // namespace

TEST_CASE("the translator writes each formula node as its Coq construct and where it is defined") {
  const CoqTranslation rate = translate("g <= K*exp(-m) / (1 + K*exp(-m))");
  REQUIRE(rate.relation);
  CHECK(rate.relation->text ==
        "(gate [u1]) <= (((1) * (exp (- (m)))) / (1 + ((1) * (exp (- (m))))))");
  CHECK(rate.relation->defined == std::vector<std::string>{"(1 + ((1) * (exp (- (m))))) <> 0"});
  CHECK(rate.relation->quantities == std::set<std::string>{"K", "g", "m"});

  const CoqTranslation partial = translate("log(g) + sqrt(m) - m^-2 + abs(min(g, max(m, -3/4))) == 0.5");
  REQUIRE(partial.relation);
  CHECK(partial.relation->text ==
        "((((ln (gate [u1])) + (sqrt (m))) - (/ ((m) ^ 2))) + (Rabs (Rmin (gate [u1]) (Rmax (m) ((- 3) / 4))))) = (1 / 2)");
  CHECK(partial.relation->defined == std::vector<std::string>{"0 < (gate [u1])", "0 <= (m)", "(m) <> 0"});
  CHECK(translate("g^(1/2) >= 0").relation->text == "(sqrt (gate [u1])) >= 0");

  const CoqTranslation missing = translate("x <= g");
  CHECK_FALSE(missing.relation);
  CHECK(missing.missing_quantity == "x");
  const CoqTranslation power = translate("g^m <= 1");
  CHECK_FALSE(power.relation);
  CHECK(power.unsupported.find("exponent") != std::string::npos);
  CHECK(coq_number(Rational(-7, 3)) == "(- (7 / 3))");
}

TEST_CASE("Coq answers count only with allowed axioms and no forbidden commands outside comments") {
  CHECK(allowed_axiom("ClassicalDedekindReals.sig_forall_dec"));
  CHECK(allowed_axiom("FunctionalExtensionality.functional_extensionality_dep"));
  CHECK(allowed_axiom("FloatAxioms.add_spec"));
  CHECK(allowed_axiom("PrimInt63.add"));
  CHECK_FALSE(allowed_axiom("claim_K3"));
  CHECK_FALSE(allowed_axiom("SinkcheckSwitch.gate_rate"));
  CHECK_FALSE(allowed_axiom("Top.my_axiom"));
  const std::string printed =
      "Axioms:\nClassicalDedekindReals.sig_not_dec : forall P : Prop, {~ ~ P} + {~ P}\n"
      "ClassicalDedekindReals.sig_forall_dec\n  : forall P : nat -> Prop,\n    (forall n : nat, {P n} + {~ P n})\n"
      "Closed under the global context\nP2_b_1.cheat : False\n";
  CHECK(printed_axioms(printed) == std::vector<std::string>{"ClassicalDedekindReals.sig_not_dec",
                                                            "ClassicalDedekindReals.sig_forall_dec", "P2_b_1.cheat"});
  CHECK(forbidden_word("Proof. intros. Admitted.") == "Admitted");
  CHECK(forbidden_word("Axiom cheat : False.") == "Axiom");
  CHECK(forbidden_word("Proof. admit. Qed.") == "admit");
  CHECK(forbidden_word("(* claim \"a Hypothesis, Admitted\" (* nested *) *) Proof. lra. Qed.").empty());
  for (const CoqLibrary& library : coq_libraries()) {
    INFO(library.module);
    CHECK(forbidden_word(library.text).empty());
  }
}

namespace {

// A ball's enclosure contains 0 and is tiny: the two sides agree (certified
// up to 1e-40 of the scale).
bool agrees(const Arb& concrete, const Arb& closed_form, double scale) {
  const Arb difference = concrete - closed_form;
  return lower_double(difference) <= 0 && upper_double(difference) >= 0 &&
         upper_double(difference) - lower_double(difference) <= 1e-40 * scale;
}

// The same for a positive value of any size (a gate of e^-5000): their ratio is 1.
bool agrees_in_ratio(const Arb& concrete, const Arb& closed_form) { return agrees(concrete / closed_form, Arb(1), 1); }

}  // namespace

TEST_CASE("link test: the P2 model in Coq defines the concrete gate and target mass and outputs") {
  // The definitions as written in the library (the terms the test evaluates below).
  const std::string& library = *coq_library_text("SinkcheckSwitch");
  for (const char* definition :
       {"Definition gate (us : list R) : R := weight_sum us / (1 + weight_sum us).",
        "Definition target_mass (us : list R) : R := 1 / (1 + weight_sum us).",
        "Definition switch_output (v0c : R) (us xs : list R) : R := (v0c + weighted_sum us xs) / (1 + weight_sum us).",
        "Definition sink_free_output (us xs : list R) : R := weighted_sum us xs / weight_sum us.",
        "match us with [] => 0 | u :: rest => u + weight_sum rest end.", "u * x + weighted_sum us' xs'"})
    CHECK(library.find(definition) != std::string::npos);

  const SwitchDomain domain;
  const auto index = [](const char* name) { return variable_index(hard_switch_variables(), name); };
  for (const SwitchTarget target : {SwitchTarget::Sink, SwitchTarget::Self})
    rc::prop("the closed forms of the model's weights agree with the certified evaluation", [&] {
      const SwitchContext c = *switch_context_gen(domain, target);
      StagedQuantities quantities = switch_staged_quantities(c);
      WorkingPrecision precision(512);
      const Bindings<LadderScalar>& at = quantities.at_bits(512);
      // u_j = exp(s_j - s_target) over the other visible keys, in key order.
      Arb S = 0;
      std::vector<std::size_t> others;
      for (std::size_t j = 0; j < c.keys(); ++j)
        if (c.visible(j) && j != c.target) others.push_back(j);
      std::vector<Arb> u;
      for (std::size_t j : others) u.push_back(exp(from_rational<Arb>(c.scores[j] - c.scores[c.target])));
      for (const Arb& w : u) S = S + w;
      const Arb m = at[index("m")][0];
      // The model's hypotheses: 0 < u_j <= exp(-m), K the number of weights.
      for (const Arb& w : u) RC_ASSERT(upper_double(w / exp(-m) - 1) <= 1e-40);
      RC_ASSERT(agrees(at[index("K")][0], Arb(long(u.size())), 1));
      const Arb g = S / (1 + S), a0 = 1 / (1 + S);
      RC_ASSERT(agrees_in_ratio(at[index("g")][0], g));
      RC_ASSERT(agrees(at[index("a0")][0], a0, 1));
      // A wrong definition is caught by the same comparison.
      RC_ASSERT(!agrees_in_ratio(at[index("g")][0], S / (2 + S)));
      // The probe flag is 0 or 1, and 1 only when every other key carries
      // the first one's value (the model's hypothesis x_j = x_1).
      const Arb probe = at[index("probe")][0];
      RC_ASSERT((agrees(probe, Arb(0), 1) || agrees(probe, Arb(1), 1)));
      if (agrees(probe, Arb(1), 1))
        for (std::size_t j : others) RC_ASSERT(c.values[j] == c.values[others.front()]);
      for (std::size_t r = 0; r < c.value_dim(); ++r) {
        Arb weighted = 0;
        for (std::size_t k = 0; k < others.size(); ++k) weighted = weighted + u[k] * from_rational<Arb>(c.values[others[k]][r]);
        const Arb v0c = from_rational<Arb>(c.values[c.target][r]);
        RC_ASSERT(agrees(at[index("o")][r], (v0c + weighted) / (1 + S), 16));
        RC_ASSERT(agrees(at[index("obar")][r], weighted / S, 16));
        RC_ASSERT(agrees(at[index("v0")][r], v0c, 16));
        RC_ASSERT(agrees(at[index("vx")][r], from_rational<Arb>(c.values[others.front()][r]), 16));
      }
    });
}

namespace {

// The shipped theory with P2's and P1.c's domains cut to K <= 3 (the proofs are per K)
// and variants of P2.b's gate rate beside the shipped claim.
std::string prove_theory() {
  return theory_text_variant(
      "prove-variants.toml",
      {{"keys_max = 12 ", "keys_max = 3 "},
       {"softmax_tokens_max = 24 ", "softmax_tokens_max = 3 "},
       {"holds = \"g <= K*exp(-m) / (1 + K*exp(-m))\"\n\n[[P2.b.claim]]",
        "holds = \"g <= K*exp(-m) / (1 + K*exp(-m))\"\n\n"
        "[[P2.b.claim]]\nname = \"false: the gate at most exp(-m)\"\nholds = \"g <= exp(-m)\"\n\n"
        "[[P2.b.claim]]\nname = \"false: K - 1 competitors\"\nholds = \"g <= (K - 1)*exp(-m)/(1 + (K - 1)*exp(-m))\"\n\n"
        "[[P2.b.claim]]\nname = \"true: a weaker constant\"\nholds = \"g <= (K + 1)*exp(-m)/(1 + (K + 1)*exp(-m))\"\n\n"
        "[[P2.b.claim]]\nname = \"true: a stronger assumption\"\nassume = \"K <= 2\"\nholds = \"g <= 2*exp(-m)/(1 + 2*exp(-m))\"\n\n"
        "[[P2.b.claim]]\nname = \"true: the identity rewritten\"\nholds = \"a0 == 1 - g\"\n\n"
        "[[P2.b.claim]]"}});
}

// Every file of a folder, by name, with its bytes.
std::map<std::string, std::string> folder_files(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir))
    if (entry.is_regular_file()) files[std::filesystem::relative(entry.path(), dir).string()] = read_file(entry.path());
  return files;
}

}  // namespace

TEST_CASE("prove: the gate rates proved for every K and true variants proved while false variants are never proved") {
  REQUIRE_FALSE(find_coqc().empty());  // coq and libcoq-interval are in scripts/debian-packages.txt
  // A proof cache of this test's own: every proof below is Coq's, now.
  const std::string cache = temp_dir() + "/proof-cache";
  std::filesystem::remove_all(cache);
  ::setenv("SINKCHECK_PROOF_CACHE", cache.c_str(), 1);
  const std::string theory = prove_theory();
  const std::string dir = temp_dir() + "/prove-a";
  const ProveRun run = prove(theory, dir, {"P2.b", "P2.d", "P1.c"}, "2");
  CHECK(run.exit == 1);  // the false variants are refuted
  CHECK(status_of(run.proofs, "P2.b", "gate rate") == "proved");
  CHECK(status_of(run.proofs, "P2.d", "self gate rate") == "proved");
  CHECK(status_of(run.proofs, "P1.c", "sink mass rate A_i0 >= 1/(1 + |K_i| e^-kappa), stated for the gate 1 - A_i0") ==
        "proved");
  CHECK(status_of(run.proofs, "P2.d", "self gate decomposition") == "proved");
  for (const char* false_variant : {"false: the gate at most exp(-m)", "false: K - 1 competitors"})
    CHECK(status_of(run.proofs, "P2.b", false_variant) == "refuted");
  for (const char* true_variant : {"true: a weaker constant", "true: a stronger assumption", "true: the identity rewritten"})
    CHECK(status_of(run.proofs, "P2.b", true_variant) == "proved");
  // Claims whose quantities are no closed forms stay open, with the reason.
  for (const auto& c : run.proofs["claims"])
    if (c["claim"] == "output approaches the sink value") {
      CHECK(c["status"] == "open");
      CHECK(c["reason"].get<std::string>().find("o_dist2") != std::string::npos);
    }
  // The Coq folder rebuilds with coq_makefile alone: the project lists every file.
  const std::string project = read_file(dir + "/coq/_CoqProject");
  CHECK(project.rfind("-R . Sinkcheck\nSinkcheckSwitch.v\n", 0) == 0);
  for (const auto& c : run.proofs["claims"])
    if (!c["coq"].get<std::string>().empty()) {
      const std::string file = c["coq"].get<std::string>().substr(4);
      CHECK(project.find(file + "\n") != std::string::npos);
      CHECK(std::filesystem::exists(dir + "/" + c["coq"].get<std::string>()));
    }

  // The same run on one thread writes the same files, byte for byte.
  const std::string other = temp_dir() + "/prove-b";
  prove(theory, other, {"P2.b", "P2.d", "P1.c"}, "1");
  CHECK(folder_files(dir) == folder_files(other));

  // A tampered proof is rejected: the gate rate's file with a constant
  // changed, a model hypothesis dropped, an axiom or an unfinished proof.
  const std::string original = read_file(dir + "/coq/P2_b_1.v");
  REQUIRE(original.find("((2) * (exp (- (m))))") != std::string::npos);
  auto replaced = [&](const std::string& from, const std::string& to) {
    std::string text = original;
    for (std::size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size()) text.replace(at, from.size(), to);
    REQUIRE(text != original);
    return text;
  };
  const std::vector<CoqSource> library = {{"SinkcheckSwitch", *coq_library_text("SinkcheckSwitch"), {}}};
  const std::vector<std::string> theorems = {"claim_K1", "claim_K2", "claim_K3"};
  const std::vector<CoqSource> tampered = {
      {"P2_b_1", original, theorems},
      {"P2_b_1_constant", replaced("((2) * (exp (- (m))))", "((1) * (exp (- (m))))"), theorems},
      {"P2_b_1_hypothesis", replaced("(0 < u1 <= exp (- m)) -> ", ""), theorems},
      {"P2_b_1_axiom", replaced("Open Scope R_scope.\n", "Open Scope R_scope.\nAxiom cheat : False.\n"), theorems},
      {"P2_b_1_admitted", replaced("Qed.", "Admitted."), theorems}};
  const std::vector<CoqVerdict> verdicts = run_coq(find_coqc(), library, tampered, 2, 300);
  CHECK(verdicts[0].accepted);
  for (std::size_t i = 1; i < tampered.size(); ++i) {
    INFO(tampered[i].module << ": " << verdicts[i].reason);
    CHECK_FALSE(verdicts[i].accepted);
  }

  // The false variants never get past Coq either, whatever the sampling saw:
  // their theorems, generated and compiled, are rejected.
  const Theory loaded = load(theory);
  const StatementTheory& p2b = *loaded.find("P2.b");
  const StatementPtr statement = find_statement("P2.b");
  std::vector<ProofRequest> requests;
  for (std::size_t k = 0; k < p2b.claims.size(); ++k)
    if (p2b.claims[k].name.rfind("false: ", 0) == 0)
      requests.push_back(ProofRequest{statement.get(), p2b.title, &p2b.claims[k], k + 1, loaded.domain("P2"), true});
  REQUIRE(requests.size() == 2);
  std::ostringstream log;
  for (const ProofAnswer& answer : prove_claims(requests, ProverSettings{2, true, 300}, log)) {
    REQUIRE(answer.file);
    INFO(answer.file->module << ": " << answer.reason);
    CHECK_FALSE(answer.accepted);
    CHECK(answer.reason.find("coqc rejected") != std::string::npos);
  }
}

TEST_CASE("check --prove: claims with a cached proof are shown proved and not sampled and plain check is unchanged") {
  REQUIRE_FALSE(find_coqc().empty());
  const std::string cache = temp_dir() + "/proof-cache-check";
  std::filesystem::remove_all(cache);
  ::setenv("SINKCHECK_PROOF_CACHE", cache.c_str(), 1);
  const std::string theory = theory_with("prove-check.toml", {table_key("P2.domain", "keys_max", toml::value(2))});
  const std::string dir = temp_dir() + "/prove-check";
  const ProveRun run = prove(theory, dir + "/proofs", {"P2.b"}, "2");
  REQUIRE(status_of(run.proofs, "P2.b", "gate rate") == "proved");

  auto check = [&](const std::string& out, bool with_proofs) {
    std::vector<const char*> argv = {"sinkcheck", "check", "P2.b", "--theory", theory.c_str(), "--report", out.c_str(),
                                     "--cases", "100"};
    if (with_proofs) argv.push_back("--prove");
    std::ostringstream o, e;
    REQUIRE(run_cli(int(argv.size()), argv.data(), o, e) == 0);
    return nlohmann::json::parse(read_file(out + "/report.json"));
  };
  const nlohmann::json proved = check(dir + "/with", true), plain = check(dir + "/plain", false);
  std::map<std::string, nlohmann::json> claims;
  for (const auto& c : proved["statements"][0]["claims"]) claims[c["name"]] = c;
  REQUIRE(claims.count("gate rate"));
  CHECK(claims["gate rate"]["proved"]["scope"] == "every K <= 2 and every margin");
  CHECK(claims["gate rate"]["holds"] == 0);  // not sampled
  CHECK_FALSE(claims["output approaches the sink value"].contains("proved"));
  CHECK(claims["output approaches the sink value"]["holds"].get<int>() > 0);
  for (const auto& c : plain["statements"][0]["claims"]) CHECK_FALSE(c.contains("proved"));
  // A plain check is the same run as before, byte for byte, cache or not.
  ::setenv("SINKCHECK_PROOF_CACHE", (temp_dir() + "/no-cache").c_str(), 1);
  check(dir + "/plain-again", false);
  CHECK(read_file(dir + "/plain/report.json") == read_file(dir + "/plain-again/report.json"));
}

TEST_CASE("prove without coqc: every claim Coq would decide stays open with the reason") {
  const std::string cache = temp_dir() + "/proof-cache-none";
  std::filesystem::remove_all(cache);
  ::setenv("SINKCHECK_PROOF_CACHE", cache.c_str(), 1);
  const std::string path = std::getenv("PATH") ? std::getenv("PATH") : "";
  ::setenv("PATH", (temp_dir() + "/no-such-folder").c_str(), 1);
  const std::string theory = theory_with("prove-no-coqc.toml", {table_key("P2.domain", "keys_max", toml::value(2))});
  const ProveRun run = prove(theory, temp_dir() + "/prove-no-coqc", {"P2.a"}, "1");
  ::setenv("PATH", path.c_str(), 1);
  CHECK(run.exit == 0);
  REQUIRE(run.proofs["claims"].size() == 2);
  for (const auto& c : run.proofs["claims"]) {
    CHECK(c["status"] == "open");
    CHECK(c["reason"] == "coqc not found (install coq and libcoq-interval)");
  }
}
