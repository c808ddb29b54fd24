#pragma once
// The case loop that runs a statement's claims over generated instances:
// generator -> quantities -> certified decisions -> tallies, with every
// counterexample shrunk (through rapidcheck's shrink trees) while it stays a
// certified counterexample. Included only by proposition sources.
//
// run_cases runs a range of the random cases in parallel (engine/parallel.hpp)
// in batches; each batch is reduced in case order into the statement's
// ledger (engine/statement_ledger.hpp), which says what each case does to the
// report (tallies, closest approaches, which counterexamples are shrunk and
// stored, search starts), so the result is a serial run's whatever the
// number of threads. A case is a pure function of (run seed, statement id,
// case index). finish, from the ledgers of every range merged in order,
// runs the targeted phase (engine/targeted_search.hpp): its share of the
// budget, climbing from the cases that came closest to refuting each claim.
#include <rapidcheck/Gen.h>
#include <rapidcheck/Random.h>
#include <rapidcheck/Shrinkable.h>
#include <rapidcheck/Seq.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <mutex>
#include <optional>
#include <type_traits>

#include "engine/case_outcome.hpp"
#include "engine/falsifying_example.hpp"
#include "engine/model_contract.hpp"
#include "engine/parallel.hpp"
#include "engine/statement.hpp"
#include "engine/targeted_search.hpp"

namespace sinkcheck {

// The model's required and optional hooks: engine/model_contract.hpp.
template <class Model>
class ModelStatement final : public Statement {
  static_assert(sizeof(ModelContract<Model>) > 0, "the model's contract is checked here");

 public:
  using Instance = typename Model::Instance;
  // The targeted phase and its shrinker move instances: without the rule,
  // nothing keeps them inside the domain the theory file sets.
  static_assert(has_in_domain<Model>::value, "a model says which instances lie in its domain (in_domain)");

  ModelStatement(StatementInfo info, Model model) : info_(std::move(info)), model_(std::move(model)) {}

  const StatementInfo& info() const override { return info_; }

  void check_domain(const DomainTable& domain) const override { (void)model_.generator(domain); }

  const SymbolicModel* symbolic() const override {
    if constexpr (has_symbolic<Model>::value) return model_.symbolic();
    else return nullptr;
  }

  // The selected reading decides the verdict; every other reading of the
  // statement is run on the same cases and reported beside it.
  StatementLedger run_cases(const StatementTheory& theory, const DomainTable& domain, const RunOptions& requested,
                            CaseRange range) const override {
    RunOptions options = requested;
    options.targeted_share = settled_targeted_share(theory, options.targeted_share);
    range.end = std::min(range.end, options.random_cases());
    range.first = std::min(range.first, range.end);
    // The statement's tables and pictures do not depend on the cases: the
    // range at case 0 makes them beside its cases (P4's threshold tables
    // take up to half a second, which one thread would otherwise spend alone).
    StatementLedger ledger;
    std::optional<StatementExtras> extras;
    bool make_extras = false;
    if constexpr (has_statement_extras<Model>::value) make_extras = options.extras && range.first == 0;
    for_each_index(make_extras ? 2 : 1, [&](std::size_t task) {
      if (task == 0) {
        ledger = random_cases(theory.selected(), domain, options, range);
      } else if constexpr (has_statement_extras<Model>::value) {
        extras = model_.statement_extras(theory, domain, options);
      }
    });
    ledger.set_reading(theory.reading);
    if (extras) ledger.set_extras(std::move(extras->figures), std::move(extras->tables), std::move(extras->certificates));
    RunOptions quiet = options;
    quiet.progress = nullptr;
    quiet.case_certificate_sink = [](nlohmann::json&&) {};  // the same cases: certified once, above
    for (const std::string& reading : theory.other_readings()) {
      if (ledger.interrupted()) break;
      StatementLedger other = random_cases(theory.of_reading(reading), domain, quiet, range, false);
      other.set_reading(reading);
      ledger.add_other_reading(std::move(other));
    }
    return ledger;
  }

  StatementResult finish(const StatementTheory& theory, const DomainTable& domain, const RunOptions& requested,
                         StatementLedger ledger) const override {
    RunOptions options = requested;
    options.targeted_share = settled_targeted_share(theory, options.targeted_share);
    ledger.close_random_phase(options.max_reported);
    finish_reading(theory.selected(), domain, options, ledger);
    RunOptions quiet = options;
    quiet.progress = nullptr;
    for (StatementLedger& other : ledger.other_readings())
      finish_reading(theory.of_reading(other.so_far().reading), domain, quiet, other);
    return ledger.result();
  }

