#pragma once
// One interface over the scalar types a kernel or formula is evaluated in:
// double (the unverified fast path), DoubleInterval (the filter), Arb (the
// escalation ladder; Mpfi, its interval twin, is kept and tested beside it)
// and ExactValue (the exact stage). Kernels and formulas are templates over S
// and reach the scalar only through these functions.
#include <string>

#include "verify/arb.hpp"
#include "verify/double_interval.hpp"
#include "verify/exact.hpp"
#include "verify/mpfi.hpp"
#include "verify/rational.hpp"

namespace sinkcheck {

// What a certified evaluation knows about the sign of a value.
enum class CertifiedSign { Positive, Negative, Zero, NonZero, Unknown };

template <class S>
struct ScalarTraits;

template <>
struct ScalarTraits<double> {
  static constexpr bool certified = false;
  static double from_rational(const Rational& q) { return to_double(q); }
  static double approx(double x) { return x; }
};

template <>
struct ScalarTraits<DoubleInterval> {
  static constexpr bool certified = true;
  static DoubleInterval from_rational(const Rational& q) {
    return DoubleInterval(to_double_down(q), to_double_up(q));
  }
  // A quantity known only to lie in [lower, upper] (a certified optimum).
  static DoubleInterval from_range(const Rational& lower, const Rational& upper) {
    return DoubleInterval(to_double_down(lower), to_double_up(upper));
  }
  static double approx(const DoubleInterval& x) { return 0.5 * x.lower() + 0.5 * x.upper(); }
  static CertifiedSign sign(const DoubleInterval& x) {
    if (x.lower() > 0) return CertifiedSign::Positive;
    if (x.upper() < 0) return CertifiedSign::Negative;
    if (x.lower() == 0 && x.upper() == 0) return CertifiedSign::Zero;
    return CertifiedSign::Unknown;
  }
  // Touching 0 from above ([0, hi]) is inside sqrt's domain.
  static bool certainly_nonnegative(const DoubleInterval& x) { return x.lower() >= 0; }
  static std::string describe(const DoubleInterval& x);
};

template <>
struct ScalarTraits<Mpfi> {
  static constexpr bool certified = true;
  static Mpfi from_rational(const Rational& q) { return enclose(q); }
  static Mpfi from_range(const Rational& lower, const Rational& upper) { return enclose_range(lower, upper); }
  static double approx(const Mpfi& x) { return midpoint_double(x); }
  static CertifiedSign sign(const Mpfi& x) {
    if (mpfi_is_strictly_pos(x.data())) return CertifiedSign::Positive;
    if (mpfi_is_strictly_neg(x.data())) return CertifiedSign::Negative;
    if (mpfi_is_zero(x.data())) return CertifiedSign::Zero;
    return CertifiedSign::Unknown;
  }
  static bool certainly_nonnegative(const Mpfi& x) { return mpfi_is_nonneg(x.data()) > 0; }
  static std::string describe(const Mpfi& x);
};

template <>
struct ScalarTraits<Arb> {
  static constexpr bool certified = true;
  static Arb from_rational(const Rational& q) { return enclose_arb(q); }
  static Arb from_range(const Rational& lower, const Rational& upper) { return enclose_range_arb(lower, upper); }
  static double approx(const Arb& x) { return midpoint_double(x); }
  // Strict signs need the whole ball on one side (m - r > 0, m + r < 0); an
  // indeterminate ball has none.
  static CertifiedSign sign(const Arb& x) {
    if (arb_is_positive(x.data())) return CertifiedSign::Positive;
    if (arb_is_negative(x.data())) return CertifiedSign::Negative;
    if (arb_is_zero(x.data())) return CertifiedSign::Zero;
    return CertifiedSign::Unknown;
  }
  static bool certainly_nonnegative(const Arb& x) { return arb_is_nonnegative(x.data()) != 0; }
  // The ball's endpoints, printed as Mpfi's are (outward, 20 digits).
  static std::string describe(const Arb& x);
};

// The scalar of the escalation ladder's stages (verify/decide.cpp): Arb, the
// fastest certified arithmetic measured (README, "Benchmarks").
using LadderScalar = Arb;

template <>
struct ScalarTraits<ExactValue> {
  static constexpr bool certified = true;
  static ExactValue from_rational(const Rational& q) { return ExactValue(q); }
  static CertifiedSign sign(const ExactValue& x) {
    if (x.is_zero()) return CertifiedSign::Zero;
    try {
      return x.sign() > 0 ? CertifiedSign::Positive : CertifiedSign::Negative;
    } catch (const NotExact&) {
      return CertifiedSign::NonZero;  // a nonzero rational function of a transcendental t
    }
  }
  static bool certainly_nonnegative(const ExactValue& x) {
    const CertifiedSign s = sign(x);
    return s == CertifiedSign::Positive || s == CertifiedSign::Zero;
  }
  static std::string describe(const ExactValue& x) { return x.str(); }
};

template <class S>
S from_rational(const Rational& q) {
  return ScalarTraits<S>::from_rational(q);
}

// A quantity known only to lie in [lower, upper]: intervals hold it; the
// exact field has no such values.
template <class S>
S from_rational_range(const Rational& lower, const Rational& upper) {
  return ScalarTraits<S>::from_range(lower, upper);
}

// A double is an exact rational: no widening needed.
template <class S>
S from_double(double x) {
  return from_rational<S>(Rational(x));
}

}  // namespace sinkcheck
