#pragma once
// PROPOSER. Certified enclosures of a top eigenvalue and of a nuclear norm:
// a floating-point eigensolver or SVD proposes a witness, and the trusted
// checks of norm_bounds.hpp turn it into a rational interval (or refuse it).
// Only the checks decide; this file finds witnesses good enough for them.
#include "verify/norm_bounds.hpp"
#include "verify/positive_definite.hpp"

namespace sinkcheck {

// Encloses the largest eigenvalue of a symmetric rational matrix (relative
// width <= 1e-10 for well-scaled input). Throws std::invalid_argument if the
// matrix is not square and symmetric, std::runtime_error if no witness checks.
RationalInterval certified_top_eigenvalue(const RationalMatrix& symmetric);

// A witness for ||W||_* from the SVD of W in double: G the rounded U V^T,
// t just above its norm, P the rounded (W W^T)^{1/2} (+ eps I), Y = P^{-1} W
// exactly (FLINT). Throws std::invalid_argument for an empty or ragged W.
NuclearNormWitness propose_nuclear_norm_witness(const RationalMatrix& W);

// nuclear_norm_enclosure(W, propose_nuclear_norm_witness(W)): relative width
// <= 1e-9 for well-scaled input.
RationalInterval certified_nuclear_norm(const RationalMatrix& W);

// A rational t >= sqrt(x), within a few ulps of it: the double square root
// rounded up until t^2 >= x holds exactly. Throws for x < 0.
Rational certified_sqrt_upper(const Rational& x);

}  // namespace sinkcheck
