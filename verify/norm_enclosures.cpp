// PROPOSER. Witnesses for the enclosures of norm_bounds.hpp from
// floating-point decompositions (Eigen); every returned interval comes from
// the trusted checks there (see norm_enclosures.hpp).
#include "verify/norm_enclosures.hpp"

#include <flint/fmpq.h>
#include <flint/fmpq_mat.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "verify/exact_double.hpp"

namespace sinkcheck {

namespace {

void require_square_symmetric(const RationalMatrix& A, const char* who) {
  for (const auto& row : A)
    if (row.size() != A.size()) throw std::invalid_argument(std::string(who) + ": matrix is not square");
  for (std::size_t i = 0; i < A.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (A[i][j] != A[j][i]) throw std::invalid_argument(std::string(who) + ": matrix is not symmetric");
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


// hi I - A > 0 <=> hi > lambda_max: the first candidate above the numerical
// value that the exact test accepts, widening geometrically.
Rational proven_upper_eigenvalue(const RationalMatrix& A, double top, double spread) {
  double margin = 2e-12 * spread;
  for (int attempt = 0; attempt < 60; ++attempt, margin *= 4) {
    const Rational hi = exact_rational(top + margin, "certified_top_eigenvalue");
    RationalMatrix shifted = A;
    for (std::size_t i = 0; i < A.size(); ++i) {
      for (auto& x : shifted[i]) x = -x;
      shifted[i][i] += hi;
    }
    if (certify_positive_definite(shifted)) return hi;
  }
  throw std::runtime_error("certified_top_eigenvalue: could not certify an upper bound");
}

}  // namespace

Rational certified_sqrt_upper(const Rational& x) {
  if (x < 0) throw std::invalid_argument("certified_sqrt_upper: negative argument");
  if (x == 0) return Rational(0);
  double d = std::sqrt(to_double_up(x));
  for (int attempt = 0; attempt < 200; ++attempt) {
    const Rational t = exact_rational(d, "certified_sqrt_upper");
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
  // The numerical eigenvector makes the Rayleigh quotient exact up to O(rounding^2).
  TopEigenvalueWitness witness;
  for (std::size_t i = 0; i < n; ++i)
    witness.vector.push_back(
        exact_rational(eig.eigenvectors()(Eigen::Index(i), Eigen::Index(n) - 1), "certified_top_eigenvalue"));
  witness.upper = proven_upper_eigenvalue(symmetric, top, spread);
  return top_eigenvalue_enclosure(symmetric, witness);
}

NuclearNormWitness propose_nuclear_norm_witness(const RationalMatrix& W) {
  const std::size_t rows = W.size();
  if (rows == 0 || W[0].empty()) throw std::invalid_argument("certified_nuclear_norm: empty matrix");
  const std::size_t cols = W[0].size();
  for (const auto& row : W)
    if (row.size() != cols) throw std::invalid_argument("certified_nuclear_norm: ragged matrix");
  NuclearNormWitness out;
  bool all_zero = true;
  for (const auto& row : W)
    for (const auto& x : row) all_zero = all_zero && x == 0;
  if (all_zero) return out;  // the check encloses the zero matrix as [0, 0] without one

  const Eigen::MatrixXd Wd = to_eigen(W);
  Eigen::JacobiSVD<Eigen::MatrixXd> svd(Wd, Eigen::ComputeFullU | Eigen::ComputeFullV);
  const Eigen::VectorXd sigma = svd.singularValues();
  const Eigen::Index rank_slots = sigma.size();
  const Eigen::MatrixXd U = svd.matrixU(), V = svd.matrixV();

  // G = U V^T (the thin parts) maximises <G, W> over ||G||_op <= 1; rounding
  // it costs only O(rounding) in the lower end.
  const Eigen::MatrixXd Gd = U.leftCols(rank_slots) * V.leftCols(rank_slots).transpose();
  out.G.assign(rows, RationalVector(cols));
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t j = 0; j < cols; ++j)
      out.G[i][j] = exact_rational(Gd(Eigen::Index(i), Eigen::Index(j)), "certified_nuclear_norm");
  // t: just above ||G||_op = sqrt(lambda_max(G G^T)); the check asks t^2 I - G G^T > 0.
  const RationalMatrix gram = multiply(out.G, transpose(out.G));
  out.t = certified_sqrt_upper(certified_top_eigenvalue(gram).hi);

  // P = (W W^T)^{1/2} makes the AM-GM bound exact; eps I keeps P invertible
  // when W is rank-deficient at a cost of about eps per missing rank.
  const double eps = 1e-13 * sigma(0);
  Eigen::VectorXd padded = Eigen::VectorXd::Constant(Eigen::Index(rows), eps);
  for (Eigen::Index i = 0; i < std::min<Eigen::Index>(rank_slots, Eigen::Index(rows)); ++i) padded(i) += sigma(i);
  const Eigen::MatrixXd Pd = U * padded.asDiagonal() * U.transpose();
  out.P.assign(rows, RationalVector(rows));
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t j = i; j < rows; ++j)
      out.P[i][j] = out.P[j][i] = exact_rational(Pd(Eigen::Index(i), Eigen::Index(j)), "certified_nuclear_norm");
  out.Y = solve_exact(out.P, W);
  return out;
}

RationalInterval certified_nuclear_norm(const RationalMatrix& W) {
  try {
    return nuclear_norm_enclosure(W, propose_nuclear_norm_witness(W));
  } catch (const CertificateError& e) {
    throw std::runtime_error(std::string("certified_nuclear_norm: ") + e.what());
  }
}

}  // namespace sinkcheck
