#pragma once
// The minimum-norm point of the convex hull of finitely many rational points,
// with a certificate that is checked in exact arithmetic.
//
// For rational generators x_1 … x_n the minimum-norm point p of conv{x_i} is
// rational: it is the point of the affine hull of its active face nearest
// the origin, the solution of a linear system. So it is found in two steps:
//
//   1. the fast path: Wolfe's algorithm in double (Eigen), which finds the
//      active face approximately;
//   2. Wolfe's algorithm again, in exact integer arithmetic (each affine
//      projection an exact linear solve, FLINT's fmpz_mat_solve), warm
//      started from that face, so usually one solve and one sweep.
//
// What makes the result a proof is the certificate, re-checked by
// verify_min_norm() independently of how it was found:
//   p = Σ_s w_s x_s with w_s ≥ 0, Σ w_s = 1   (p lies in the hull), and
//   ⟨p, x_i⟩ ≥ ‖p‖² for every generator i    (no point of the hull is nearer).
// Then dist(0, conv) = ‖p‖ exactly, ‖p‖² is an exact rational, and ‖p‖ is
// enclosed to any precision. p = 0 is the case "0 lies in the hull": the
// weights are then an exact convex combination equal to 0.
#include <Eigen/Core>
#include <stdexcept>
#include <string>
#include <vector>

#include "verify/rational_matrix.hpp"  // dot

namespace sinkcheck {

// Generators x_1 … x_n, each a vector of the same dimension.
using RationalPoints = std::vector<std::vector<Rational>>;

// A certificate whose exact check failed, or input the construction cannot take.
struct CertificateError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct MinNormCertificate {
  std::vector<std::size_t> support;  // indices of the generators with positive weight
  std::vector<Rational> weights;     // w_s > 0 on the support, summing to 1
  std::vector<Rational> point;       // p = Σ w_s x_s
  Rational norm2;                    // ‖p‖² = dist(0, conv)²
  std::size_t exact_solves = 0;      // exact affine projections used (1 when the warm start was right)
};

// Generators in integer form: generator i is x[i] / scale (the exact work is
// done in integers; one conversion serves every pass over the points).
struct IntegerPoints {
  std::vector<std::vector<Integer>> x;
  Integer scale = 1;
};
IntegerPoints to_integers(const RationalPoints& generators);

// ⟨p, generator_j⟩ for every generator j, exactly (one integer pass).
std::vector<Rational> projections(const IntegerPoints& generators, const std::vector<Rational>& p);

// The fast path: Wolfe's algorithm in double. Its support and weights are an
// estimate (the exact step and the certificate decide).
struct ApproximateMinNorm {
  std::vector<std::size_t> support;
  std::vector<double> weights;
  Eigen::VectorXd point;
  std::size_t iterations = 0;
};
// `generators` holds one generator per column.
ApproximateMinNorm wolfe_min_norm(const Eigen::MatrixXd& generators);

// The certified minimum-norm point. Throws CertificateError on empty input,
// generators of different dimensions, or (never expected) a certificate that
// fails its exact check.
MinNormCertificate min_norm_point(const IntegerPoints& generators);
MinNormCertificate min_norm_point(const RationalPoints& generators);

// The exact check of a certificate; "" if it holds, otherwise what fails.
std::string verify_min_norm(const IntegerPoints& generators, const MinNormCertificate& certificate);
std::string verify_min_norm(const RationalPoints& generators, const MinNormCertificate& certificate);

// An exact convex combination Σ w_s x_s (the weights need not be normalised).
std::vector<Rational> convex_combination(const IntegerPoints& generators, const std::vector<std::size_t>& support,
                                         const std::vector<Rational>& weights);

Integer integer_dot(const std::vector<Integer>& a, const std::vector<Integer>& b);

}  // namespace sinkcheck
