#pragma once
// P4 — sink versus diagonal: the four cost bounds (paper §7; docs/propositions/P4-cost-bounds.md).
// Statements P4.U_sink, P4.L_diag, P4.U_diag, P4.L_sink. Their claims are the
// relations in the theory file's [P4.*] tables over the quantities below:
// the constructions' certified costs and feasibility, the certified optimum
// of each pattern's nuclear-norm program, the nuisance statistics and the
// softmax pattern the scaled constructions realise.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "generators/copy_task.hpp"
#include "propositions/copy_patterns.hpp"
#include "propositions/pattern_optimum.hpp"
#include "engine/model_entry.hpp"
#include "verify/norm_enclosures.hpp"

namespace sinkcheck {

// The quantities P4's claims may name (docs/propositions/P4-cost-bounds.md).
const std::vector<Variable>& cost_bound_variables();

// Everything exact about one instance, computed once and shared by the
// stages: statistics, the constructions and their exact feasibility, the
// realised scores, and (for the statement's pattern) the certified optimum.
struct CostBoundFacts {
  CopyTaskInstance x;
  NuisanceStatistics stats;
  // ‖Σ_D‖_op, reduced units, certified; none when its numerical witness
  // overflowed (η near the limits of a double): r_eff is then undefined.
  std::optional<RationalInterval> sigma_top;
  Rational alpha, alpha_alt;        // α_diag of the two readings, reduced units
  std::string unmet_sink, unmet_diag, unmet_diag_alt;  // "" when every preference is met
  std::vector<RealisedContext> realised_sink, realised_diag;
  std::optional<PatternOptimum> optimum_sink, optimum_diag;  // reduced units
  std::string optimum_failure;      // why the program could not be certified (then no optimum)
  Integer field_denominator = 1;    // of the realised scores and t κ
  // Only the statistics and the constructions' closed-form costs were
  // computed (a parameter sweep that reads nothing else); every other
  // quantity is undefined.
  bool closed_forms_only = false;
};
// `solve` names the pattern whose program is solved (none: no optimum).
CostBoundFacts cost_bound_facts(const CopyTaskInstance& x, std::optional<Pattern> solve);
StagedQuantities cost_bound_staged_quantities(const CostBoundFacts& facts);
// For a sweep that decides `relation`: the closed forms alone when the
// relation reads nothing else (no contexts, feasibility checks, realised
// attention or eigenvalue enclosure), the full facts otherwise.
CostBoundFacts cost_bound_sweep_facts(const CopyTaskInstance& x, const Relation& relation);

nlohmann::json copy_task_to_json(const CopyTaskInstance& x);
// Throws std::invalid_argument naming the field (inputs.eta[1][0][2] …).
CopyTaskInstance copy_task_from_json(const nlohmann::json& j);

// The canonical instance of a parameter sweep: C, n, lambda, kappa, d, t
// (missing ones take defaults C = 1, n = 2, lambda = 1, kappa = 1, d = D, t = 4).
// Throws std::invalid_argument naming an unknown or invalid parameter.
CopyTaskInstance copy_task_from_parameters(const std::map<std::string, Rational>& parameters);

// Its models (a pattern's construction or optimum) and statements.
PropositionModels cost_bound_models();

}  // namespace sinkcheck
