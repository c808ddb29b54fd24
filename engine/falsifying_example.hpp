#pragma once
// A counterexample's "falsifying example" (after Hypothesis's): the value of
// every quantity its claim names, and the two sides of the failing relation,
// in decimal with enough digits to see the violation. Computed once per
// stored counterexample from its exact instance, at the precision of the
// stage that certified it (at least 128 bits), and printed from Arb's
// midpoints: for reading, never for a verdict.
#include <string>
#include <vector>

#include "engine/results.hpp"
#include "theory/theory_file.hpp"
#include "verify/decide.hpp"

namespace sinkcheck {

// `stage` is the Decision's ("double", "arb-256", "exact", …): it sets the
// precision. `variables` are the statement's, in binding order.
FalsifyingExample falsifying_example(const ClaimTheory& claim, StagedQuantities& quantities,
                                     const std::vector<Variable>& variables, const std::string& stage);

}  // namespace sinkcheck