  std::vector<Decision> replay(const nlohmann::json& inputs, const StatementTheory& theory,
                               const PrecisionPolicy& policy) const override {
    return check(model_.from_json(inputs), theory, policy).decisions;
  }

  InputsDecision decide_inputs(const nlohmann::json& inputs, const ClaimTheory& claim,
                               const PrecisionPolicy& policy) const override {
    const Instance instance = model_.from_json(inputs);
    StagedQuantities quantities = model_.staged(instance);
    InputsDecision out;
    out.decision = decide(claim.assume, claim.holds, quantities, policy);
    out.record = record(instance, claim, out.decision, 0, 0, 0);
    return out;
  }

  ClaimSlack slack_at(const nlohmann::json& inputs, const ClaimTheory& claim) const override {
    StagedQuantities quantities = model_.staged(model_.from_json(inputs));
    return claim_slack(claim.assume, claim.holds, quantities);
  }

  Decision decide_at_parameters(const std::map<std::string, Rational>& parameters, const ClaimTheory& claim,
                                const PrecisionPolicy& policy) const override {
    if constexpr (has_parameter_sweep<Model>::value) {
      StagedQuantities quantities = model_.staged_for_sweep(model_.from_parameters(parameters), claim.holds);
      return decide(claim.holds, quantities, policy);
    } else {
      return Statement::decide_at_parameters(parameters, claim, policy);
    }
  }

  const Model& model() const { return model_; }

  std::vector<double> margin_estimates(const ClaimTheory& claim, const DomainTable& domain, std::size_t cases,
                                       std::uint64_t seed) const override {
    const rc::Gen<Instance> gen = model_.generator(domain);
    std::vector<double> margins(cases);
    for_each_index(cases, [&](std::size_t k) {
      const Instance instance = generate(gen, seed, k).value;
      StagedQuantities quantities = model_.staged(instance);
      bool applies = true;
      for (const Relation& a : claim.assume) applies &= margin_estimate(a, quantities.at_double()) >= 0;
      margins[k] = applies ? margin_estimate(claim.holds, quantities.at_double())
                           : std::numeric_limits<double>::quiet_NaN();
    });
    return margins;
  }

 private:
  // One generated case: its instance, and the shrink tree it came from
  // (touched only under generation_mutex()).
  struct Generated {
    std::optional<rc::Shrinkable<Instance>> shrinkable;
    Instance value;
  };

  Generated generate(const rc::Gen<Instance>& gen, std::uint64_t run_seed, std::size_t k) const {
    std::lock_guard<std::mutex> lock(generation_mutex());
    rc::Shrinkable<Instance> shrinkable = gen(rc::Random(case_seed(run_seed, info_.id, k)), int(k % 101));
    Instance value = shrinkable.value();
    return Generated{std::move(shrinkable), std::move(value)};
  }

  // The header of a reading's results: its claims, every count zero. The
  // statement's notes are on the selected reading only.
  StatementResult header(const StatementTheory& theory, const DomainTable& domain, bool with_notes) const {
    StatementResult result;
    result.id = info_.id;
    result.title = theory.title.empty() ? info_.title : theory.title;
    if (with_notes) {
      result.notes = info_.notes;
      if constexpr (has_domain_notes<Model>::value)
        for (std::string& note : model_.domain_notes(domain)) result.notes.push_back(std::move(note));
    }
    for (const ClaimTheory& c : theory.claims)
      result.claims.push_back(ClaimTally{c.name, claim_text(c), 0, 0, 0, 0, {}, {}});
    return result;
  }

