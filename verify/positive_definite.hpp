#pragma once
// TRUSTED. Exact positive-definiteness: the step that turns a proposed
// operator-norm or eigenvalue bound into a proof (||G||_op < t iff
// t^2 I - G^T G is positive definite; lambda_max(A) < h iff h I - A is).
#include <vector>

#include "verify/rational_matrix.hpp"

namespace sinkcheck {

// True iff the matrix is exactly symmetric and positive definite. Decided by
// fraction-free (Bareiss) elimination on the matrix with its denominators
// cleared: every leading principal minor must be > 0 (Sylvester's criterion),
// so no rounding is involved. Throws std::invalid_argument if not square.
bool certify_positive_definite(const RationalMatrix& symmetric);
// The same for a symmetric integer matrix (no denominators to clear; the
// symmetry is the caller's, only the upper triangle is read).
bool certify_positive_definite(std::vector<std::vector<Integer>> symmetric);

}  // namespace sinkcheck
