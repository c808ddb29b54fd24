#pragma once
// One decided instance and what the case loop does with it: the certified
// decision of every claim with its fast-path slack, the statement's tallies,
// the closest approach per claim, and the cases the targeted phase starts
// from. Shared by the random phase (engine/model_statement.hpp) and the
// targeted phase (engine/targeted_search.hpp); nothing here is a template.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/statement.hpp"

namespace sinkcheck {

struct CaseOutcome {
  std::vector<Decision> decisions;
  std::vector<ClaimSlack> slacks;  // per claim, settled by its decision (settle_slack)
  std::optional<std::size_t> failing_claim, open_claim;
};

// Every claim decided by the certified ladder, with its slack.
CaseOutcome decide_case(StagedQuantities& quantities, const StatementTheory& theory, const PrecisionPolicy& policy);

// Every claim's slack at the fast path alone (no certified decision).
std::vector<ClaimSlack> fast_slacks(StagedQuantities& quantities, const StatementTheory& theory);

// Whether the fast path calls some claim violated where it applies: such an
// instance goes to the certified ladder.
bool fast_path_flags(const std::vector<ClaimSlack>& slacks);

// What a certified decision leaves of an estimate: a vacuous claim does not
// apply; a claim certified to hold has slack >= 0 and ratio <= 1 (an
// estimate beyond them was rounding at a tie).
void settle_slack(ClaimSlack& slack, const Decision& decision);

// Adds a decided case to the statement's tallies (cases, per-claim counts,
// decided_by, escalated).
void tally(const CaseOutcome& outcome, StatementResult& result);

// The claims a case refutes, in claim order.
std::vector<std::size_t> refuted_claims(const CaseOutcome& outcome);

// Which counterexamples a run stores, one rule for the case loop, the
// targeted phase and merge_parts: the first counterexample of *each* claim,
// in the order they are met (case order, then claim order within a case),
// while the statement's cap has room. A part of a run has no cap (merge_parts
// applies it over the parts in case order, which gives the whole run's choice).
class CounterexampleSelection {
 public:
  // `stored`: the records already kept; `recorded_earlier`: claims an earlier
  // part is known to store (RunOptions::recorded_earlier); no cap: std::nullopt.
  CounterexampleSelection(const std::vector<CaseRecord>& stored, std::optional<std::size_t> cap,
                          const std::set<std::string>& recorded_earlier = {});
  CounterexampleSelection(const StatementResult& so_far, const RunOptions& options);
  // Whether a counterexample of `claim` met now is stored; if so, it counts as stored.
  bool take(const std::string& claim);

 private:
  std::set<std::string> claims_;
  std::size_t stored_ = 0;
  std::optional<std::size_t> cap_;
};

// Whether `slack` is a closer approach than `current` (ties: the first seen stays).
bool improves(const ClosestApproach& current, const ClaimSlack& slack);

// The closest approach at an instance (its inputs dropped, with a note, when
// their JSON text is longer than kMaxStoredInputs characters).
constexpr std::size_t kMaxStoredInputs = 65536;
ClosestApproach closest_approach(const ClaimSlack& slack, const ClaimTheory& claim, const std::string& found_by,
                                 std::size_t case_index, std::uint64_t case_seed, nlohmann::json inputs);

// The targeted phase does not start from instances with more numbers than
// this (large P1 geometries: every move would re-read all of them).
constexpr std::size_t kMaxSearchNumbers = 4096;

// The targeted phase's starts: for each claim, the `keep` random cases
// closest to refuting it (verify/slack.hpp's `closer`), earliest first among
// equals. Offered in case order, so the choice is the same for any threads.
// The most starts kept per claim.
constexpr std::size_t kMaxStartsPerClaim = 4;

class StartPicker {
 public:
  StartPicker(std::size_t claims, std::size_t keep) : starts_(claims), keep_(keep) {}
  // Whether some claim would keep this case (then the caller checks that
  // the instance is small enough to search from, and offers it).
  bool wants(const std::vector<ClaimSlack>& slacks) const;
  void offer(std::size_t case_index, const std::vector<ClaimSlack>& slacks);
  const std::vector<SearchStart>& starts(std::size_t claim) const { return starts_[claim]; }
  // Every claim's kept starts (what a deferred part hands on), and the
  // starts of a later part offered after this one's: the `keep` closest of
  // the union, earliest first among equals, is what offering every case in
  // order would have kept, so parts merged in case order pick the one run's starts.
  const std::vector<std::vector<SearchStart>>& all() const { return starts_; }
  void merge(const std::vector<std::vector<SearchStart>>& later);

 private:
  // Keeps `start` among the claim's closest keep_ (in order, earlier cases first on ties).
  void keep(std::size_t claim, const SearchStart& start);

  std::vector<std::vector<SearchStart>> starts_;
  std::size_t keep_;
};

}  // namespace sinkcheck
