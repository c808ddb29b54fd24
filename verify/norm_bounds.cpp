// TRUSTED. Enclosures from witnesses, in exact rationals (see norm_bounds.hpp).
#include "verify/norm_bounds.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "verify/positive_definite.hpp"

namespace sinkcheck {

namespace {

bool is_zero(const RationalMatrix& A) {
  for (const auto& row : A)
    for (const auto& x : row)
      if (x != 0) return false;
  return true;
}

bool has_shape(const RationalMatrix& A, std::size_t rows, std::size_t cols) {
  if (A.size() != rows) return false;
  for (const auto& row : A)
    if (row.size() != cols) return false;
  return true;
}

// s I - A for a square A.
RationalMatrix shifted_negative(const RationalMatrix& A, const Rational& s) {
  RationalMatrix M = A;
  for (std::size_t i = 0; i < M.size(); ++i) {
    for (auto& x : M[i]) x = -x;
    M[i][i] += s;
  }
  return M;
}

}  // namespace

double RationalInterval::relative_width() const {
  const Rational scale = std::max(abs(lo), abs(hi));
  if (scale == 0) return 0.0;
  return to_double((hi - lo) / scale);
}

RationalInterval top_eigenvalue_enclosure(const RationalMatrix& A, const TopEigenvalueWitness& witness) {
  const std::size_t n = A.size();
  if (n == 0 || !has_shape(A, n, n)) throw std::invalid_argument("top eigenvalue: the matrix is empty or not square");
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (A[i][j] != A[j][i]) throw std::invalid_argument("top eigenvalue: the matrix is not symmetric");
  if (is_zero(A)) return {Rational(0), Rational(0)};
  if (witness.vector.size() != n) throw CertificateError("top eigenvalue: witness vector of the wrong length");
  const Rational vv = dot(witness.vector, witness.vector);
  if (vv == 0) throw CertificateError("top eigenvalue: witness vector is zero");
  const Rational lo = dot(witness.vector, multiply(A, witness.vector)) / vv;
  if (!certify_positive_definite(shifted_negative(A, witness.upper)))
    throw CertificateError("top eigenvalue: h I - A is not positive definite, so h is no upper bound");
  return {lo, witness.upper};
}

RationalInterval nuclear_norm_enclosure(const RationalMatrix& W, const NuclearNormWitness& witness) {
  const std::size_t rows = W.size(), cols = rows ? W[0].size() : 0;
  if (rows == 0 || cols == 0 || !has_shape(W, rows, cols))
    throw std::invalid_argument("nuclear norm: the matrix is empty or ragged");
  if (is_zero(W)) return {Rational(0), Rational(0)};
  const NuclearNormWitness& w = witness;
  if (!has_shape(w.G, rows, cols) || !has_shape(w.P, rows, rows) || !has_shape(w.Y, rows, cols))
    throw CertificateError("nuclear norm: witness matrices of the wrong shape");

  // Lower end: <G, W> <= ||G||_op ||W||_* < t ||W||_*.
  if (w.t <= 0) throw CertificateError("nuclear norm: t is not positive");
  if (!certify_positive_definite(shifted_negative(multiply(w.G, transpose(w.G)), w.t * w.t)))
    throw CertificateError("nuclear norm: t^2 I - G G^T is not positive definite, so ||G||_op < t is not proven");
  Rational inner = 0;
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t j = 0; j < cols; ++j) inner += w.G[i][j] * W[i][j];

  // Upper end: P > 0 and P Y = W, then (tr P + <W, Y>) / 2.
  if (!certify_positive_definite(w.P)) throw CertificateError("nuclear norm: P is not symmetric positive definite");
  if (multiply(w.P, w.Y) != W) throw CertificateError("nuclear norm: P Y differs from W");
  Rational trace = 0, inner_WY = 0;
  for (std::size_t i = 0; i < rows; ++i) {
    trace += w.P[i][i];
    for (std::size_t j = 0; j < cols; ++j) inner_WY += W[i][j] * w.Y[i][j];
  }
  return {inner > 0 ? Rational(inner / w.t) : Rational(0), (trace + inner_WY) / 2};
}

}  // namespace sinkcheck
