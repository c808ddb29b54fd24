#pragma once
// The targeted phase: after the random cases, local searches climb from the
// cases that came closest to refuting each claim toward its failure
// (targeted property-based testing, made certified).
//
// For every claim that the random cases did not refute and that has slack
// left (an identity without assumptions has none and is left to the random
// cases; a claim the random cases met with equality, slack 0, is searched
// only when no other claim is), the phase takes the few random cases
// closest to failure (verify/slack.hpp's
// lexicographic objective: assumptions hold, then the claim's slack, then
// the assumptions' slack) and runs a (1+1) evolution strategy from each: the
// instance is moved (engine/perturb.hpp's generic moves on its exact inputs,
// or the model's own), the move is kept when it is at least as close, the
// step grows on success and shrinks on failure (the 1/5 rule), and the
// search restarts from its start when the step has collapsed.
//
// Only the fast path steers. Every instance on which it calls some claim
// violated is decided by the certified ladder like any other case (and
// counted in the tallies); a certified counterexample ends its search, and
// the first one per claim is shrunk (numbers made simpler while the same
// claim stays a certified counterexample) and stored with found_by
// "targeted". The searches are independent tasks, each seeded from (run
// seed, statement, claim, start case), and their results are reduced in task
// order: the same report for any number of threads.
//
// Optional model hooks (engine/model_contract.hpp): in_domain, whether an
// instance stays inside the generator's domain (the [P<n>.domain] limits and
// the statement's family), rejects moves that leave it; targeted_move, a
// move where structure matters (throws std::invalid_argument to reject), is
// drawn for half of the moves.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <mutex>
#include <optional>
#include <type_traits>

#include "engine/case_outcome.hpp"
#include "engine/model_contract.hpp"
#include "engine/parallel.hpp"
#include "engine/perturb.hpp"

namespace sinkcheck {

// RunOptions::observe_instance: tells the observer (a test) of an instance
// the run made, and whether it lies inside the model's domain.
template <class Model>
void observe_instance(const Model& model, const DomainTable& domain, const RunOptions& options, const char* source,
                      const typename Model::Instance& x) {
  if (options.observe_instance) options.observe_instance(source, model.to_json(x), model.in_domain(x, domain));
}

// The seed of one local search.
std::uint64_t search_seed(std::uint64_t run_seed, const std::string& statement_id, std::size_t claim,
                          std::size_t start_case);

// Whether the targeted phase can climb toward a claim's failure: all but
// identities without assumptions (their slack is 0 wherever they hold).
bool searchable(const ClaimTheory& claim);
bool has_searchable_claims(const StatementTheory& theory);

// How a claim's budget is split into searches (engine/targeted_search.cpp).
struct SearchPlan {
  std::size_t claim = 0;
  std::size_t start_rank = 0;  // which of the claim's starts
  std::size_t steps = 0;       // fast-path evaluations
};
std::vector<SearchPlan> plan_searches(const StatementTheory& theory, const StatementResult& random_phase,
                                      const StartPicker& starts, std::size_t budget);


template <class Model>
class TargetedSearch {
 public:
  using Instance = typename Model::Instance;
  // What the case loop lends the phase.
  struct Context {
    const Model& model;
    const DomainTable& domain;
    const StatementTheory& theory;
    const RunOptions& options;
    const std::string& statement_id;
    std::function<Instance(std::size_t case_index)> regenerate;  // a random case's instance
    std::function<CaseRecord(const Instance&, const ClaimTheory&, const Decision&, std::size_t case_index,
                             std::uint64_t seed, std::size_t shrink_steps)>
        record;
    std::function<bool()> should_stop;  // interrupted or out of time
    // Progress of the phase: called with the budget spent so far, as each
    // search ends (from the pool's threads, one call at a time).
    std::function<void(std::size_t spent)> progress = nullptr;
  };

  explicit TargetedSearch(Context context) : c_(std::move(context)) {}

