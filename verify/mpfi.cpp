#include "verify/mpfi.hpp"

#include <algorithm>

namespace sinkcheck {

namespace {

mpfr_prec_t larger(const Mpfi& a, const Mpfi& b) { return std::max(mpfi_get_prec(a.data()), mpfi_get_prec(b.data())); }

}  // namespace

Mpfi::Mpfi(unsigned bits, int) { mpfi_init2(value_, mpfr_prec_t(bits)); }
Mpfi Mpfi::with_precision(unsigned bits) { return Mpfi(bits, 0); }

Mpfi::Mpfi() : Mpfi(WorkingPrecision::working_bits(), 0) { mpfi_set_si(value_, 0); }
Mpfi::Mpfi(int n) : Mpfi(WorkingPrecision::working_bits(), 0) { mpfi_set_si(value_, n); }
Mpfi::Mpfi(long n) : Mpfi(WorkingPrecision::working_bits(), 0) { mpfi_set_si(value_, n); }
Mpfi::Mpfi(double x) : Mpfi(WorkingPrecision::working_bits(), 0) { mpfi_set_d(value_, x); }
Mpfi::Mpfi(const Mpfi& other) : Mpfi(other.precision(), 0) { mpfi_set(value_, other.value_); }
Mpfi::Mpfi(Mpfi&& other) noexcept : Mpfi(other.precision(), 0) { mpfi_swap(value_, other.value_); }
Mpfi& Mpfi::operator=(const Mpfi& other) {
  if (this != &other) {
    mpfi_set_prec(value_, mpfi_get_prec(other.value_));
    mpfi_set(value_, other.value_);
  }
  return *this;
}
Mpfi& Mpfi::operator=(Mpfi&& other) noexcept {
  mpfi_swap(value_, other.value_);
  return *this;
}
Mpfi::~Mpfi() { mpfi_clear(value_); }

Mpfi operator+(const Mpfi& a, const Mpfi& b) {
  Mpfi r(unsigned(larger(a, b)), 0);
  mpfi_add(r.value_, a.value_, b.value_);
  return r;
}
Mpfi operator-(const Mpfi& a, const Mpfi& b) {
  Mpfi r(unsigned(larger(a, b)), 0);
  mpfi_sub(r.value_, a.value_, b.value_);
  return r;
}
Mpfi operator*(const Mpfi& a, const Mpfi& b) {
  Mpfi r(unsigned(larger(a, b)), 0);
  mpfi_mul(r.value_, a.value_, b.value_);
  return r;
}
Mpfi operator/(const Mpfi& a, const Mpfi& b) {
  Mpfi r(unsigned(larger(a, b)), 0);
  mpfi_div(r.value_, a.value_, b.value_);
  return r;
}
Mpfi operator-(const Mpfi& a) {
  Mpfi r(a.precision(), 0);
  mpfi_neg(r.value_, a.value_);
  return r;
}

#define SINKCHECK_MPFI_UNARY(name, call)   \
  Mpfi name(const Mpfi& a) {               \
    Mpfi r(a.precision(), 0);              \
    call(r.value_, a.value_);              \
    return r;                              \
  }
SINKCHECK_MPFI_UNARY(exp, mpfi_exp)
SINKCHECK_MPFI_UNARY(log, mpfi_log)
SINKCHECK_MPFI_UNARY(log1p, mpfi_log1p)
SINKCHECK_MPFI_UNARY(sqrt, mpfi_sqrt)
SINKCHECK_MPFI_UNARY(abs, mpfi_abs)
#undef SINKCHECK_MPFI_UNARY

Mpfi min(const Mpfi& a, const Mpfi& b) {
  Mpfi r(unsigned(larger(a, b)), 0);
  mpfr_min(&r.value_->left, &a.value_->left, &b.value_->left, MPFR_RNDD);
  mpfr_min(&r.value_->right, &a.value_->right, &b.value_->right, MPFR_RNDU);
  return r;
}
Mpfi max(const Mpfi& a, const Mpfi& b) {
  Mpfi r(unsigned(larger(a, b)), 0);
  mpfr_max(&r.value_->left, &a.value_->left, &b.value_->left, MPFR_RNDD);
  mpfr_max(&r.value_->right, &a.value_->right, &b.value_->right, MPFR_RNDU);
  return r;
}

Mpfi enclose(const Rational& q) {
  Mpfi x;
  mpfi_set_q(x.data(), q.backend().data());
  return x;
}

Mpfi enclose_range(const Rational& lower, const Rational& upper) {
  Mpfi x;
  mpfi_interv_q(x.data(), lower.backend().data(), upper.backend().data());
  return x;
}

double midpoint_double(const Mpfi& x) {
  mpfr_t mid;
  mpfr_init2(mid, mpfi_get_prec(x.data()));
  mpfi_mid(mid, x.data());
  const double m = mpfr_get_d(mid, MPFR_RNDN);
  mpfr_clear(mid);
  return m;
}

double lower_double(const Mpfi& x) { return mpfr_get_d(&x.data()->left, MPFR_RNDD); }
double upper_double(const Mpfi& x) { return mpfr_get_d(&x.data()->right, MPFR_RNDU); }

}  // namespace sinkcheck
