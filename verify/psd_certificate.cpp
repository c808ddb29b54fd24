// Exact positive-definiteness checks and the rational enclosures of the top
// eigenvalue and the nuclear norm built on them (see psd_certificate.hpp).
// Doubles only propose; every returned bound is re-derived in exact arithmetic.
#include "verify/psd_certificate.hpp"

#include <flint/fmpq.h>
#include <flint/fmpq_mat.h>
#include <gmp.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace sinkcheck {

namespace {

using boost::multiprecision::denominator;
using boost::multiprecision::numerator;

void require_square_symmetric(const RationalMatrix& A, const char* who) {
  for (const auto& row : A)
    if (row.size() != A.size()) throw std::invalid_argument(std::string(who) + ": matrix is not square");
  for (std::size_t i = 0; i < A.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (A[i][j] != A[j][i]) throw std::invalid_argument(std::string(who) + ": matrix is not symmetric");
}

// Leading principal minors of a symmetric integer matrix, all > 0? Bareiss's
// fraction-free elimination keeps every intermediate an integer (the
// divisions are exact), and its k-th pivot is the k-th leading minor.
bool leading_minors_positive(std::vector<std::vector<Integer>> M) {
  const std::size_t n = M.size();
  Integer previous_pivot = 1;
  mpz_t scratch;
  mpz_init(scratch);
  for (std::size_t k = 0; k < n; ++k) {
    if (M[k][k] <= 0) {
      mpz_clear(scratch);
      return false;
    }
    mpz_srcptr pivot = M[k][k].backend().data();
    for (std::size_t i = k + 1; i < n; ++i)
      for (std::size_t j = i; j < n; ++j) {  // symmetric: the upper triangle suffices
        mpz_ptr target = M[i][j].backend().data();
        mpz_mul(scratch, pivot, target);
        mpz_submul(scratch, M[k][i].backend().data(), M[k][j].backend().data());
        mpz_divexact(target, scratch, previous_pivot.backend().data());
      }
    for (std::size_t i = k + 1; i < n; ++i)
      for (std::size_t j = k + 1; j < i; ++j) M[i][j] = M[j][i];
    previous_pivot = M[k][k];
  }
  mpz_clear(scratch);
  return true;
}

Eigen::MatrixXd to_eigen(const RationalMatrix& A) {
  const std::size_t rows = A.size(), cols = rows ? A[0].size() : 0;
  Eigen::MatrixXd out(rows, cols);
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t j = 0; j < cols; ++j) out(i, j) = to_double(A[i][j]);
  return out;
}

// (W W^T)^{1/2}-type products need P^{-1} W exactly; FLINT's fraction-free
// solver does it without the gcd storm of naive rational elimination.
RationalMatrix solve_exact(const RationalMatrix& P, const RationalMatrix& B) {
  const slong n = slong(P.size()), c = slong(B.empty() ? 0 : B[0].size());
  fmpq_mat_t A, X, R;
  fmpq_mat_init(A, n, n);
  fmpq_mat_init(X, n, c);
  fmpq_mat_init(R, n, c);
  for (slong i = 0; i < n; ++i) {
    for (slong j = 0; j < n; ++j) fmpq_set_mpq(fmpq_mat_entry(A, i, j), P[i][j].backend().data());
    for (slong j = 0; j < c; ++j) fmpq_set_mpq(fmpq_mat_entry(R, i, j), B[i][j].backend().data());
  }
  const int ok = fmpq_mat_solve_fraction_free(X, A, R);
  RationalMatrix out(static_cast<std::size_t>(n), std::vector<Rational>(static_cast<std::size_t>(c)));
  if (ok)
    for (slong i = 0; i < n; ++i)
      for (slong j = 0; j < c; ++j) fmpq_get_mpq(out[i][j].backend().data(), fmpq_mat_entry(X, i, j));
  fmpq_mat_clear(A);
  fmpq_mat_clear(X);
  fmpq_mat_clear(R);
  if (!ok) throw std::runtime_error("certified_nuclear_norm: the certificate matrix P is singular");
  return out;
}

}  // namespace

double RationalInterval::relative_width() const {
  const Rational scale = std::max(abs(lo), abs(hi));
  if (scale == 0) return 0.0;
  return to_double((hi - lo) / scale);
}

bool certify_positive_definite(const RationalMatrix& symmetric) {
  for (const auto& row : symmetric)
    if (row.size() != symmetric.size()) throw std::invalid_argument("certify_positive_definite: matrix is not square");
  const std::size_t n = symmetric.size();
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (symmetric[i][j] != symmetric[j][i]) return false;
  // Multiplying by a positive common denominator keeps definiteness.
  Integer common = 1;
  for (const auto& row : symmetric)
    for (const auto& x : row) common = boost::multiprecision::lcm(common, denominator(x));
  std::vector<std::vector<Integer>> M(n, std::vector<Integer>(n));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) M[i][j] = numerator(symmetric[i][j]) * (common / denominator(symmetric[i][j]));
  return leading_minors_positive(std::move(M));
}

bool certify_positive_definite(std::vector<std::vector<Integer>> symmetric) {
  for (const auto& row : symmetric)
    if (row.size() != symmetric.size()) throw std::invalid_argument("certify_positive_definite: matrix is not square");
  return leading_minors_positive(std::move(symmetric));
}

Rational certified_sqrt_upper(const Rational& x) {
  if (x < 0) throw std::invalid_argument("certified_sqrt_upper: negative argument");
  if (x == 0) return Rational(0);
  double d = std::sqrt(to_double_up(x));
  for (int attempt = 0; attempt < 200; ++attempt) {
    const Rational t(d);
    if (t * t >= x) return t;
    d = std::nextafter(d, std::numeric_limits<double>::infinity()) * (1 + 2e-16);
  }
  throw std::runtime_error("certified_sqrt_upper: no upper bound found");
}