  // Runs `budget` fast-path evaluations from `starts` (the merged random
  // phase's, closed) and records what they found into `ledger`.
  void run(const StartPicker& starts, std::size_t budget, StatementLedger& ledger) const {
    const StatementResult& random_phase = ledger.so_far();
    const std::vector<SearchPlan> plans = plan_searches(c_.theory, random_phase, starts, budget);
    TargetedSummary& summary = ledger.targeted_summary();
    summary.budget += budget;
    summary.traces.resize(c_.theory.claims.size());
    // Each searched claim's picture starts at the random phase's closest approach.
    for (const SearchPlan& p : plans)
      if (p.start_rank == 0) {
        const ClosestApproach& closest = random_phase.claims[p.claim].closest;
        summary.traces[p.claim].push_back(closest.seen ? closest.slack : std::nan(""));
      }
    std::vector<Search> searches(plans.size());
    std::mutex progress_mutex;
    std::size_t spent = 0;
    for_each_index(plans.size(), [&](std::size_t t) {
      const SearchStart& start = starts.starts(plans[t].claim)[plans[t].start_rank];
      searches[t] = climb(plans[t], start);
      if (c_.progress) {
        std::lock_guard<std::mutex> lock(progress_mutex);
        spent += plans[t].steps;
        c_.progress(spent);
      }
    });
    reduce(plans, starts, searches, ledger);
  }

 private:
  struct Certified {
    Instance instance;
    CaseOutcome outcome;
  };
  struct Best {
    ClaimSlack slack;
    Instance instance;
  };
  struct Search {
    std::uint64_t seed = 0;
    std::size_t evaluations = 0;
    std::vector<Certified> certified;          // in evaluation order
    std::vector<std::optional<Best>> closest;  // per claim, where it applied
    std::vector<double> trace;                 // the searched claim's smallest slack so far
  };

  // One local search: a (1+1) evolution strategy with the 1/5 rule, a
  // bisection toward an assumption's edge when a move crosses it, and
  // restarts when the step has collapsed.
  Search climb(const SearchPlan& plan, const SearchStart& start) const {
    Search s;
    s.seed = search_seed(c_.options.seed, c_.statement_id, plan.claim, start.case_index);
    s.closest.resize(c_.theory.claims.size());
    SearchRandom random(s.seed);
    const Instance origin = c_.regenerate(start.case_index);
    MoveChooser chooser(c_.model.to_json(origin), has_targeted_move<Model>::value);
    Instance current = origin;
    ClaimSlack current_slack = start.slack;
    double best = start.slack.applies ? start.slack.claim.slack : std::nan("");
    std::size_t remaining = plan.steps;
    bool refuted = false;

    // One evaluation: the fast path (the ladder where it flags a claim), the
    // closest approaches, the trace.
    auto look = [&](const Instance& y) -> std::optional<std::vector<ClaimSlack>> {
      --remaining;
      ++s.evaluations;
      observe_instance(c_.model, c_.domain, c_.options, "targeted move", y);
      std::optional<std::vector<ClaimSlack>> slacks = evaluate(y, s, refuted, plan.claim);
      if (slacks) {
        for (std::size_t c = 0; c < slacks->size(); ++c)
          if ((*slacks)[c].applies && !std::isnan((*slacks)[c].claim.slack) &&
              (!s.closest[c] || closer_approach((*slacks)[c], s.closest[c]->slack)))
            s.closest[c] = Best{(*slacks)[c], y};
        const ClaimSlack& mine = (*slacks)[plan.claim];
        if (mine.applies && !std::isnan(mine.claim.slack) && !(mine.claim.slack >= best)) best = mine.claim.slack;
      }
      s.trace.push_back(best);
      return slacks;
    };

    constexpr double kLargestStep = 1.0 / 2, kSmallestStep = 1.0 / (1ull << 30);
    constexpr double kShrink = 0.8408964152537145;  // 2^(-1/4): the step holds at one success in five
    // A relative move of size sigma changes a scale-free slack by about
    // sigma: start at the scale of the start's own slack (from a tie, where
    // the slack is 0, look around instead).
    const double initial_step = start.slack.applies && std::isfinite(start.slack.claim.slack) && start.slack.claim.slack != 0
                                    ? std::max(kSmallestStep * 4, std::min(1.0 / 8, 2 * std::abs(start.slack.claim.slack)))
                                    : 1.0 / 8;
    double step = initial_step;
    while (remaining > 0 && !chooser.empty() && !refuted && !c_.should_stop()) {
      std::vector<std::size_t> picks;
      const std::optional<Instance> candidate = propose(current, step, random, chooser, picks);
      std::optional<std::vector<ClaimSlack>> slacks;
      if (candidate) slacks = look(*candidate);
      else --remaining;  // every move rejected: the attempt still costs a step
      if (refuted) break;
      if (slacks && closer((*slacks)[plan.claim], current_slack)) {  // closer: keep it, take longer steps
        chooser.closer(picks);
        current = *candidate;
        current_slack = (*slacks)[plan.claim];
        step = std::min(kLargestStep, step * 2);
        continue;
      }
      if (slacks && !closer(current_slack, (*slacks)[plan.claim])) {
        // As close: keep it (drift across plateaus), the step stays; the
        // field it moved is likely one the claim does not read.
        chooser.unchanged(picks);
        current = *candidate;
        current_slack = (*slacks)[plan.claim];
        continue;
      }
      chooser.farther(picks);
      // The move crossed an assumption's edge: a claim tends to be tightest
      // just inside it, where random cases rarely land.
      if (slacks && current_slack.applies && !(*slacks)[plan.claim].applies)
        bisect_toward_edge(current, current_slack, *candidate, plan.claim, look, remaining);
      if (refuted) break;
      step *= kShrink;
      if (step < kSmallestStep) {  // collapsed: start over
        current = origin;
        current_slack = start.slack;
        step = initial_step;
      }
    }
    return s;
  }

