#pragma once
// P1 — sink representability and the alignment it needs (paper Prop. 4.1,
// reconstructed; docs/propositions/P1-sink-representability.md). Statements P1.a (ρ_Q > 0 and ρ_K > 0 iff some
// W sinks J), P1.b (the exact cost κ√d/(ρ_Q ρ_K), primal W* and dual μ),
// P1.c (softmax sink masses of the scaled W*, the ε-sink cost sandwich),
// P1.d (LayerNorm-scale embeddings, the bounds in c_max). Their claims are
// the relations in the theory file's [P1.*] tables, over the quantities below.
#include <optional>
#include <vector>

#include "generators/sink_geometry.hpp"
#include "engine/model_entry.hpp"
#include "propositions/pattern_optimum.hpp"
#include "propositions/sink_facts.hpp"

namespace sinkcheck {

// The quantities P1.a, P1.b and P1.d may name (docs/propositions/P1-sink-representability.md).
const std::vector<Variable>& sink_geometry_variables();
// Those of P1.c: the above, then ε and the per-query softmax quantities.
const std::vector<Variable>& sink_softmax_variables();


// P1.b's cross-check: the minimal cost from P4's certified nuclear-norm
// program over z_iᵀ W̃ (z_0 − z_j) ≥ 1 (i ∈ J, then j ∈ K, in order), where it
// is small and well scaled (d ≤ 16, |J| |K| ≤ 2000, ρ_Q² ρ_K² ≥ 1e-8);
// nothing elsewhere or when the solver fails. `solver` is the statement's own.
std::optional<PatternOptimum> nuclear_norm_cross_check(const SinkInstance& instance, const SinkFacts& facts,
                                                       PatternOptimumSolver& solver);

// The staged quantities of one instance (for P1.c with the softmax ones);
// with a solver, nn_opt from the cross-check (P1.b), else nn_opt undefined.
StagedQuantities sink_staged_quantities(const SinkInstance& instance, bool softmax,
                                        const std::shared_ptr<PatternOptimumSolver>& cross_check = nullptr);

// The generator's domain from [P1.domain] (throws TheoryError on a bad key or value).
SinkDomain sink_domain(const DomainTable& domain);

// Its models (geometry, geometry cross-checked, softmax, normalised) and statements.
PropositionModels sink_representability_models();

}  // namespace sinkcheck
