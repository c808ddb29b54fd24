// TRUSTED. The exact check of a nuclear-norm certificate (see
// nuclear_norm_certificate.hpp): plain rationals, every quantity recomputed
// from the program and the witnesses.
#include "verify/nuclear_norm_certificate.hpp"

#include <stdexcept>

#include "verify/positive_definite.hpp"

namespace sinkcheck {

double NuclearNormCertificate::relative_gap() const {
  if (upper == 0) return 0.0;
  return to_double((upper - lower) / upper);
}

void validate_nuclear_norm_program(const NuclearNormProgram& program) {
  if (program.dim == 0) throw std::invalid_argument("nuclear-norm program: dimension 0");
  if (program.constraints.empty())
    throw std::invalid_argument("nuclear-norm program: no constraints (the optimum W = 0 needs no certificate)");
  for (std::size_t k = 0; k < program.constraints.size(); ++k) {
    const auto& c = program.constraints[k];
    if (c.left.size() != program.dim || c.right.size() != program.dim)
      throw std::invalid_argument("nuclear-norm program: constraint " + std::to_string(k) + " has vectors of length " +
                                  std::to_string(c.left.size()) + "/" + std::to_string(c.right.size()) +
                                  ", expected " + std::to_string(program.dim));
    auto is_zero = [](const std::vector<Rational>& v) {
      for (const auto& x : v)
        if (x != 0) return false;
      return true;
    };
    if (is_zero(c.left) || is_zero(c.right))
      throw std::invalid_argument("nuclear-norm program: constraint " + std::to_string(k) +
                                  " has a zero vector, so it reads 0 >= 1 (infeasible)");
  }
}

std::string verify_nuclear_norm_certificate(const NuclearNormProgram& program,
                                            const NuclearNormCertificate& c) {
  try {
    validate_nuclear_norm_program(program);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  const std::size_t n = program.dim, K = program.constraints.size();
  if (c.multipliers.size() != K) return "multiplier count differs from the constraint count";
  if (c.W.size() != n) return "W has the wrong number of rows";
  for (const auto& row : c.W)
    if (row.size() != n) return "W has a row of the wrong length";
  if (c.factor_left.size() != n || c.factor_right.size() != n) return "factors have the wrong number of rows";
  const std::size_t r = n == 0 ? 0 : c.factor_left[0].size();
  for (std::size_t i = 0; i < n; ++i)
    if (c.factor_left[i].size() != r || c.factor_right[i].size() != r) return "factors have ragged or unequal widths";

  // Lower end: weak duality.
  Rational dual_sum = 0;
  RationalMatrix G(n, std::vector<Rational>(n, Rational(0)));
  for (std::size_t k = 0; k < K; ++k) {
    const Rational& mu = c.multipliers[k];
    if (mu < 0) return "multiplier " + std::to_string(k) + " is negative";
    if (mu == 0) continue;
    dual_sum += mu;
    const auto& con = program.constraints[k];
    for (std::size_t a = 0; a < n; ++a) {
      if (con.left[a] == 0) continue;
      const Rational mp = mu * con.left[a];
      for (std::size_t b = 0; b < n; ++b)
        if (con.right[b] != 0) G[a][b] += mp * con.right[b];
    }
  }
  const Rational& t = c.op_norm_bound;
  if (t <= 0) return "operator-norm bound is not positive";
  RationalMatrix M(n, std::vector<Rational>(n, Rational(0)));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      Rational s = 0;
      for (std::size_t k = 0; k < n; ++k) s += G[k][i] * G[k][j];
      M[i][j] = (i == j ? t * t : Rational(0)) - s;
    }
  if (!certify_positive_definite(M)) return "t^2 I - G^T G is not positive definite: ||G||_op <= t fails";
  if (c.lower > dual_sum / t) return "lower exceeds sum(mu) / t";

  // Upper end: the factorisation, feasibility, the AM-GM bound.
  if (c.factor_scale < 0) return "factor scale is negative";
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      Rational s = 0;
      for (std::size_t k = 0; k < r; ++k) s += c.factor_left[i][k] * c.factor_right[j][k];
      if (c.W[i][j] != c.factor_scale * s) return "W differs from scale * L R^T";
    }
  for (std::size_t k = 0; k < K; ++k) {
    const auto& con = program.constraints[k];
    Rational value = 0;
    for (std::size_t a = 0; a < n; ++a) {
      if (con.left[a] == 0) continue;
      Rational row = 0;
      for (std::size_t b = 0; b < n; ++b)
        if (con.right[b] != 0) row += c.W[a][b] * con.right[b];
      value += con.left[a] * row;
    }
    if (value < 1) return "W violates constraint " + std::to_string(k);
  }
  Rational squares = 0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t k = 0; k < r; ++k)
      squares += c.factor_left[i][k] * c.factor_left[i][k] + c.factor_right[i][k] * c.factor_right[i][k];
  if (c.upper < c.factor_scale * squares / 2) return "upper is below scale * (|L|^2 + |R|^2) / 2";
  if (c.lower > c.upper) return "lower exceeds upper";
  return "";
}

}  // namespace sinkcheck
