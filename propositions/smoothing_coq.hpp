#pragma once
// P3's symbolic model for `sinkcheck prove` (docs/propositions/P3-smoothing.md,
// "Proved for every instance"): each quantity of smoothing_variables() as a
// definition of the Coq library propositions/coq/SinkcheckSmoothing.v, one
// family per token dimension d <= dim_max. The library defines the quantities
// from the exact moments as propositions/smoothing.cpp computes them and
// proves their closed forms; its tactic sinkcheck_smoothing_auto proves the
// claims.
#include "engine/symbolic_model.hpp"

namespace sinkcheck {

const SymbolicModel& smoothing_coq_model();

}  // namespace sinkcheck
