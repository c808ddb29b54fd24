#pragma once
// The symbolic models of one query's softmax over a target key and K other
// keys (propositions/coq/SinkcheckSwitch.v), for `sinkcheck prove`: P2's
// contexts, and P1.c's per-query sink masses.
#include "engine/symbolic_model.hpp"

namespace sinkcheck {

// P2: u_j = exp(s_j - s_target) <= exp(-m) for the K other visible keys; the
// value coordinates v0c (the target's) and x1..xK (the others').
const SymbolicModel& hard_switch_symbolic_model();
// P1.c: per query i, u_j = exp(-m_ij) <= exp(-kappa) over its K_i keys.
const SymbolicModel& sink_softmax_symbolic_model();

}  // namespace sinkcheck
