#pragma once
// The closed forms of the constructions' nuclear norms (reduced units),
// templated over the scalar so that one formula serves the double filter,
// the ladder's Arb balls and the boundary search. See copy_patterns.hpp.
#include "verify/scalar.hpp"

namespace sinkcheck {

// M_sink's nonzero columns are a·r (column 0) and b·e_{C+c} (column c). Its
// Gram matrix splits into b² on the C − 1 directions orthogonal to 1 among
// columns 1..C and the 2×2 block [[2C a², √C a b], [√C a b, b²]], whose
// singular values sum to sqrt(trace + 2 sqrt(det)) with det = C a² b².
template <class S>
S sink_construction_cost(long groups, const Rational& lambda) {
  const Rational a_exact = lambda < 1 ? Rational(1) / lambda : Rational(1);  // 1/min(λ,1)
  const S a = from_rational<S>(a_exact), b = from_rational<S>((1 + a_exact) / lambda);
  const S C = from_rational<S>(Rational(groups)), two = from_rational<S>(Rational(2));
  return from_rational<S>(Rational(groups - 1)) * b + sqrt(two * C * a * a + b * b + two * sqrt(C) * a * b);
}

// M_diag is block diagonal over the groups: [[s, 0], [b, a]] on (e_c, e_{C+c}),
// whose singular values sum to sqrt(s² + a² + b² + 2 s a) (det = s a > 0);
// α P_η adds α r_η on the orthogonal nuisance span.
template <class S>
S diagonal_construction_cost(long groups, const Rational& lambda, const Rational& alpha, long nuisance_rank) {
  const Rational s = 1 / (lambda * lambda), b = 2 / lambda;
  return from_rational<S>(Rational(groups)) * sqrt(from_rational<S>((s + 1) * (s + 1) + b * b)) +
         from_rational<S>(alpha * nuisance_rank);
}

}  // namespace sinkcheck
