#pragma once
// P4's symbolic model for `sinkcheck prove`: the QK costs of the sink and
// diagonal constructions as closed forms in (lambda, kappa, d, Delta_diag,
// r_eta), one family per number of groups C; the Coq library is
// propositions/coq/SinkcheckCopy.v (docs/propositions/P4-cost-bounds.md,
// "What is proved").
#include <string>

#include "engine/symbolic_model.hpp"
#include "verify/rational.hpp"

namespace sinkcheck {

// The same model serves the four statements of P4: the upper bounds' QK
// shares are closed forms; the optima of the lower bounds, the feasibility
// flags and the realised attention are open quantities, with the reason.
const SymbolicModel& cost_bound_symbolic_model();

// The Coq terms of the two costs for C groups over the binders of a family
// (what the link test evaluates against the concrete model).
std::string coq_cost_sink_term(long groups);
std::string coq_cost_diag_term(long groups);

}  // namespace sinkcheck
