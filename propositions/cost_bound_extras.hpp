#pragma once
// P4's tables and pictures: what a theory author reads beside the verdicts.
//   - tightness: bound / certified optimum over the run's cases (min, median,
//     max) for every bound on a cost, and the bound against the optimum as a
//     scatter;
//   - thresholds (upper bounds): for C = 1…10, the certified bracket of λ
//     below which the claim on the construction's cost fails (the seed does
//     not state λ's range);
//   - the "sinks are cheaper" map (L_diag): where the seed's U_sink lies
//     below L_diag over a grid of (d, δ);
//   - per case: the attention pattern the scaled construction realises.
#include <string>

#include "generators/copy_task.hpp"
#include "propositions/copy_patterns.hpp"
#include "engine/statement.hpp"

namespace sinkcheck {

struct CostBoundStatementKind {
  Pattern pattern = Pattern::Sink;
  bool upper_bound = true;
};

// The generator's domain from [P4.domain] (throws TheoryError on bad keys).
CopyTaskDomain copy_task_domain(const DomainTable& domain);

StatementExtras cost_bound_statement_extras(const CostBoundStatementKind& kind, const StatementTheory& theory,
                                            const DomainTable& domain, const RunOptions& options);

std::vector<Figure> cost_bound_case_figures(const CopyTaskInstance& x, Pattern pattern);

// The λ threshold of one claim's relation on the canonical instance with C
// groups (`fixed` may set n, kappa, d, t), λ scanned over [1/64, 4].
struct ThresholdBracket;
ThresholdBracket lambda_threshold(const Relation& relation, const std::map<std::string, Rational>& fixed,
                                  const PrecisionPolicy& policy);

}  // namespace sinkcheck
