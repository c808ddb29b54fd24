#pragma once
// Exact positive-definiteness and the eigenvalue / nuclear-norm enclosures
// built on it. A floating-point eigensolver proposes numbers; these routines
// turn them into rational intervals that hold for certain, so that the cost
// of an explicit construction (or a numerical solver's answer) can be used
// as a proof step.
#include <vector>

#include "verify/rational_matrix.hpp"

namespace sinkcheck {

// Closed interval [lo, hi] of exact rationals.
struct RationalInterval {
  Rational lo, hi;
  // (hi - lo) / max(|hi|, |lo|), or 0 for [0, 0]; a double only for display.
  double relative_width() const;
};

// True iff the matrix is exactly symmetric and positive definite. Decided by
// fraction-free (Bareiss) elimination on the matrix with its denominators
// cleared: every leading principal minor must be > 0 (Sylvester's criterion),
// so no rounding is involved. Throws std::invalid_argument if not square.
bool certify_positive_definite(const RationalMatrix& symmetric);
// The same for a symmetric integer matrix (no denominators to clear; the
// symmetry is the caller's, only the upper triangle is read).
bool certify_positive_definite(std::vector<std::vector<Integer>> symmetric);

// Encloses the largest eigenvalue of a symmetric rational matrix:
//   lo = Rayleigh quotient v^T A v / v^T v of the rationalised top eigenvector,
//   hi = a slight inflation of the numerical eigenvalue, proven by checking
//        hi*I - A positive definite.
// Relative width <= 1e-10 for well-scaled input. Throws std::invalid_argument
// if the matrix is not square and symmetric.
RationalInterval certified_top_eigenvalue(const RationalMatrix& symmetric);

// Encloses ||W||_* (sum of singular values) of a square or rectangular matrix.
//   lo = <G, W> / t with G the rationalised U V^T of the SVD and t >= ||G||_op
//        (duality of the nuclear and operator norms),
//   hi = (tr P + tr(W^T P^{-1} W)) / 2 for a rational P > 0 near (W W^T)^{1/2};
//        this AM-GM bound holds for every P > 0, so rounding P costs only
//        second-order tightness, never validity.
// Relative width <= 1e-9 for well-scaled input.
RationalInterval certified_nuclear_norm(const RationalMatrix& W);

// A rational t >= sqrt(x), within a few ulps of it: the double square root
// rounded up until t^2 >= x holds exactly. Throws for x < 0.
Rational certified_sqrt_upper(const Rational& x);

}  // namespace sinkcheck