  // Between an instance where the claim applies and one where it does not:
  // halves the segment of their numbers, keeping the closer inside point.
  template <class Look>
  void bisect_toward_edge(Instance& inside, ClaimSlack& inside_slack, const Instance& outside, std::size_t claim,
                          Look& look, const std::size_t& remaining) const {
    constexpr int kHalvings = 12;
    const nlohmann::json a = c_.model.to_json(inside), b = c_.model.to_json(outside);
    Rational lo = 0, hi = 1;
    for (int k = 0; k < kHalvings && remaining > 0; ++k) {
      const Rational t = (lo + hi) / 2;
      const std::optional<nlohmann::json> middle = between(a, b, t);
      if (!middle) return;  // not a segment of numbers (an integer or the shape differs)
      std::optional<Instance> y;
      try {
        y = c_.model.from_json(*middle);
      } catch (const std::invalid_argument&) {
        return;
      }
      if constexpr (has_in_domain<Model>::value)
        if (!c_.model.in_domain(*y, c_.domain)) return;
      const std::optional<std::vector<ClaimSlack>> slacks = look(*y);
      if (!slacks) return;
      const ClaimSlack& mine = (*slacks)[claim];
      if (mine.claim.holds == false && mine.applies && !std::isnan(mine.claim.slack)) return;  // certified by look
      if (mine.applies) {
        lo = t;
        if (!closer(inside_slack, mine)) {
          inside = std::move(*y);
          inside_slack = mine;
        }
      } else {
        hi = t;
      }
    }
  }

  static bool closer_approach(const ClaimSlack& a, const ClaimSlack& b) { return a.claim.slack < b.claim.slack; }

  // A valid, in-domain neighbour of x, or nothing after a few tries;
  // `picks` says what moved.
  std::optional<Instance> propose(const Instance& x, double step, SearchRandom& random, const MoveChooser& chooser,
                                  std::vector<std::size_t>& picks) const {
    const nlohmann::json inputs = c_.model.to_json(x);
    for (int attempt = 0; attempt < 8; ++attempt) {
      picks = chooser.pick(random);
      try {
        std::optional<Instance> y;
        if constexpr (has_targeted_move<Model>::value)
          if (picks.front() == chooser.model_move_index()) y = c_.model.targeted_move(x, step, random);
        if (!y) {
          const nlohmann::json moved = chooser.move(inputs, picks, step, random);
          if (moved == inputs) continue;
          y = c_.model.from_json(moved);
        }
        if constexpr (has_in_domain<Model>::value)
          if (!c_.model.in_domain(*y, c_.domain)) continue;
        return y;
      } catch (const std::invalid_argument&) {
        continue;  // the model's validation rejected the move
      }
    }
    return std::nullopt;
  }

  // The fast path's slacks of every claim; an instance it flags is decided
  // by the certified ladder (and kept for the tallies).
  std::optional<std::vector<ClaimSlack>> evaluate(const Instance& y, Search& s, bool& refuted,
                                                  std::size_t claim) const {
    try {
      StagedQuantities quantities = c_.model.staged(y);
      std::vector<ClaimSlack> slacks = fast_slacks(quantities, c_.theory);
      if (!fast_path_flags(slacks)) return slacks;
      CaseOutcome outcome = decide_case(quantities, c_.theory, c_.options.policy);
      refuted = outcome.decisions[claim].verdict == Verdict::Counterexample;
      slacks = outcome.slacks;
      s.certified.push_back(Certified{y, std::move(outcome)});
      return slacks;
    } catch (const std::invalid_argument&) {
      return std::nullopt;  // the model has no quantities for it
    }
  }

