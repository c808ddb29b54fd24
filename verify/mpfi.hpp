#pragma once
// Arbitrary-precision intervals (MPFI) for the escalation ladder.
//
// Every value carries its own precision: the result of an operation has the
// larger precision of its operands, whatever thread or scope computes it, so
// a value computed in one case or thread is never re-rounded under another's
// settings. Only a *new* value from a constant (an int, a double, a rational)
// takes the thread's working precision (verify/working_precision.hpp).
//
// The ladder's scalar is Arb (verify/arb.hpp); Mpfi signs values of the exact
// stage (verify/exact.cpp) and stays the reference the Arb ball is tested
// against (tests/test_scalars.cpp).
//
// Enclosures: MPFI rounds every endpoint outward, so each operation's result
// contains the exact result of the operation on any points of its operands.
#include <mpfi.h>

#include "verify/rational.hpp"
#include "verify/working_precision.hpp"

namespace sinkcheck {

class Mpfi {
 public:
  // Zero, and exact small constants, at the thread's working precision.
  Mpfi();
  Mpfi(int n);
  Mpfi(long n);
  Mpfi(double x);  // a double is exact at 53 bits or more
  Mpfi(const Mpfi& other);
  Mpfi(Mpfi&& other) noexcept;
  Mpfi& operator=(const Mpfi& other);  // takes the other's value and precision
  Mpfi& operator=(Mpfi&& other) noexcept;
  ~Mpfi();

  // Of a fresh value of precision `bits` (uninitialised endpoints set by the caller).
  static Mpfi with_precision(unsigned bits);

  mpfi_ptr data() { return value_; }
  mpfi_srcptr data() const { return value_; }
  unsigned precision() const { return unsigned(mpfi_get_prec(value_)); }

  friend Mpfi operator+(const Mpfi& a, const Mpfi& b);
  friend Mpfi operator-(const Mpfi& a, const Mpfi& b);
  friend Mpfi operator*(const Mpfi& a, const Mpfi& b);
  friend Mpfi operator/(const Mpfi& a, const Mpfi& b);  // a divisor containing 0 gives the whole line
  friend Mpfi operator-(const Mpfi& a);
  Mpfi& operator+=(const Mpfi& b) { return *this = *this + b; }
  Mpfi& operator-=(const Mpfi& b) { return *this = *this - b; }
  Mpfi& operator*=(const Mpfi& b) { return *this = *this * b; }
  Mpfi& operator/=(const Mpfi& b) { return *this = *this / b; }

  friend Mpfi exp(const Mpfi& a);
  friend Mpfi log(const Mpfi& a);    // callers check the argument's domain (verify/formula_eval.hpp)
  friend Mpfi log1p(const Mpfi& a);
  friend Mpfi sqrt(const Mpfi& a);
  friend Mpfi abs(const Mpfi& a);
  // Interval hulls of min and max (the elementwise min / max of the endpoints).
  friend Mpfi min(const Mpfi& a, const Mpfi& b);
  friend Mpfi max(const Mpfi& a, const Mpfi& b);

 private:
  explicit Mpfi(unsigned bits, int);  // uninitialised value of that precision
  mpfi_t value_;
};

// The tightest interval at the working precision that contains q.
Mpfi enclose(const Rational& q);
// [lower, upper], outward-rounded at the working precision.
Mpfi enclose_range(const Rational& lower, const Rational& upper);
// The midpoint, rounded to the nearest double (for estimates and pictures only).
double midpoint_double(const Mpfi& x);
// The endpoints rounded outward to doubles: [lower_double, upper_double] ⊇ x.
double lower_double(const Mpfi& x);
double upper_double(const Mpfi& x);

}  // namespace sinkcheck
