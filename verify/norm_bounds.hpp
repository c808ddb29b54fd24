#pragma once
// TRUSTED. Rational enclosures of a top eigenvalue and of a nuclear norm,
// each derived exactly from a witness whose origin does not matter (the
// floating-point proposers in norm_enclosures.cpp find good ones):
//   top eigenvalue of symmetric A, witness (v, h):
//     lo = v^T A v / v^T v   (a Rayleigh quotient is below lambda_max),
//     hi = h, proven by h I - A positive definite;
//   nuclear norm of W (rows x cols), witness (G, t, P, Y):
//     lo = <G, W> / t, proven by t^2 I - G G^T positive definite
//          (||G||_op < t and <G, W> <= ||G||_op ||W||_*),
//     hi = (tr P + <W, Y>) / 2, proven by P symmetric positive definite and
//          P Y = W exactly (Y = P^{-1} W: the AM-GM bound
//          ||W||_* <= (tr P + tr(W^T P^{-1} W)) / 2 holds for every P > 0).
#include "verify/certificate_error.hpp"
#include "verify/rational_matrix.hpp"

namespace sinkcheck {

// Closed interval [lo, hi] of exact rationals.
struct RationalInterval {
  Rational lo, hi;
  // (hi - lo) / max(|hi|, |lo|), or 0 for [0, 0]; a double only for display.
  double relative_width() const;
};

struct TopEigenvalueWitness {
  RationalVector vector;  // nonzero
  Rational upper;
};
// Throws std::invalid_argument if A is not square and symmetric (or empty),
// CertificateError if the witness does not prove its bounds. The zero matrix
// encloses as [0, 0] whatever the witness.
RationalInterval top_eigenvalue_enclosure(const RationalMatrix& symmetric, const TopEigenvalueWitness& witness);

struct NuclearNormWitness {
  RationalMatrix G;  // rows x cols, the dual direction (ideally U V^T)
  Rational t;        // > ||G||_op
  RationalMatrix P;  // rows x rows, symmetric positive definite (ideally (W W^T)^{1/2})
  RationalMatrix Y;  // rows x cols, P^{-1} W
};
// Throws std::invalid_argument for an empty or ragged W, CertificateError if
// the witness does not prove its bounds. The zero matrix encloses as [0, 0].
RationalInterval nuclear_norm_enclosure(const RationalMatrix& W, const NuclearNormWitness& witness);

}  // namespace sinkcheck