  // In task order, into the ledger: tallies, stored cases, closest approaches; and the traces.
  void reduce(const std::vector<SearchPlan>& plans, const StartPicker& starts, std::vector<Search>& searches,
              StatementLedger& ledger) const {
    struct Pending {
      std::size_t search, index, claim;
    };
    std::vector<Pending> to_shrink;
    TargetedSummary& summary = ledger.targeted_summary();
    for (std::size_t t = 0; t < searches.size(); ++t) {
      Search& s = searches[t];
      const std::size_t start_case = starts.starts(plans[t].claim)[plans[t].start_rank].case_index;
      ++summary.searches;
      summary.evaluations += s.evaluations;
      for (std::size_t i = 0; i < s.certified.size(); ++i) {
        const CaseOutcome& outcome = s.certified[i].outcome;
        const StatementLedger::Keep keep = ledger.record_targeted(outcome);
        for (std::size_t f : keep.shrink) to_shrink.push_back(Pending{t, i, f});
        if (keep.undecided) {
          const std::size_t o = *keep.undecided;
          CaseRecord r = c_.record(s.certified[i].instance, c_.theory.claims[o], outcome.decisions[o], start_case,
                                   s.seed, 0);
          r.found_by = "targeted";
          ledger.store_undecided(std::move(r));
        }
      }
      for (std::size_t c = 0; c < s.closest.size(); ++c) {
        if (!s.closest[c]) continue;
        std::optional<nlohmann::json> inputs;
        ledger.approach(c, s.closest[c]->slack, c_.theory.claims[c], start_case, s.seed, [&]() -> const nlohmann::json& {
          if (!inputs) inputs = c_.model.to_json(s.closest[c]->instance);
          return *inputs;
        });
      }
      std::vector<double>& trace = summary.traces[plans[t].claim];
      trace.insert(trace.end(), s.trace.begin(), s.trace.end());
    }
    std::vector<CaseRecord> shrunk(to_shrink.size());
    for_each_index(to_shrink.size(), [&](std::size_t k) {
      const Pending& p = to_shrink[k];
      const Search& s = searches[p.search];
      const std::size_t start_case = starts.starts(plans[p.search].claim)[plans[p.search].start_rank].case_index;
      shrunk[k] = shrink(s.certified[p.index].instance, p.claim, start_case, s.seed);
    });
    for (CaseRecord& r : shrunk) ledger.store_counterexample(std::move(r));
  }

  // Greedy: each number in turn replaced by a simpler one (coarse first)
  // while the same claim stays a certified counterexample.
  CaseRecord shrink(const Instance& found, std::size_t claim_index, std::size_t start_case, std::uint64_t seed) const {
    const ClaimTheory& claim = c_.theory.claims[claim_index];
    auto decide_claim = [&](const Instance& instance) {
      StagedQuantities quantities = c_.model.staged(instance);
      return decide(claim.assume, claim.holds, quantities, c_.options.policy);
    };
    Instance best_instance = found;
    Decision best = decide_claim(found);
    nlohmann::json inputs = c_.model.to_json(found);
    const std::vector<NumberSite> sites = number_sites(inputs);
    const std::size_t max_tries = std::max<std::size_t>(1, c_.options.max_shrink_tries / 4);
    std::size_t steps = 0, tries = 0;
    for (bool improved = true; improved && tries < max_tries;) {
      improved = false;
      for (const NumberSite& site : sites) {
        for (unsigned bits : {2u, 6u, 12u}) {
          if (tries >= max_tries) break;
          const std::optional<nlohmann::json> simpler = simpler_at(inputs, site, bits);
          if (!simpler) continue;
          try {
            Instance candidate = c_.model.from_json(*simpler);
            if constexpr (has_in_domain<Model>::value)
              if (!c_.model.in_domain(candidate, c_.domain)) continue;
            ++tries;
            observe_instance(c_.model, c_.domain, c_.options, "targeted shrinker", candidate);
            const Decision d = decide_claim(candidate);
            if (d.verdict != Verdict::Counterexample) continue;
            inputs = *simpler;
            best_instance = std::move(candidate);
            best = d;
            ++steps;
            improved = true;
            break;  // this number is as simple as it gets at the coarsest level that works
          } catch (const std::invalid_argument&) {
            continue;
          }
        }
      }
    }
    CaseRecord r = c_.record(best_instance, claim, best, start_case, seed, steps);
    r.found_by = "targeted";
    return r;
  }

  Context c_;
};

}  // namespace sinkcheck
