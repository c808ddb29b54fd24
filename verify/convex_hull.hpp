#pragma once
// PROPOSER. The minimum-norm point of the convex hull of finitely many
// rational points, found in two steps and then checked:
//
//   1. the fast path: Wolfe's algorithm in double (Eigen), which finds the
//      active face approximately;
//   2. Wolfe's algorithm again, in exact integer arithmetic (each affine
//      projection an exact linear solve, FLINT's fmpz_mat_solve), warm
//      started from that face, so usually one solve and one sweep.
//
// For rational generators the minimum-norm point is rational (the point of
// the affine hull of its active face nearest the origin), so step 2 ends
// with an exact certificate. What makes it a proof is the trusted check of
// min_norm_check.hpp, which min_norm_point() applies before returning.
#include <Eigen/Core>
#include <vector>

#include "verify/min_norm_check.hpp"

namespace sinkcheck {

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

}  // namespace sinkcheck
