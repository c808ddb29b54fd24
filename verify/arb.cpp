#include "verify/arb.hpp"

#include <flint/fmpq.h>

#include <algorithm>
#include <cmath>

namespace sinkcheck {

namespace {

slong larger(const Arb& a, const Arb& b) { return slong(std::max(a.precision(), b.precision())); }

// Exact: q's numerator and denominator copied into FLINT's rational.
class FlintRational {
 public:
  explicit FlintRational(const Rational& q) {
    fmpq_init(value_);
    fmpq_set_mpq(value_, q.backend().data());
  }
  ~FlintRational() { fmpq_clear(value_); }
  FlintRational(const FlintRational&) = delete;
  FlintRational& operator=(const FlintRational&) = delete;
  const fmpq* get() const { return value_; }

 private:
  fmpq_t value_;
};

}  // namespace

Arb::Arb(unsigned bits, int) : bits_(bits) { arb_init(value_); }
Arb Arb::with_precision(unsigned bits) { return Arb(bits, 0); }

Arb::Arb() : Arb(WorkingPrecision::working_bits(), 0) {}
Arb::Arb(int n) : Arb(WorkingPrecision::working_bits(), 0) { arb_set_si(value_, n); }
Arb::Arb(long n) : Arb(WorkingPrecision::working_bits(), 0) { arb_set_si(value_, n); }
Arb::Arb(double x) : Arb(WorkingPrecision::working_bits(), 0) { arb_set_d(value_, x); }
Arb::Arb(const Arb& other) : Arb(other.bits_, 0) { arb_set(value_, other.value_); }
Arb::Arb(Arb&& other) noexcept : Arb(other.bits_, 0) { arb_swap(value_, other.value_); }
Arb& Arb::operator=(const Arb& other) {
  bits_ = other.bits_;
  arb_set(value_, other.value_);
  return *this;
}
Arb& Arb::operator=(Arb&& other) noexcept {
  std::swap(bits_, other.bits_);
  arb_swap(value_, other.value_);
  return *this;
}
Arb::~Arb() { arb_clear(value_); }

// Binary operations work at the larger precision of the operands, unary ones
// at the operand's.
#define SINKCHECK_ARB_BINARY(signature, call)        \
  Arb signature(const Arb& a, const Arb& b) {        \
    Arb r(unsigned(larger(a, b)), 0);                \
    call(r.value_, a.value_, b.value_, larger(a, b)); \
    return r;                                        \
  }
SINKCHECK_ARB_BINARY(operator+, arb_add)
SINKCHECK_ARB_BINARY(operator-, arb_sub)
SINKCHECK_ARB_BINARY(operator/, arb_div)
SINKCHECK_ARB_BINARY(product, arb_mul)
#undef SINKCHECK_ARB_BINARY

#define SINKCHECK_ARB_UNARY(name, call)                \
  Arb name(const Arb& a) {                             \
    Arb r(a.bits_, 0);                                 \
    call(r.value_, a.value_, slong(a.bits_));          \
    return r;                                          \
  }
SINKCHECK_ARB_UNARY(log, arb_log)
SINKCHECK_ARB_UNARY(log1p, arb_log1p)
SINKCHECK_ARB_UNARY(sqrt, arb_sqrt)
SINKCHECK_ARB_UNARY(exp_ball, arb_exp)
#undef SINKCHECK_ARB_UNARY

Arb& Arb::operator+=(const Arb& b) {
  bits_ = std::max(bits_, b.bits_);
  arb_add(value_, value_, b.value_, slong(bits_));
  return *this;
}
Arb& Arb::operator-=(const Arb& b) {
  bits_ = std::max(bits_, b.bits_);
  arb_sub(value_, value_, b.value_, slong(bits_));
  return *this;
}

Arb operator*(const Arb& a, const Arb& b) {
  Arb r = product(a, b);
  // m ± r times itself reaches below 0 when the ball contains 0; the product
  // of nonnegative numbers does not, and even powers rely on it
  // (formula_eval.hpp: certainly_nonnegative before sqrt).
  if (arb_is_nonnegative(a.value_) && arb_is_nonnegative(b.value_)) arb_nonnegative_part(r.value_, r.value_);
  return r;
}
// Arb's min and max return a ball around the hull of the endpoints, whose
// radius, rounded up, can reach below a lower bound of 0 that an interval
// keeps exactly (max(x, 0) must stay certainly nonnegative, e.g. under sqrt).
Arb min(const Arb& a, const Arb& b) {
  Arb r(unsigned(larger(a, b)), 0);
  arb_min(r.value_, a.value_, b.value_, larger(a, b));
  if (arb_is_nonnegative(a.value_) && arb_is_nonnegative(b.value_)) arb_nonnegative_part(r.value_, r.value_);
  return r;
}
Arb max(const Arb& a, const Arb& b) {
  Arb r(unsigned(larger(a, b)), 0);
  arb_max(r.value_, a.value_, b.value_, larger(a, b));
  if (arb_is_nonnegative(a.value_) || arb_is_nonnegative(b.value_)) arb_nonnegative_part(r.value_, r.value_);
  return r;
}
Arb operator-(const Arb& a) {
  Arb r(a.bits_, 0);
  arb_neg(r.value_, a.value_);
  return r;
}
Arb exp(const Arb& a) {
  Arb r = exp_ball(a);
  arb_nonnegative_part(r.value_, r.value_);
  return r;
}
Arb abs(const Arb& a) {
  Arb r(a.bits_, 0);
  arb_abs(r.value_, a.value_);  // |m| ± r: reaches below 0 when the ball contains 0
  arb_nonnegative_part(r.value_, r.value_);
  return r;
}

Arb power_from_zero(const Arb& x, const Arb& e) {
  Arb upper = Arb::with_precision(x.precision());
  arb_get_ubound_arf(arb_midref(upper.data()), x.data(), slong(x.precision()));
  const Arb top = exp(e * log(upper));
  Arb r = Arb::with_precision(top.precision());
  arb_union(r.data(), r.data(), top.data(), slong(r.precision()));  // with 0
  arb_nonnegative_part(r.data(), r.data());
  return r;
}

Arb enclose_arb(const Rational& q) {
  Arb x;
  arb_set_fmpq(x.data(), FlintRational(q).get(), slong(x.precision()));
  return x;
}

Arb enclose_range_arb(const Rational& lower, const Rational& upper) {
  Arb x = enclose_arb(lower);
  const Arb hi = enclose_arb(upper);
  arb_union(x.data(), x.data(), hi.data(), slong(x.precision()));
  // The union's radius, rounded up, may reach below a lower end of 0: a
  // range from 0 stays certainly nonnegative (sqrt, powers), as an interval.
  if (lower >= 0) arb_nonnegative_part(x.data(), x.data());
  return x;
}

double midpoint_double(const Arb& x) { return arf_get_d(arb_midref(x.data()), ARF_RND_NEAR); }

namespace {

// The ball's lower (or upper) end rounded outward to a double; an
// indeterminate ball (NaN ± inf) is the whole line.
double end_double(const Arb& x, bool lower) {
  if (!arb_is_finite(x.data())) return lower ? -HUGE_VAL : HUGE_VAL;
  arf_t bound;
  arf_init(bound);
  if (lower)
    arb_get_lbound_arf(bound, x.data(), 53);
  else
    arb_get_ubound_arf(bound, x.data(), 53);
  const double d = arf_get_d(bound, lower ? ARF_RND_FLOOR : ARF_RND_CEIL);
  arf_clear(bound);
  return d;
}

}  // namespace

double lower_double(const Arb& x) { return end_double(x, true); }
double upper_double(const Arb& x) { return end_double(x, false); }

}  // namespace sinkcheck
