#include "engine/case_outcome.hpp"

#include <algorithm>
#include <cmath>

namespace sinkcheck {

CaseOutcome decide_case(StagedQuantities& quantities, const StatementTheory& theory, const PrecisionPolicy& policy) {
  CaseOutcome out;
  for (std::size_t c = 0; c < theory.claims.size(); ++c) {
    const ClaimTheory& claim = theory.claims[c];
    out.decisions.push_back(decide(claim.assume, claim.holds, quantities, policy));
    const Verdict v = out.decisions.back().verdict;
    if (v == Verdict::Counterexample && !out.failing_claim) out.failing_claim = c;
    if (v == Verdict::Undecided && !out.open_claim) out.open_claim = c;
  }
  out.slacks = fast_slacks(quantities, theory);
  for (std::size_t c = 0; c < out.slacks.size(); ++c) settle_slack(out.slacks[c], out.decisions[c]);
  return out;
}

std::vector<ClaimSlack> fast_slacks(StagedQuantities& quantities, const StatementTheory& theory) {
  std::vector<ClaimSlack> slacks;
  for (const ClaimTheory& claim : theory.claims) slacks.push_back(claim_slack(claim.assume, claim.holds, quantities));
  return slacks;
}

bool fast_path_flags(const std::vector<ClaimSlack>& slacks) {
  for (const ClaimSlack& s : slacks)
    if (s.applies && !std::isnan(s.claim.slack) && !s.claim.holds) return true;
  return false;
}

void settle_slack(ClaimSlack& slack, const Decision& decision) {
  if (decision.verdict == Verdict::Vacuous) slack.applies = false;
  if (decision.verdict == Verdict::Counterexample) {
    slack.applies = true;
    slack.claim.holds = false;
    if (slack.claim.slack > 0) slack.claim.slack = 0;  // a strict relation at a tie, or rounding
  }
  if (decision.verdict == Verdict::Holds) {
    slack.applies = true;  // every assumption was certified (or there are none)
    if (slack.claim.slack < 0) slack.claim.slack = 0;  // NaN (no estimate) stays NaN
    if (slack.claim.ratio && *slack.claim.ratio > 1) slack.claim.ratio = 1.0;
    slack.claim.holds = true;
  }
}

void tally(const CaseOutcome& outcome, StatementResult& result) {
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

std::vector<std::size_t> refuted_claims(const CaseOutcome& outcome) {
  std::vector<std::size_t> refuted;
  for (std::size_t c = 0; c < outcome.decisions.size(); ++c)
    if (outcome.decisions[c].verdict == Verdict::Counterexample) refuted.push_back(c);
  return refuted;
}

CounterexampleSelection::CounterexampleSelection(const std::vector<CaseRecord>& stored, std::optional<std::size_t> cap,
                                                 const std::set<std::string>& recorded_earlier)
    : claims_(recorded_earlier), stored_(stored.size()), cap_(cap) {
  for (const CaseRecord& r : stored) claims_.insert(r.claim);
}

CounterexampleSelection::CounterexampleSelection(const StatementResult& so_far, const RunOptions& options)
    : CounterexampleSelection(so_far.counterexample_cases,
                              options.is_part() ? std::nullopt : std::optional<std::size_t>(options.max_reported),
                              options.recorded_earlier) {}

bool CounterexampleSelection::take(const std::string& claim) {
  if ((cap_ && stored_ >= *cap_) || claims_.count(claim)) return false;
  claims_.insert(claim);
  ++stored_;
  return true;
}

bool improves(const ClosestApproach& current, const ClaimSlack& slack) {
  if (!slack.applies || std::isnan(slack.claim.slack)) return false;
  return !current.seen || slack.claim.slack < current.slack;
}

ClosestApproach closest_approach(const ClaimSlack& slack, const ClaimTheory& claim, const std::string& found_by,
                                 std::size_t case_index, std::uint64_t case_seed, nlohmann::json inputs) {
  ClosestApproach a;
  a.seen = true;
  a.slack = slack.claim.slack;
  a.ratio = slack.claim.ratio;
  if (a.ratio) a.ratio_sides = ratio_sides(claim.holds.op());
  a.assume = assumptions_text(claim);
  a.relation = claim.holds.text();
  a.found_by = found_by;
  a.case_index = case_index;
  a.case_seed = case_seed;
  const std::size_t size = inputs.dump().size();
  if (size <= kMaxStoredInputs) {
    a.inputs = std::move(inputs);
  } else {
    a.inputs = nullptr;
    a.inputs_omitted = "the inputs take " + std::to_string(size) + " characters (more than " +
                       std::to_string(kMaxStoredInputs) + "); the case can be generated again from its seed";
  }
  return a;
}

bool StartPicker::wants(const std::vector<ClaimSlack>& slacks) const {
  for (std::size_t c = 0; c < slacks.size() && c < starts_.size(); ++c)
    if (starts_[c].size() < keep_ || closer(slacks[c], starts_[c].back().slack)) return true;
  return false;
}

void StartPicker::offer(std::size_t case_index, const std::vector<ClaimSlack>& slacks) {
  for (std::size_t c = 0; c < slacks.size() && c < starts_.size(); ++c) keep(c, SearchStart{case_index, slacks[c]});
}

void StartPicker::merge(const std::vector<std::vector<SearchStart>>& later) {
  for (std::size_t c = 0; c < later.size() && c < starts_.size(); ++c)
    for (const SearchStart& start : later[c]) keep(c, start);
}

void StartPicker::keep(std::size_t claim, const SearchStart& start) {
  std::vector<SearchStart>& kept = starts_[claim];
  if (kept.size() == keep_ && !closer(start.slack, kept.back().slack)) return;
  // After every kept start that is at least as close (earlier cases win ties).
  auto at = std::upper_bound(kept.begin(), kept.end(), start.slack,
                             [](const ClaimSlack& s, const SearchStart& k) { return closer(s, k.slack); });
  kept.insert(at, start);
  if (kept.size() > keep_) kept.pop_back();
}

}  // namespace sinkcheck
