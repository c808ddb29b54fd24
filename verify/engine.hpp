#pragma once
// The engine that runs a statement's claims over generated instances:
// generator -> quantities -> certified decisions -> tallies, with every
// counterexample shrunk (through rapidcheck's shrink trees) while it stays a
// certified counterexample. Included only by proposition sources.
#include <rapidcheck/Gen.h>
#include <rapidcheck/Random.h>
#include <rapidcheck/Shrinkable.h>
#include <rapidcheck/Seq.h>

#include <limits>
#include <type_traits>
#include <optional>

#include "propositions/statement.hpp"

namespace sinkcheck {

// Optional: std::vector<Figure> figures(const Instance&) const, pictures of a
// stored case for the HTML report.
template <class M, class = void>
struct has_figures : std::false_type {};
template <class M>
struct has_figures<M, std::void_t<decltype(std::declval<const M&>().figures(std::declval<const typename M::Instance&>()))>>
    : std::true_type {};

// Optional: nlohmann::json certificate(const Instance&) const, the exact
// certificates a case's verdicts rest on, in the documented format of
// certificates.json (docs/report-schema.md). Called only with
// RunOptions::certificates.
template <class M, class = void>
struct has_certificate : std::false_type {};
template <class M>
struct has_certificate<M, std::void_t<decltype(std::declval<const M&>().certificate(
                              std::declval<const typename M::Instance&>()))>> : std::true_type {};

// Optional: StatementExtras statement_extras(const StatementTheory&, const
// DomainTable&, const RunOptions&) const, tables and pictures of the
// statement as a whole, made once per run after its cases.
template <class M, class = void>
struct has_statement_extras : std::false_type {};
template <class M>
struct has_statement_extras<M, std::void_t<decltype(std::declval<const M&>().statement_extras(
                                   std::declval<const StatementTheory&>(), std::declval<const DomainTable&>(),
                                   std::declval<const RunOptions&>()))>> : std::true_type {};

// Optional: Instance from_parameters(const std::map<std::string, Rational>&)
// const and StagedQuantities staged_for_sweep(const Instance&) const, the
// canonical instance of a parameter sweep and its (cheaper) quantities.
template <class M, class = void>
struct has_parameter_sweep : std::false_type {};
template <class M>
struct has_parameter_sweep<M, std::void_t<decltype(std::declval<const M&>().staged_for_sweep(
                                  std::declval<const M&>().from_parameters(
                                      std::declval<const std::map<std::string, Rational>&>())))>> : std::true_type {};

// Model requirements:
//   using Instance = …;
//   rc::Gen<Instance> generator(const DomainTable&) const;
//   StagedQuantities staged(const Instance&) const;
//   nlohmann::json to_json(const Instance&) const;
//   Instance from_json(const nlohmann::json&) const;
template <class Model>
class ModelStatement final : public Statement {
 public:
  using Instance = typename Model::Instance;

  ModelStatement(StatementInfo info, Model model) : info_(std::move(info)), model_(std::move(model)) {}

  const StatementInfo& info() const override { return info_; }

  void check_domain(const DomainTable& domain) const override { (void)model_.generator(domain); }

  // The selected reading decides the verdict; every other reading of the
  // statement is run on the same cases and reported beside it.
  StatementResult run(const StatementTheory& theory, const DomainTable& domain,
                      const RunOptions& options) const override {
    StatementResult result = run_claims(theory.selected(), domain, options);
    result.reading = theory.reading;
    if constexpr (has_statement_extras<Model>::value)
      if (!result.interrupted && options.extras) {
        StatementExtras extras = model_.statement_extras(theory, domain, options);
        result.figures = std::move(extras.figures);
        result.tables = std::move(extras.tables);
        result.statement_certificates = std::move(extras.certificates);
      }
    RunOptions quiet = options;
    quiet.progress = nullptr;
    for (const std::string& reading : theory.other_readings()) {
      if (result.interrupted) break;
      StatementResult other = run_claims(theory.of_reading(reading), domain, quiet);
      other.reading = reading;
      other.notes.clear();  // the statement's notes are on the selected reading
      other.case_certificates = nlohmann::json::array();  // the same cases: certified once, above
      result.other_readings.push_back(std::move(other));
    }
    return result;
  }

