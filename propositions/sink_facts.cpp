#include "propositions/sink_facts.hpp"

#include <algorithm>

namespace sinkcheck {

namespace {

bool is_zero(const std::vector<Rational>& v) {
  return std::all_of(v.begin(), v.end(), [](const Rational& q) { return q == 0; });
}

// min over (x, y) in A × B of x y, from the extremes of A and B.
Rational min_product(const std::vector<Rational>& A, const std::vector<Rational>& B) {
  const auto [a_lo, a_hi] = std::minmax_element(A.begin(), A.end());
  const auto [b_lo, b_hi] = std::minmax_element(B.begin(), B.end());
  return std::min({*a_lo * *b_lo, *a_lo * *b_hi, *a_hi * *b_lo, *a_hi * *b_hi});
}

// Whether cos(z_0, x) = n1/sqrt(m1) exceeds n2/sqrt(m2) (m > 0), exactly.
bool cos_greater(const Rational& n1, const Rational& m1, const Rational& n2, const Rational& m2) {
  const int s1 = n1 > 0 ? 1 : (n1 < 0 ? -1 : 0), s2 = n2 > 0 ? 1 : (n2 < 0 ? -1 : 0);
  if (s1 != s2) return s1 > s2;
  const Rational q1 = n1 * n1 / m1, q2 = n2 * n2 / m2;  // squared cosines
  return s1 >= 0 ? q1 > q2 : q1 < q2;
}

}  // namespace

SinkFacts sink_facts(const SinkInstance& s) {
  SinkFacts f;
  f.dim = s.dim();
  f.T = s.T();
  f.K = s.keys();
  // One integer form of all tokens (z_j = Z_j / L) serves every exact pass.
  IntegerPoints Z = to_integers(s.tokens);
  IntegerPoints queries, keys;
  queries.scale = keys.scale = Z.scale;
  for (std::size_t j : f.K) {
    std::vector<Integer> x = Z.x[0];
    for (std::size_t k = 0; k < x.size(); ++k) x[k] -= Z.x[j][k];
    keys.x.push_back(std::move(x));
  }
  // c_max over the competitor keys, and the norm spread over all tokens (in
  // integers: ⟨z_a, z_b⟩ = ⟨Z_a, Z_b⟩ / L²; the cosine does not see L).
  std::vector<Integer> norms2;
  for (const auto& z : Z.x) norms2.push_back(integer_dot(z, z));
  f.c_max_defined = norms2[0] > 0;
  bool first = true;
  for (std::size_t j : f.K) {
    if (norms2[j] == 0) f.c_max_defined = false;
    if (!f.c_max_defined) break;
    const Rational num(integer_dot(Z.x[0], Z.x[j])), m(norms2[0] * norms2[j]);
    if (first || cos_greater(num, m, f.c_max_dot, f.c_max_norms2)) f.c_max_dot = num, f.c_max_norms2 = m;
    first = false;
  }
  const Rational L2 = Rational(Z.scale * Z.scale), d(long(s.dim()));
  for (const Integer& n : norms2) f.norm_spread = std::max(f.norm_spread, Rational(abs(Rational(n) / L2 - d)));
  for (std::size_t i : s.J) queries.x.push_back(std::move(Z.x[i]));  // J is increasing and distinct: no row twice

  f.queries = min_norm_point(queries);
  f.keys = min_norm_point(keys);
  const Rational& rq2 = f.queries.norm2;
  const Rational& rk2 = f.keys.norm2;

  // The dual certificate's factors, recomputed from the weights alone.
  const std::vector<Rational> u = convex_combination(queries, f.queries.support, f.queries.weights);
  const std::vector<Rational> v = convex_combination(keys, f.keys.support, f.keys.weights);
  f.u_norm2 = dot(u, u);
  f.v_norm2 = dot(v, v);
  // Infeasibility certificates: an exact convex combination equal to 0 (queries)
  // or to z_0 (keys: Σ β_j (z_0 − z_j) = 0 ⟺ Σ β_j z_j = z_0), weights ≥ 0 summing to 1.
  f.q_blocked = is_zero(u) && verify_min_norm(queries, f.queries).empty();
  f.k_blocked = is_zero(v) && verify_min_norm(keys, f.keys).empty();

  f.a = projections(queries, f.queries.point);
  f.b = projections(keys, f.keys.point);
  if (rq2 > 0 && rk2 > 0) {
    // W* = κ√d p_Q p_Kᵀ/(ρ_Q² ρ_K²): z_iᵀ W* (z_0 − z_j)/√d = κ a_i b_j/(ρ_Q² ρ_K²).
    f.primal_margin = s.kappa * min_product(f.a, f.b) / (rq2 * rk2);
    f.sinkable = f.primal_margin > 0;
    if (!f.sinkable) throw CertificateError("the explicit sink W* violates a constraint");
  } else if (!f.q_blocked && !f.k_blocked) {
    throw CertificateError("distance 0 without an exact infeasibility certificate");
  }

  return f;
}

}  // namespace sinkcheck