  // One reading's random cases of `range` (already clamped to the random
  // cases), into a ledger of their own.
  StatementLedger random_cases(const StatementTheory& theory, const DomainTable& domain, const RunOptions& options,
                               CaseRange range, bool with_notes = true) const {
    StatementLedger ledger(header(theory, domain, with_notes));
    const rc::Gen<Instance> gen = model_.generator(domain);
    // --time: the random phase gets its share of the time, the targeted phase the rest.
    std::optional<std::chrono::steady_clock::time_point> random_deadline = options.deadline;
    if (options.deadline) {
      const auto now = std::chrono::steady_clock::now();
      const double share = double(options.targeted_cases()) / double(std::max<std::size_t>(1, options.cases));
      random_deadline = now + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                  (*options.deadline - now) * (1.0 - share));
    }
    auto out_of_time = [&] { return random_deadline && std::chrono::steady_clock::now() >= *random_deadline; };
    auto must_stop = [&] { return options.stop_requested && options.stop_requested(); };
    // The batch size changes nothing in the result, only how often the
    // reduction, progress and the clock are looked at.
    const std::size_t batch = std::max<std::size_t>(64, 64 * std::size_t(current_concurrency()));
    // Progress counts the targeted phase too when this range is the whole run (finish reports its end).
    const bool whole_run = range.first == 0 && range.end == options.random_cases();
    const std::size_t total = range.end - range.first + (whole_run ? options.targeted_cases() : 0);
    for (std::size_t start = range.first; start < range.end;) {
      if (must_stop()) {
        ledger.mark_interrupted();
        break;
      }
      if (out_of_time()) break;
      const std::size_t n = std::min(batch, range.end - start);
      struct Work {
        bool done = false;
        Generated generated;
        CaseOutcome outcome;
        nlohmann::json certificate;  // with options.certificates
      };
      std::vector<Work> work(n);
      for_each_index(n, [&](std::size_t i) {
        if (must_stop()) return;  // stop within a case's time; later cases are dropped
        work[i].generated = generate(gen, options.seed, start + i);
        observe_instance(model_, domain, options, "generator", work[i].generated.value);
        work[i].outcome = check(work[i].generated.value, theory, options.policy);
        if (options.certificates) work[i].certificate = certificate_entry(work[i].generated.value, start + i, options);
        work[i].done = true;
      });

      // Reduce in case order into the ledger; collect the counterexamples it keeps, to shrink.
      std::vector<std::pair<std::size_t, std::size_t>> to_shrink;  // (batch index, claim)
      std::size_t reduced = 0;
      for (; reduced < n && work[reduced].done; ++reduced) {
        const std::size_t k = start + reduced;
        const std::uint64_t seed = case_seed(options.seed, info_.id, k);
        const Instance& instance = work[reduced].generated.value;
        const CaseOutcome& outcome = work[reduced].outcome;
        std::optional<nlohmann::json> inputs;
        const StatementLedger::Keep keep = ledger.record_random(k, seed, outcome, theory, [&]() -> const nlohmann::json& {
          if (!inputs) inputs = model_.to_json(instance);
          return *inputs;
        });
        if (!work[reduced].certificate.is_null()) {
          if (options.case_certificate_sink)
            options.case_certificate_sink(std::move(work[reduced].certificate));
          else
            ledger.keep_certificate(std::move(work[reduced].certificate));
        }
        for (std::size_t c : keep.shrink) to_shrink.emplace_back(reduced, c);
        if (keep.undecided)
          ledger.store_undecided(stored(
              record(instance, theory.claims[*keep.undecided], outcome.decisions[*keep.undecided], k, seed, 0), options));
      }
      std::vector<CaseRecord> shrunk(to_shrink.size());
      for_each_index(to_shrink.size(), [&](std::size_t t) {
        const auto [i, claim] = to_shrink[t];
        const std::size_t k = start + i;
        shrunk[t] = stored(shrink_and_record(*work[i].generated.shrinkable, claim, theory, domain, options, k,
                                             case_seed(options.seed, info_.id, k)),
                           options);
      });
      for (CaseRecord& r : shrunk) ledger.store_counterexample(std::move(r));
      // The batch's instances (and their shrink trees: big P1 geometries of
      // exact rationals) are freed on the pool too; freed here, on one
      // thread, they were a fifth of P1's time at two threads.
      for_each_index(n, [&](std::size_t i) {
        if (!work[i].generated.shrinkable) return;
        std::lock_guard<std::mutex> lock(generation_mutex());  // a shrink tree is rapidcheck's
        work[i].generated.shrinkable.reset();
      });
      for_each_index(n, [&](std::size_t i) { work[i] = Work{}; });
      start += reduced;
      if (options.progress) options.progress(start - range.first, total);
      if (reduced < n) {  // stopped inside the batch
        ledger.mark_interrupted();
        break;
      }
    }
    return ledger;
  }

  // One reading's targeted phase, from its merged ledger (closed: every
  // random case is in it), with the budget in proportion to the random cases
  // it holds (all of them, unless --time cut the random phase).
  void finish_reading(const StatementTheory& theory, const DomainTable& domain, const RunOptions& options,
                      StatementLedger& ledger) const {
    if (ledger.interrupted()) return;
    const std::size_t random = options.random_cases(), random_done = ledger.so_far().cases;
    const std::size_t budget =
        random == 0 ? 0 : std::size_t((unsigned __int128)(options.targeted_cases()) * random_done / random);
    if (budget != 0) run_targeted_phase(theory, domain, options, random_done, budget, ledger);
    if (options.progress && !ledger.interrupted()) options.progress(random_done + budget, random_done + budget);
  }