  std::vector<Decision> replay(const nlohmann::json& inputs, const StatementTheory& theory,
                               const PrecisionPolicy& policy) const override {
    return check(model_.from_json(inputs), theory, policy).decisions;
  }

  Decision decide_at_parameters(const std::map<std::string, Rational>& parameters, const ClaimTheory& claim,
                                const PrecisionPolicy& policy) const override {
    if constexpr (has_parameter_sweep<Model>::value) {
      StagedQuantities quantities = model_.staged_for_sweep(model_.from_parameters(parameters));
      return decide(claim.holds, quantities, policy);
    } else {
      return Statement::decide_at_parameters(parameters, claim, policy);
    }
  }

  const Model& model() const { return model_; }

  std::vector<double> margin_estimates(const ClaimTheory& claim, const DomainTable& domain, std::size_t cases,
                                       std::uint64_t seed) const override {
    const rc::Gen<Instance> gen = model_.generator(domain);
    std::vector<double> margins;
    for (std::size_t k = 0; k < cases; ++k) {
      const Instance instance = gen(rc::Random(case_seed(seed, info_.id, k)), int(k % 101)).value();
      StagedQuantities quantities = model_.staged(instance);
      bool applies = true;
      for (const Relation& a : claim.assume) applies &= margin_estimate(a, quantities.at_double()) >= 0;
      margins.push_back(applies ? margin_estimate(claim.holds, quantities.at_double())
                                : std::numeric_limits<double>::quiet_NaN());
    }
    return margins;
  }

 private:
  StatementResult run_claims(const StatementTheory& theory, const DomainTable& domain,
                             const RunOptions& options) const {
    StatementResult result;
    result.id = info_.id;
    result.title = theory.title.empty() ? info_.title : theory.title;
    result.notes = info_.notes;
    for (const ClaimTheory& c : theory.claims)
      result.claims.push_back(ClaimTally{c.name, claim_text(c)});

    const rc::Gen<Instance> gen = model_.generator(domain);
    for (std::size_t k = 0; k < options.cases; ++k) {
      if (options.stop_requested && options.stop_requested()) {
        result.interrupted = true;
        break;
      }
      const std::uint64_t seed = case_seed(options.seed, info_.id, k);
      const rc::Shrinkable<Instance> shrinkable = gen(rc::Random(seed), int(k % 101));
      const CaseOutcome outcome = check(shrinkable.value(), theory, options.policy);
      tally(outcome, result);
      // One shrunk counterexample per failing claim (shrinking tends to bring
      // every case of a claim to the same minimal instance), up to the cap.
      if (outcome.failing_claim && result.counterexample_cases.size() < options.max_reported &&
          !has_record_for(result, theory.claims[*outcome.failing_claim].name)) {
        result.counterexample_cases.push_back(
            shrink_and_record(shrinkable, *outcome.failing_claim, theory, options, k, seed));
      } else if (outcome.open_claim && !outcome.failing_claim && result.undecided_cases.size() < 10) {
        const ClaimTheory& claim = theory.claims[*outcome.open_claim];
        result.undecided_cases.push_back(record(shrinkable.value(), claim, outcome.decisions[*outcome.open_claim],
                                                k, seed, 0));
      }
      if (options.certificates) record_certificate(shrinkable.value(), k, seed, result);
      if (options.progress) options.progress(k + 1, options.cases);
    }
    if (options.certificates) certify_stored_cases(result);
    return result;
  }

  // ---- Certificates (RunOptions::certificates). Every case gets an entry,
  // in case order, so that certificates.json is deterministic; a parallel
  // case loop must store them by case index. Stored (shrunk) cases get the
  // certificate of their stored instance.
  void record_certificate(const Instance& instance, std::size_t k, std::uint64_t seed,
                          StatementResult& result) const {
    if constexpr (has_certificate<Model>::value)
      result.case_certificates.push_back({{"case", k},
                                          {"case_seed", seed},
                                          {"inputs", model_.to_json(instance)},
                                          {"certificate", model_.certificate(instance)}});
  }
  void certify_stored_cases(StatementResult& result) const {
    if constexpr (has_certificate<Model>::value) {
      for (auto* records : {&result.counterexample_cases, &result.undecided_cases})
        for (CaseRecord& r : *records) r.certificate = model_.certificate(model_.from_json(r.inputs));
    }
  }

