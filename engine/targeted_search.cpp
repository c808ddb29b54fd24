#include "engine/targeted_search.hpp"

namespace sinkcheck {

namespace {

// A search shorter than this rarely gets its step size adapted.
constexpr std::size_t kMinStepsPerSearch = 48;

}  // namespace

bool searchable(const ClaimTheory& claim) { return !(claim.holds.op() == RelationOp::Equal && claim.assume.empty()); }

bool has_searchable_claims(const StatementTheory& theory) {
  for (const ClaimTheory& c : theory.claims)
    if (searchable(c)) return true;
  return false;
}

double settled_targeted_share(const StatementTheory& theory, double share) {
  if (has_searchable_claims(theory.selected())) return share;
  for (const std::string& reading : theory.other_readings())
    if (has_searchable_claims(theory.of_reading(reading))) return share;
  return 0;
}

std::uint64_t search_seed(std::uint64_t run_seed, const std::string& statement_id, std::size_t claim,
                          std::size_t start_case) {
  return case_seed(run_seed, statement_id + "/targeted/" + std::to_string(claim), start_case);
}

std::vector<SearchPlan> plan_searches(const StatementTheory& theory, const StatementResult& random_phase,
                                      const StartPicker& starts, std::size_t budget) {
  // The claims the random cases did not refute; among them, those with
  // slack left to climb first (a claim already met with equality, slack 0,
  // only gets the budget when no other claim can use it).
  std::vector<std::size_t> open, tight;
  for (std::size_t c = 0; c < theory.claims.size(); ++c) {
    if (random_phase.claims[c].counterexamples != 0 || !searchable(theory.claims[c]) || starts.starts(c).empty())
      continue;
    const ClosestApproach& closest = random_phase.claims[c].closest;
    (closest.seen && closest.slack == 0 ? tight : open).push_back(c);
  }
  const std::vector<std::size_t>& claims = open.empty() ? tight : open;
  std::vector<SearchPlan> plans;
  for (std::size_t i = 0; i < claims.size(); ++i) {
    const std::size_t share = budget / claims.size() + (i < budget % claims.size() ? 1 : 0);
    if (share == 0) continue;
    const std::size_t count =
        std::max<std::size_t>(1, std::min(share / kMinStepsPerSearch, starts.starts(claims[i]).size()));
    for (std::size_t j = 0; j < count; ++j)
      plans.push_back(SearchPlan{claims[i], j, share / count + (j < share % count ? 1 : 0)});
  }
  return plans;
}

}  // namespace sinkcheck
