#pragma once
// Arb balls for the escalation ladder: the ladder's scalar.
//
// A ball m ± r (arb_t) contains the exact value. Every operation's result
// contains the exact result of the operation on any points of its operands
// (Arb's guarantee: the midpoint is rounded, and the rounding error is added
// to the radius). Arb computes one elementary function of the midpoint with
// a cheap error bound where MPFI computes two correctly rounded endpoints,
// which is why it is several times faster (README, "Benchmarks").
//
// As with Mpfi, every value carries its own precision (an arb_t does not, so
// the class keeps it beside the ball): an operation works at the larger
// precision of its operands, and only a new value made from a constant takes
// the thread's working precision (verify/working_precision.hpp).
//
// A ball has no half-line: where an interval would be [a, +inf) or the whole
// line (division by a ball containing 0, log of a ball reaching 0 or below,
// sqrt of one reaching below 0), the ball is indeterminate (NaN ± inf),
// which contains every real and has no certified sign. formula_eval.hpp
// feeds no partial function an argument outside its certified domain.
#include <arb.h>

#include "verify/rational.hpp"
#include "verify/working_precision.hpp"

namespace sinkcheck {

class Arb {
 public:
  // Zero, and exact small constants, at the thread's working precision.
  Arb();
  Arb(int n);
  Arb(long n);
  Arb(double x);  // exact: a double's midpoint, radius 0
  Arb(const Arb& other);
  Arb(Arb&& other) noexcept;
  Arb& operator=(const Arb& other);  // takes the other's value and precision
  Arb& operator=(Arb&& other) noexcept;
  ~Arb();

  // Of a zero ball of precision `bits` (the caller sets the value).
  static Arb with_precision(unsigned bits);

  arb_ptr data() { return value_; }
  arb_srcptr data() const { return value_; }
  unsigned precision() const { return bits_; }

  // Each contains the exact result on any points of the operands.
  friend Arb operator+(const Arb& a, const Arb& b);
  friend Arb operator-(const Arb& a, const Arb& b);
  friend Arb operator*(const Arb& a, const Arb& b);  // of two nonnegative balls: nonnegative
  friend Arb operator/(const Arb& a, const Arb& b);  // a divisor containing 0: indeterminate
  friend Arb operator-(const Arb& a);
  // In place (Arb allows aliasing): a sum of many terms makes no value per term.
  Arb& operator+=(const Arb& b);
  Arb& operator-=(const Arb& b);
  Arb& operator*=(const Arb& b) { return *this = *this * b; }
  Arb& operator/=(const Arb& b) { return *this = *this / b; }

  friend Arb exp(const Arb& a);    // clipped to [0, inf): a wide ball's bound may dip below 0
  friend Arb log(const Arb& a);    // reaching 0 or below: indeterminate (callers check the domain)
  friend Arb log1p(const Arb& a);  // reaching -1 or below: indeterminate
  friend Arb sqrt(const Arb& a);   // reaching below 0: indeterminate
  friend Arb abs(const Arb& a);    // a ball containing 0 gives [0, max |x|], never below 0
  // The ball hulls of min and max (the elementwise min / max of the endpoints).
  friend Arb min(const Arb& a, const Arb& b);
  friend Arb max(const Arb& a, const Arb& b);

 private:
  explicit Arb(unsigned bits, int);  // a zero ball of that precision
  // Arb's own product and exponential, before the nonnegativity kept above.
  friend Arb product(const Arb& a, const Arb& b);
  friend Arb exp_ball(const Arb& a);
  arb_t value_;
  unsigned bits_;
};

// For x >= 0 touching 0 and e > 0: a ball containing [0, hi^e], hi the upper
// end of x, which contains y^e for every y >= 0 in x (y^e increases).
Arb power_from_zero(const Arb& x, const Arb& e);
// A ball at the working precision that contains q (radius 0 when q is exact
// in that many bits).
Arb enclose_arb(const Rational& q);
// A ball at the working precision that contains [lower, upper].
Arb enclose_range_arb(const Rational& lower, const Rational& upper);
// The midpoint, rounded to the nearest double (for estimates and pictures
// only); NaN for an indeterminate ball.
double midpoint_double(const Arb& x);
// The endpoints rounded outward to doubles: [lower_double, upper_double] ⊇ x.
double lower_double(const Arb& x);
double upper_double(const Arb& x);

}  // namespace sinkcheck
