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

}  // namespace sinkcheck
