#pragma once
// P2 — sinks are hard attention switches (paper §4; docs/propositions/P2-hard-switch.md).
// Statements P2.a (a sink is a gate), P2.b (sink ⇒ switch, with rate),
// P2.c (switch ⇒ sink), P2.d (relaxed switch = diagonal). Their claims are
// the relations in the theory file's [P2.*] tables, over the quantities below.
#include <vector>

#include "generators/switch_context.hpp"
#include "engine/model_entry.hpp"

namespace sinkcheck {

// The quantities P2's claims may name (documented in docs/propositions/P2-hard-switch.md).
const std::vector<Variable>& hard_switch_variables();

// Exact quantities need the instance's score lattice: D = lcm of the score denominators.
Integer score_lattice_denominator(const SwitchContext& c);

// The staged (double / Arb / exact) quantities of one context, in the order
// of hard_switch_variables(): what every P2 claim is decided on.
StagedQuantities switch_staged_quantities(const SwitchContext& c);

// The generator's domain from [P2.domain] (throws TheoryError on a bad key or value).
SwitchDomain switch_domain(const DomainTable& domain);

// Its models (the switch toward the sink, toward the query itself) and statements.
PropositionModels hard_switch_models();

}  // namespace sinkcheck
