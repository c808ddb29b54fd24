#pragma once
// Arbitrary-precision intervals: Boost.Multiprecision's MPFI back end at a
// runtime precision. Every escalation step of the precision policy evaluates
// the same templated kernels with this type at a higher precision.
#include <boost/multiprecision/mpfi.hpp>

#include "verify/rational.hpp"

namespace sinkcheck {

using Mpfi = boost::multiprecision::number<boost::multiprecision::mpfi_float_backend<0>,
                                           boost::multiprecision::et_off>;
using Mpfr = boost::multiprecision::number<boost::multiprecision::mpfr_float_backend<0>,
                                           boost::multiprecision::et_off>;

// Sets the working precision (in bits) of every Mpfi created in its scope.
class MpfiPrecision {
 public:
  explicit MpfiPrecision(unsigned bits);
  ~MpfiPrecision();
  MpfiPrecision(const MpfiPrecision&) = delete;
  MpfiPrecision& operator=(const MpfiPrecision&) = delete;

 private:
  unsigned saved_digits10_;
};

inline unsigned bits_to_digits10(unsigned bits) { return bits * 30103u / 100000u + 1u; }

inline MpfiPrecision::MpfiPrecision(unsigned bits) : saved_digits10_(Mpfi::default_precision()) {
  Mpfi::default_precision(bits_to_digits10(bits));
}
inline MpfiPrecision::~MpfiPrecision() { Mpfi::default_precision(saved_digits10_); }

// The tightest interval at the current precision that contains q.
inline Mpfi enclose(const Rational& q) {
  Mpfi x;
  mpfi_set_q(x.backend().data(), q.backend().data());
  return x;
}

}  // namespace sinkcheck

namespace sinkcheck {

// Interval hulls of min and max (Boost's comparison operators on intervals
// answer "certainly less", which is not what a formula's min means).
inline Mpfi min(const Mpfi& a, const Mpfi& b) {
  Mpfi r(0);
  mpfr_min(&r.backend().data()->left, &a.backend().data()->left, &b.backend().data()->left, MPFR_RNDD);
  mpfr_min(&r.backend().data()->right, &a.backend().data()->right, &b.backend().data()->right, MPFR_RNDU);
  return r;
}
inline Mpfi max(const Mpfi& a, const Mpfi& b) {
  Mpfi r(0);
  mpfr_max(&r.backend().data()->left, &a.backend().data()->left, &b.backend().data()->left, MPFR_RNDD);
  mpfr_max(&r.backend().data()->right, &a.backend().data()->right, &b.backend().data()->right, MPFR_RNDU);
  return r;
}

}  // namespace sinkcheck
