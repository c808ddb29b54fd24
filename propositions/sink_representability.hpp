#pragma once
// P1 — sink representability and the alignment it needs (THEORY: paper
// Prop. 4.1, reconstruction). Statements P1.a (ρ_Q > 0 and ρ_K > 0 iff some
// W sinks J), P1.b (the exact cost κ√d/(ρ_Q ρ_K), primal W* and dual μ),
// P1.c (softmax sink masses of the scaled W*, the ε-sink cost sandwich),
// P1.d (LayerNorm-scale embeddings, the bounds in c_max). Their claims are
// the relations in the theory file's [P1.*] tables, over the quantities below.
#include <vector>

#include "generators/sink_geometry.hpp"
#include "engine/statement.hpp"
#include "propositions/sink_facts.hpp"

namespace sinkcheck {

// The quantities P1.a, P1.b and P1.d may name (docs/propositions/P1-sink-representability.md).
const std::vector<Variable>& sink_geometry_variables();
// Those of P1.c: the above, then ε and the per-query softmax quantities.
const std::vector<Variable>& sink_softmax_variables();


// The staged quantities of one instance (for P1.c with the softmax ones).
StagedQuantities sink_staged_quantities(const SinkInstance& instance, bool softmax, bool cross_check = false);

std::vector<StatementPtr> sink_representability_statements();

}  // namespace sinkcheck
