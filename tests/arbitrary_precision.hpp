#pragma once
// Test helpers over the two arbitrary-precision scalars (Mpfi, Arb), so that
// a test written once runs for both (TEMPLATE_TEST_CASE over these types).
#include <flint/fmpq.h>

#include "verify/scalar.hpp"

namespace sinkcheck::test {

inline bool contains(const Mpfi& x, const Rational& q) { return mpfi_is_inside_q(q.backend().data(), x.data()) > 0; }

inline bool contains(const Arb& x, const Rational& q) {
  fmpq_t f;
  fmpq_init(f);
  fmpq_set_mpq(f, q.backend().data());
  const bool inside = arb_contains_fmpq(x.data(), f) != 0;
  fmpq_clear(f);
  return inside;
}

// Whether the MPFI interval and the Arb ball share a point (both enclose the
// same real number, so they must).
inline bool overlaps(const Mpfi& interval, const Arb& ball) {
  arb_t as_ball;
  arb_init(as_ball);
  arb_set_interval_mpfr(as_ball, &interval.data()->left, &interval.data()->right, slong(interval.precision()) + 64);
  const bool meet = arb_overlaps(as_ball, ball.data()) != 0;
  arb_clear(as_ball);
  return meet;
}

// Whether x lies within `radius` of q (a width test that reads only the
// certified signs, the same way for every scalar), the bounds enclosed at
// x's own precision.
template <class S>
bool within(const S& x, const Rational& q, const Rational& radius) {
  WorkingPrecision precision(x.precision());
  return ScalarTraits<S>::sign(x - from_rational<S>(q - radius)) == CertifiedSign::Positive &&
         ScalarTraits<S>::sign(from_rational<S>(q + radius) - x) == CertifiedSign::Positive;
}

}  // namespace sinkcheck::test
