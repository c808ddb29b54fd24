// PROPOSER. A numerical answer of the nuclear-norm program rounded into an
// exact candidate certificate (see nuclear_norm_solvers.hpp). The rounding
// is careful so that the candidate usually passes — it works in integers
// after clearing denominators and searches for the smallest provable t — but
// whether it does is decided by verify_nuclear_norm_certificate().
#include <gmp.h>

#include <Eigen/Dense>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "verify/exact_double.hpp"
#include "verify/nuclear_norm_solvers.hpp"
#include "verify/positive_definite.hpp"

namespace sinkcheck::nuclear_norm_detail {

namespace {

using IntegerMatrix = std::vector<std::vector<Integer>>;

// Doubles as integers over 2^exponent, chosen so the largest entry uses
// ~52 bits: rounding is the only loss, and it is accounted for exactly later.
IntegerMatrix to_scaled_integers(const Eigen::MatrixXd& M, int& exponent) {
  const double largest = M.cwiseAbs().maxCoeff();
  int e = 0;
  std::frexp(largest, &e);
  exponent = 52 - e;
  IntegerMatrix out(std::size_t(M.rows()), std::vector<Integer>(std::size_t(M.cols())));
  for (Eigen::Index i = 0; i < M.rows(); ++i)
    for (Eigen::Index j = 0; j < M.cols(); ++j)
      out[std::size_t(i)][std::size_t(j)] = exact_integer(std::round(std::ldexp(M(i, j), exponent)), "nuclear-norm rounding");
  return out;
}

Rational power_of_two(int e) {
  Integer p = 1;
  p <<= unsigned(std::abs(e));
  return e >= 0 ? Rational(p) : Rational(Integer(1), p);
}

// P^T W Q with integer data, through W Q first (n^2 + n products).
Integer bilinear(const std::vector<Integer>& P, const IntegerMatrix& W, const std::vector<Integer>& Q) {
  const std::size_t n = P.size();
  Integer total = 0, row = 0;
  for (std::size_t a = 0; a < n; ++a) {
    if (P[a] == 0) continue;
    row = 0;
    for (std::size_t b = 0; b < n; ++b)
      if (Q[b] != 0) mpz_addmul(row.backend().data(), W[a][b].backend().data(), Q[b].backend().data());
    mpz_addmul(total.backend().data(), P[a].backend().data(), row.backend().data());
  }
  return total;
}

}  // namespace

NuclearNormCertificate round_to_certificate(const NuclearNormProgram& program, const std::vector<Direction>& directions,
                                            const NumericalSolution& numerical, const std::string& summary) {
  const std::size_t n = program.dim;
  NuclearNormCertificate cert;

  // ---- upper end: W = s * L R^T, L = U sqrt(S), R = V sqrt(S) rounded.
  Eigen::JacobiSVD<Eigen::MatrixXd> svd(numerical.W, Eigen::ComputeFullU | Eigen::ComputeFullV);
  const Eigen::VectorXd root = svd.singularValues().cwiseSqrt();
  const Eigen::MatrixXd Ld = svd.matrixU() * root.asDiagonal();
  const Eigen::MatrixXd Rd = svd.matrixV() * root.asDiagonal();
  Eigen::MatrixXd both(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(2 * n));
  both << Ld, Rd;
  int factor_exponent = 0;
  const IntegerMatrix LR = to_scaled_integers(both, factor_exponent);
  IntegerMatrix L(n, std::vector<Integer>(n)), R(n, std::vector<Integer>(n));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      L[i][j] = LR[i][j];
      R[i][j] = LR[i][n + j];
    }
  IntegerMatrix W0(n, std::vector<Integer>(n, Integer(0)));  // L R^T, over 2^(2 exponent)
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j)
      for (std::size_t k = 0; k < n; ++k)
        mpz_addmul(W0[i][j].backend().data(), L[i][k].backend().data(), R[j][k].backend().data());
  const Rational denominator_W0 = power_of_two(2 * factor_exponent);  // W = W0 / that
  // Every right-hand side is positive, so scaling by the worst ratio makes
  // the tightest constraint exactly active and all others hold.
  Rational scale = 0;
  for (const Direction& d : directions) {
    const Integer value = bilinear(d.P, W0, d.Q);
    if (value <= 0)
      throw std::runtime_error(
          "nuclear-norm certificate: the solver's W violates a constraint's sign (" + summary +
          "): the program is infeasible or the solver failed");
    const Rational needed = d.rhs * denominator_W0 / Rational(value);
    if (needed > scale) scale = needed;
  }
  Integer squares = 0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) squares += L[i][j] * L[i][j] + R[i][j] * R[i][j];
  cert.factor_scale = scale;
  cert.upper = scale * Rational(squares) / (2 * denominator_W0);
  const Rational unit = power_of_two(-factor_exponent);
  cert.factor_left.assign(n, std::vector<Rational>(n));
  cert.factor_right.assign(n, std::vector<Rational>(n));
  cert.W.assign(n, std::vector<Rational>(n));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      cert.factor_left[i][j] = Rational(L[i][j]) * unit;
      cert.factor_right[i][j] = Rational(R[i][j]) * unit;
      cert.W[i][j] = scale * Rational(W0[i][j]) / denominator_W0;
    }

  // ---- lower end: nu_d taken exactly as the doubles they are (a double is
  // a dyadic rational) over a common 2^E, G = sum nu_d P Q^T / 2^E,
  // ||G|| <= T / 2^E. A fixed 62-bit rounding relative to the largest
  // multiplier would zero the small ones: directions whose integer vectors
  // are huge (inputs with 2^60 denominators) carry multipliers 2^-120 times
  // smaller, and dropping them loses most of the bound.
  int nu_exponent = std::numeric_limits<int>::min();
  for (double nu : numerical.multiplier) {
    if (!(nu >= 1e-300)) continue;  // negative, zero or denormal: left out (any mu >= 0 is valid)
    int e = 0;
    std::frexp(nu, &e);
    nu_exponent = std::max(nu_exponent, 53 - e);
  }
  if (nu_exponent == std::numeric_limits<int>::min())
    throw std::runtime_error("nuclear-norm certificate: the solver returned no positive multiplier (" + summary + ")");
  std::vector<Integer> nu(directions.size());
  IntegerMatrix G(n, std::vector<Integer>(n, Integer(0)));
  Integer nu_P;
  Rational dual_value = 0;  // sum_d nu_d rhs_d, times 2^E
  for (std::size_t d = 0; d < directions.size(); ++d) {
    const double value = numerical.multiplier[d];
    if (!(value >= 1e-300)) continue;
    int e = 0;
    const double mantissa = std::frexp(value, &e);  // value = mantissa 2^e, mantissa in [1/2, 1)
    nu[d] = Integer(static_cast<long long>(std::ldexp(mantissa, 53)));
    nu[d] <<= unsigned(nu_exponent - (53 - e));  // exact: value 2^E
    dual_value += Rational(nu[d]) * directions[d].rhs;
    for (std::size_t a = 0; a < n; ++a) {
      if (directions[d].P[a] == 0) continue;
      nu_P = nu[d] * directions[d].P[a];
      for (std::size_t b = 0; b < n; ++b)
        mpz_addmul(G[a][b].backend().data(), nu_P.backend().data(), directions[d].Q[b].backend().data());
    }
  }
  Eigen::MatrixXd Gd(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n));
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = 0; b < n; ++b) Gd(Eigen::Index(a), Eigen::Index(b)) = G[a][b].convert_to<double>();
  const double sigma_max = Eigen::JacobiSVD<Eigen::MatrixXd>(Gd).singularValues()(0);
  IntegerMatrix GtG(n, std::vector<Integer>(n, Integer(0)));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i; j < n; ++j) {
      for (std::size_t k = 0; k < n; ++k)
        mpz_addmul(GtG[i][j].backend().data(), G[k][i].backend().data(), G[k][j].backend().data());
      GtG[j][i] = GtG[i][j];
    }
  Integer T;
  bool certified = false;
  for (double inflation = 1e-12; inflation < 1e-2 && !certified; inflation *= 10) {
    T = exact_integer(std::ceil(sigma_max * (1 + inflation)), "nuclear-norm certificate") + 1;
    IntegerMatrix M = GtG;
    const Integer T2 = T * T;
    for (std::size_t i = 0; i < n; ++i) {
      for (auto& x : M[i]) x = -x;
      M[i][i] += T2;
    }
    certified = certify_positive_definite(std::move(M));
  }
  if (!certified) throw std::runtime_error("nuclear-norm certificate: could not certify the operator-norm bound");
  const Rational two_E = power_of_two(nu_exponent);
  cert.op_norm_bound = Rational(T) / two_E;
  cert.lower = dual_value / Rational(T);
  cert.multipliers.assign(program.constraints.size(), Rational(0));
  for (std::size_t d = 0; d < directions.size(); ++d)
    // mu p q^T = nu P Q^T and p q^T = P Q^T / rhs for the strongest member.
    cert.multipliers[directions[d].strongest] = Rational(nu[d]) / two_E * directions[d].rhs;
  return cert;
}

}  // namespace sinkcheck::nuclear_norm_detail
