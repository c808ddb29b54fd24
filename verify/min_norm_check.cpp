// TRUSTED. The exact check of a minimum-norm certificate and the integer
// helpers it runs on (see min_norm_check.hpp).
#include "verify/min_norm_check.hpp"

#include <gmp.h>

namespace sinkcheck {

IntegerPoints to_integers(const RationalPoints& g) {
  IntegerPoints out;
  // In place on GMP's integers: this runs over every coordinate of every token.
  mpz_ptr scale = out.scale.backend().data();
  for (const auto& v : g)
    for (const Rational& q : v) {
      mpz_srcptr den = mpq_denref(q.backend().data());
      if (!mpz_divisible_p(scale, den)) mpz_lcm(scale, scale, den);
    }
  Integer factor;
  out.x.resize(g.size());
  for (std::size_t i = 0; i < g.size(); ++i) {
    std::vector<Integer>& row = out.x[i];
    row.resize(g[i].size());
    for (std::size_t k = 0; k < row.size(); ++k) {
      mpq_srcptr q = g[i][k].backend().data();
      if (mpz_cmp_ui(mpq_denref(q), 1) == 0) {
        mpz_mul(row[k].backend().data(), mpq_numref(q), scale);
      } else {
        mpz_divexact(factor.backend().data(), scale, mpq_denref(q));
        mpz_mul(row[k].backend().data(), mpq_numref(q), factor.backend().data());
      }
    }
  }
  return out;
}

Integer integer_dot(const std::vector<Integer>& a, const std::vector<Integer>& b) {
  mpz_t acc;
  mpz_init(acc);
  for (std::size_t k = 0; k < a.size(); ++k) mpz_addmul(acc, a[k].backend().data(), b[k].backend().data());
  Integer r;
  mpz_swap(r.backend().data(), acc);
  mpz_clear(acc);
  return r;
}

std::vector<Rational> convex_combination(const IntegerPoints& generators, const std::vector<std::size_t>& support,
                                         const std::vector<Rational>& weights) {
  std::vector<Rational> p(generators.x.empty() ? 0 : generators.x[0].size(), Rational(0));
  for (std::size_t s = 0; s < support.size(); ++s)
    for (std::size_t k = 0; k < p.size(); ++k) p[k] += weights[s] * Rational(generators.x[support[s]][k]);
  for (Rational& q : p) q /= Rational(generators.scale);
  return p;
}

std::vector<Rational> projections(const IntegerPoints& X, const std::vector<Rational>& p) {
  // p = P / P.scale: ⟨p, x_j / X.scale⟩ = ⟨P, x_j⟩ / (P.scale X.scale).
  const IntegerPoints P = to_integers({p});
  const Rational den = Rational(P.scale * X.scale);
  std::vector<Rational> out;
  out.reserve(X.x.size());
  for (const auto& x : X.x) out.push_back(Rational(integer_dot(P.x[0], x)) / den);
  return out;
}

std::string verify_min_norm(const RationalPoints& generators, const MinNormCertificate& c) {
  return verify_min_norm(to_integers(generators), c);
}

std::string verify_min_norm(const IntegerPoints& X, const MinNormCertificate& c) {
  if (c.support.empty() || c.support.size() != c.weights.size()) return "no support, or weights of the wrong length";
  Rational total = 0;
  for (std::size_t s = 0; s < c.support.size(); ++s) {
    if (c.support[s] >= X.x.size()) return "support index out of range";
    if (c.weights[s] < 0) return "negative weight on generator " + std::to_string(c.support[s]);
    total += c.weights[s];
  }
  if (total != 1) return "weights sum to " + to_string(total) + ", not 1";
  if (convex_combination(X, c.support, c.weights) != c.point) return "the point is not the stated convex combination";
  if (dot(c.point, c.point) != c.norm2) return "the stated squared norm is not the point's";
  // Optimality: ⟨p, x_j⟩ ≥ ‖p‖² for every generator, in one integer pass.
  const std::vector<Rational> projected = projections(X, c.point);
  for (std::size_t j = 0; j < projected.size(); ++j)
    if (projected[j] < c.norm2)
      return "generator " + std::to_string(j) + " lies nearer the origin than the hyperplane <p, x> = |p|^2";
  return "";
}

}  // namespace sinkcheck