RationalInterval certified_top_eigenvalue(const RationalMatrix& symmetric) {
  require_square_symmetric(symmetric, "certified_top_eigenvalue");
  const std::size_t n = symmetric.size();
  if (n == 0) throw std::invalid_argument("certified_top_eigenvalue: empty matrix");
  bool all_zero = true;
  for (const auto& row : symmetric)
    for (const auto& x : row) all_zero = all_zero && x == 0;
  if (all_zero) return {Rational(0), Rational(0)};

  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(to_eigen(symmetric));
  const Eigen::VectorXd values = eig.eigenvalues();  // ascending
  const double top = values(Eigen::Index(n) - 1);
  const double spread = std::max(std::abs(values(0)), std::abs(top));

  // The Rayleigh quotient of any nonzero vector is a lower bound; the
  // numerical eigenvector makes it exact up to O(rounding^2).
  std::vector<Rational> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = Rational(eig.eigenvectors()(Eigen::Index(i), Eigen::Index(n) - 1));
  Rational vAv = 0, vv = 0;
  for (std::size_t i = 0; i < n; ++i) {
    Rational Av = 0;
    for (std::size_t j = 0; j < n; ++j) Av += symmetric[i][j] * v[j];
    vAv += v[i] * Av;
    vv += v[i] * v[i];
  }
  RationalInterval out{vAv / vv, Rational(0)};

  // hi*I - A > 0 <=> hi > lambda_max. Start just above the numerical value
  // and widen geometrically if rounding put it below.
  double margin = 2e-12 * spread;
  for (int attempt = 0; attempt < 60; ++attempt, margin *= 4) {
    const Rational hi(top + margin);
    RationalMatrix shifted = symmetric;
    for (std::size_t i = 0; i < n; ++i) {
      for (auto& x : shifted[i]) x = -x;
      shifted[i][i] += hi;
    }
    if (certify_positive_definite(shifted)) {
      out.hi = hi;
      return out;
    }
  }
  throw std::runtime_error("certified_top_eigenvalue: could not certify an upper bound");
}

RationalInterval certified_nuclear_norm(const RationalMatrix& W) {
  const std::size_t rows = W.size();
  if (rows == 0 || W[0].empty()) throw std::invalid_argument("certified_nuclear_norm: empty matrix");
  const std::size_t cols = W[0].size();
  for (const auto& row : W)
    if (row.size() != cols) throw std::invalid_argument("certified_nuclear_norm: ragged matrix");
  bool all_zero = true;
  for (const auto& row : W)
    for (const auto& x : row) all_zero = all_zero && x == 0;
  if (all_zero) return {Rational(0), Rational(0)};

  const Eigen::MatrixXd Wd = to_eigen(W);
  Eigen::JacobiSVD<Eigen::MatrixXd> svd(Wd, Eigen::ComputeFullU | Eigen::ComputeFullV);
  const Eigen::VectorXd sigma = svd.singularValues();
  const Eigen::Index rank_slots = sigma.size();
  const Eigen::MatrixXd U = svd.matrixU(), V = svd.matrixV();

  // Lower end: <G, W> <= ||G||_op ||W||_* for any G; G = U V^T (the thin
  // parts) is the maximiser, so rounding it costs only O(rounding).
  const Eigen::MatrixXd Gd = U.leftCols(rank_slots) * V.leftCols(rank_slots).transpose();
  RationalMatrix G(rows, std::vector<Rational>(cols));
  Rational inner = 0;
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t j = 0; j < cols; ++j) {
      G[i][j] = Rational(Gd(Eigen::Index(i), Eigen::Index(j)));
      inner += G[i][j] * W[i][j];
    }
  // ||G||_op^2 = lambda_max(G G^T) (the smaller Gram matrix would do as well).
  RationalMatrix gram(rows, std::vector<Rational>(rows, Rational(0)));
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t j = i; j < rows; ++j) {
      Rational s = 0;
      for (std::size_t k = 0; k < cols; ++k) s += G[i][k] * G[j][k];
      gram[i][j] = gram[j][i] = s;
    }
  const Rational t = certified_sqrt_upper(certified_top_eigenvalue(gram).hi);
  RationalInterval out;
  out.lo = inner > 0 ? Rational(inner / t) : Rational(0);

  // Upper end: for P > 0, ||W||_* <= (tr P + tr(W^T P^{-1} W))/2, with
  // equality at P = (W W^T)^{1/2}; eps*I keeps P invertible when W is
  // rank-deficient at a cost of about eps per missing rank.
  const double eps = 1e-13 * sigma(0);
  Eigen::VectorXd padded = Eigen::VectorXd::Constant(Eigen::Index(rows), eps);
  for (Eigen::Index i = 0; i < std::min<Eigen::Index>(rank_slots, Eigen::Index(rows)); ++i) padded(i) += sigma(i);
  const Eigen::MatrixXd Pd = U * padded.asDiagonal() * U.transpose();
  RationalMatrix P(rows, std::vector<Rational>(rows));
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t j = i; j < rows; ++j) P[i][j] = P[j][i] = Rational(Pd(Eigen::Index(i), Eigen::Index(j)));
  if (!certify_positive_definite(P))
    throw std::runtime_error("certified_nuclear_norm: rounded P is not positive definite");
  const RationalMatrix Y = solve_exact(P, W);
  Rational trace_P = 0, trace_WY = 0;
  for (std::size_t i = 0; i < rows; ++i) {
    trace_P += P[i][i];
    for (std::size_t j = 0; j < cols; ++j) trace_WY += W[i][j] * Y[i][j];
  }
  out.hi = (trace_P + trace_WY) / 2;
  return out;
}

}  // namespace sinkcheck