  // ---- Certificates (RunOptions::certificates). Every case gets an entry,
  // made beside its check and reduced in case order, so that
  // certificates.json is the same for any number of threads. Stored (shrunk)
  // cases get the certificate of their stored instance.
  nlohmann::json certificate_entry(const Instance& instance, std::size_t k, const RunOptions& options) const {
    if constexpr (has_certificate<Model>::value)
      return {{"case", k},
              {"case_seed", case_seed(options.seed, info_.id, k)},
              {"inputs", model_.to_json(instance)},
              {"certificate", model_.certificate(instance)}};
    else
      return nullptr;
  }
  CaseRecord stored(CaseRecord r, const RunOptions& options) const {
    if constexpr (has_certificate<Model>::value)
      if (options.certificates && r.certificate.is_null()) r.certificate = model_.certificate(model_.from_json(r.inputs));
    return r;
  }

  void run_targeted_phase(const StatementTheory& theory, const DomainTable& domain, const RunOptions& options,
                          std::size_t random_done, std::size_t budget, StatementLedger& ledger) const {
    const rc::Gen<Instance> gen = model_.generator(domain);
    auto should_stop = [&] {
      return (options.stop_requested && options.stop_requested()) ||
             (options.deadline && std::chrono::steady_clock::now() >= *options.deadline);
    };
    typename TargetedSearch<Model>::Context context{
        model_, domain, theory, options, info_.id,
        [&](std::size_t k) { return generate(gen, options.seed, k).value; },
        [&](const Instance& instance, const ClaimTheory& claim, const Decision& d, std::size_t k, std::uint64_t seed,
            std::size_t steps) { return stored(record(instance, claim, d, k, seed, steps), options); },
        should_stop};
    if (options.progress)
      context.progress = [&](std::size_t spent) { options.progress(random_done + spent, random_done + budget); };
    TargetedSearch<Model>(context).run(ledger.starts(), budget, ledger);
    if (options.stop_requested && options.stop_requested()) ledger.mark_interrupted();
  }

  CaseOutcome check(const Instance& instance, const StatementTheory& theory, const PrecisionPolicy& policy) const {
    StagedQuantities quantities = model_.staged(instance);
    return decide_case(quantities, theory, policy);
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
    if (d.verdict == Verdict::Counterexample) {
      StagedQuantities quantities = model_.staged(instance);
      r.example = falsifying_example(claim, quantities, info_.variables, d.stage);
    }
    if constexpr (has_figures<Model>::value) r.figures = model_.figures(instance);
    return r;
  }

  // Greedy descent through the shrink tree: take the first smaller instance
  // on which the same claim is still a certified counterexample. A case
  // that refutes several claims lends its tree to each claim's shrink: the
  // tree (rapidcheck's, not thread-safe) is copied and freed under the lock.
  CaseRecord shrink_and_record(const rc::Shrinkable<Instance>& root, std::size_t claim_index,
                               const StatementTheory& theory, const DomainTable& domain, const RunOptions& options,
                               std::size_t k, std::uint64_t seed) const {
    const ClaimTheory& claim = theory.claims[claim_index];
    auto decide_claim = [&](const Instance& instance) {
      StagedQuantities quantities = model_.staged(instance);
      return decide(claim.assume, claim.holds, quantities, options.policy);
    };
    std::optional<rc::Shrinkable<Instance>> current;
    Instance best_instance = [&] {
      std::lock_guard<std::mutex> lock(generation_mutex());
      current.emplace(root);
      return current->value();
    }();
    Decision best = decide_claim(best_instance);
    std::size_t steps = 0, tries = 0;
    bool improved = true;
    while (improved && tries < options.max_shrink_tries) {
      improved = false;
      std::unique_lock<std::mutex> lock(generation_mutex());
      auto shrinks = current->shrinks();
      while (auto candidate = shrinks.next()) {
        if (++tries > options.max_shrink_tries) break;
        Instance value = candidate->value();
        lock.unlock();  // certify outside the lock
        observe_instance(model_, domain, options, "shrinker", value);
        const Decision d = decide_claim(value);
        lock.lock();
        if (d.verdict == Verdict::Counterexample) {
          *current = std::move(*candidate);
          best_instance = std::move(value);
          best = d;
          ++steps;
          improved = true;
          break;
        }
      }
    }
    {
      std::lock_guard<std::mutex> lock(generation_mutex());
      current.reset();
    }
    return record(best_instance, claim, best, k, seed, steps);
  }

  StatementInfo info_;
  Model model_;
};

template <class Model>
StatementPtr make_statement(StatementInfo info, Model model) {
  return std::make_shared<ModelStatement<Model>>(std::move(info), std::move(model));
}

}  // namespace sinkcheck
