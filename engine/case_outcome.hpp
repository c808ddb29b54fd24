#pragma once
// Deciding one instance: the certified decision of every claim with its
// fast-path slack (what the case does to the report is the ledger's rule:
// engine/statement_ledger.hpp). Shared by the random phase
// (engine/model_statement.hpp) and the targeted phase
// (engine/targeted_search.hpp); nothing here is a template.
#include <optional>
#include <string>
#include <vector>

#include "engine/statement.hpp"

namespace sinkcheck {

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

}  // namespace sinkcheck
