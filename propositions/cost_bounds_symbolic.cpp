#include "propositions/cost_bounds_symbolic.hpp"

#include <algorithm>

#include "generators/copy_task.hpp"
#include "propositions/cost_bound_extras.hpp"
#include "verify/coq_term.hpp"

namespace sinkcheck {

namespace {

std::string lambda_range_text(const CopyTaskDomain& domain) {
  return "every lambda in [" + to_string(domain.lambda_min) + ", " + to_string(domain.lambda_max) + "]";
}

// One family per number of groups: C enters the closed forms through
// sqrt C and (C - 1), so each C is its own Coq statement. The instance's
// other variables are bound over what validation and the domain guarantee
// (docs/propositions/P4-cost-bounds.md, "Generators and domain"); a
// hypothesis weaker than the model's structure only makes a proof stronger.
std::vector<CoqFamily> copy_task_families(const DomainTable& table) {
  const CopyTaskDomain domain = copy_task_domain(table);
  std::vector<CoqFamily> families;
  for (long C = 1; C <= domain.groups_max; ++C) {
    const std::string c = std::to_string(C);
    CoqFamily f;
    f.label = "C" + c;
    f.scope = "C = " + c + " group" + (C > 1 ? "s" : "") + ", " + lambda_range_text(domain) +
              ", every kappa, d, Delta_diag and r_eta";
    f.binders = {"(lambda kappa d Delta_diag r_eta n t : R)"};
    f.hypotheses = {coq_number(domain.lambda_min) + " <= lambda <= " + coq_number(domain.lambda_max),
                    "0 < kappa",
                    "2 * " + c + " + 1 + r_eta <= d",
                    "0 < Delta_diag",
                    "0 <= r_eta <= " + std::to_string(domain.nuisance_dim_max),
                    "1 <= n <= " + std::to_string(std::max(2L, domain.per_group_max)),
                    "0 < t"};
    f.quantities = {{"C", c},
                    {"kappa", "kappa"},
                    {"d", "d"},
                    {"n", "n"},
                    {"lambda", "lambda"},
                    {"t", "t"},
                    {"r_eta", "r_eta"},
                    {"Delta_diag", "Delta_diag"},
                    {"cost_sink", coq_cost_sink_term(C)},
                    {"cost_diag", coq_cost_diag_term(C)}};
    families.push_back(std::move(f));
  }
  return families;
}

const char* const kOptimum =
    "an SDP optimum (min ||W||_* over the pattern's preferences): no closed form; a lower bound on it needs a "
    "dual certificate for every instance (docs/propositions/P4-cost-bounds.md, \"What stays sampled\")";
const char* const kWholeGeometry =
    "a fact about the whole token geometry (every preference of every context, after the rotations), not a "
    "closed form in the family's variables";
const char* const kNuisance = "a statistic of the nuisance vectors, not a variable of the constructions' closed forms";
const char* const kRealised = "a vector over the contexts of softmax masses of the whole realised attention pattern";

}  // namespace

std::string coq_cost_sink_term(long groups) { return "cost_sink " + std::to_string(groups) + " lambda kappa d"; }

std::string coq_cost_diag_term(long groups) {
  return "cost_diag " + std::to_string(groups) + " lambda kappa d Delta_diag r_eta";
}

const SymbolicModel& cost_bound_symbolic_model() {
  static const SymbolicModel model = [] {
    SymbolicModel m;
    m.library = "SinkcheckCopy";
    m.tactic = "sinkcheck_copy_auto";
    m.scope = [](const DomainTable& table) {
      const CopyTaskDomain domain = copy_task_domain(table);
      return lambda_range_text(domain) + " and C <= " + std::to_string(domain.groups_max);
    };
    m.families = copy_task_families;
    m.open_quantities = {{"opt_sink", kOptimum},           {"opt_diag", kOptimum},
                         {"feasible_sink", kWholeGeometry}, {"feasible_diag", kWholeGeometry},
                         {"feasible_diag_alt", kWholeGeometry}, {"r_eff", kNuisance},
                         {"delta2", kNuisance},             {"gate_sink", kRealised},
                         {"others_sink", kRealised},        {"gate_diag", kRealised},
                         {"others_diag", kRealised}};
    return m;
  }();
  return model;
}

}  // namespace sinkcheck