  struct CaseOutcome {
    std::vector<Decision> decisions;
    std::optional<std::size_t> failing_claim, open_claim;
  };

  CaseOutcome check(const Instance& instance, const StatementTheory& theory, const PrecisionPolicy& policy) const {
    CaseOutcome out;
    StagedQuantities quantities = model_.staged(instance);
    for (std::size_t c = 0; c < theory.claims.size(); ++c) {
      const ClaimTheory& claim = theory.claims[c];
      out.decisions.push_back(decide(claim.assume, claim.holds, quantities, policy));
      const Verdict v = out.decisions.back().verdict;
      if (v == Verdict::Counterexample && !out.failing_claim) out.failing_claim = c;
      if (v == Verdict::Undecided && !out.open_claim) out.open_claim = c;
    }
    return out;
  }

  static bool has_record_for(const StatementResult& result, const std::string& claim) {
    for (const CaseRecord& r : result.counterexample_cases)
      if (r.claim == claim) return true;
    return false;
  }

  static void tally(const CaseOutcome& outcome, StatementResult& result) {
    ++result.cases;
    bool escalated = false, all_vacuous = true;
    for (std::size_t c = 0; c < outcome.decisions.size(); ++c) {
      const Decision& d = outcome.decisions[c];
      ClaimTally& t = result.claims[c];
      switch (d.verdict) {
        case Verdict::Holds: ++t.holds; break;
        case Verdict::Counterexample: ++t.counterexamples; break;
        case Verdict::Undecided: ++t.undecided; break;
        case Verdict::Vacuous: ++t.vacuous; break;
      }
      all_vacuous &= d.verdict == Verdict::Vacuous;
      ++result.decided_by[d.stage];
      escalated |= d.stage != "double" && d.stage != "undefined";
    }
    result.escalated += escalated;
    if (outcome.failing_claim) ++result.counterexamples;
    else if (outcome.open_claim) ++result.undecided;
    else if (all_vacuous) ++result.vacuous;
    else ++result.holds;
  }

  CaseRecord record(const Instance& instance, const ClaimTheory& claim, const Decision& d, std::size_t k,
                    std::uint64_t seed, std::size_t steps) const {
    CaseRecord r;
    r.case_index = k;
    r.case_seed = seed;
    r.claim = claim.name;
    r.assume = assumptions_text(claim);
    r.relation = d.failing.empty() ? claim.holds.text() : d.failing;
    r.stage = d.stage;
    r.evidence = d.evidence;
    r.shrink_steps = steps;
    r.inputs = model_.to_json(instance);
    if constexpr (has_figures<Model>::value) r.figures = model_.figures(instance);
    return r;
  }

  // Greedy descent through the shrink tree: take the first smaller instance
  // on which the same claim is still a certified counterexample.
  CaseRecord shrink_and_record(rc::Shrinkable<Instance> current, std::size_t claim_index,
                               const StatementTheory& theory, const RunOptions& options, std::size_t k,
                               std::uint64_t seed) const {
    const ClaimTheory& claim = theory.claims[claim_index];
    auto decide_claim = [&](const Instance& instance) {
      StagedQuantities quantities = model_.staged(instance);
      return decide(claim.assume, claim.holds, quantities, options.policy);
    };
    Decision best = decide_claim(current.value());
    std::size_t steps = 0, tries = 0;
    bool improved = true;
    while (improved && tries < options.max_shrink_tries) {
      improved = false;
      auto shrinks = current.shrinks();
      while (auto candidate = shrinks.next()) {
        if (++tries > options.max_shrink_tries) break;
        const Decision d = decide_claim(candidate->value());
        if (d.verdict == Verdict::Counterexample) {
          current = std::move(*candidate);
          best = d;
          ++steps;
          improved = true;
          break;
        }
      }
    }
    return record(current.value(), claim, best, k, seed, steps);
  }

  StatementInfo info_;
  Model model_;
};

template <class Model>
StatementPtr make_statement(StatementInfo info, Model model) {
  return std::make_shared<ModelStatement<Model>>(std::move(info), std::move(model));
}

}  // namespace sinkcheck
