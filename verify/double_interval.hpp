#pragma once
// The filter stage: an interval of doubles that always encloses the exact
// value (CGAL's Interval_nt idea). Each operation is computed in the default
// round-to-nearest mode and then widened outward by whole ulps, which covers
// the rounding error without switching the FPU's rounding mode:
//   + - * / sqrt are correctly rounded (error <= 1/2 ulp): widen by 1 ulp;
//   exp, log, log1p come from glibc, documented within 1-2 ulps: widen by 2 ulps
//   (log1p's documented bound is 2 ulps on x86_64; we widen by 3 there).
// NaN never escapes as a bound: an undefined result becomes the whole line,
// which simply means "not decided at this precision".
#include <algorithm>
#include <cmath>
#include <limits>

namespace sinkcheck {

class DoubleInterval {
 public:
  DoubleInterval() = default;
  DoubleInterval(double point) : lo_(point), hi_(point) {}  // exact double: no widening
  DoubleInterval(double lo, double hi) : lo_(lo), hi_(hi) {
    if (std::isnan(lo_) || std::isnan(hi_)) *this = whole();
  }

  static DoubleInterval whole() {
    DoubleInterval r;
    r.lo_ = -std::numeric_limits<double>::infinity();
    r.hi_ = std::numeric_limits<double>::infinity();
    return r;
  }

  double lower() const { return lo_; }
  double upper() const { return hi_; }
  bool is_point() const { return lo_ == hi_; }
  bool is_zero() const { return lo_ == 0 && hi_ == 0; }
  bool is_bounded() const { return std::isfinite(lo_) && std::isfinite(hi_); }

  // Point operands whose result is exact (checked with an error-free
  // transformation) stay points: exact zeros and small integers then reach
  // the sign test undisturbed instead of forcing an escalation.
  friend DoubleInterval operator+(const DoubleInterval& a, const DoubleInterval& b) {
    if (a.is_point() && b.is_point()) {
      const double s = a.lo_ + b.lo_;
      if (std::isfinite(s) && two_sum_error(a.lo_, b.lo_, s) == 0) return DoubleInterval(s);
    }
    return widened(a.lo_ + b.lo_, a.hi_ + b.hi_, 1);
  }
  friend DoubleInterval operator-(const DoubleInterval& a, const DoubleInterval& b) { return a + (-b); }
  friend DoubleInterval operator-(const DoubleInterval& a) {
    DoubleInterval r;
    r.lo_ = -a.hi_;
    r.hi_ = -a.lo_;
    return r;
  }
  friend DoubleInterval operator*(const DoubleInterval& a, const DoubleInterval& b) {
    // An exact zero times a bounded interval is an exact zero.
    if ((a.is_zero() && b.is_bounded()) || (b.is_zero() && a.is_bounded())) return DoubleInterval(0.0);
    if (a.is_point() && b.is_point()) {
      const double p = a.lo_ * b.lo_;
      if (std::isfinite(p) && (p == 0 ? (a.lo_ == 0 || b.lo_ == 0) : std::abs(p) >= 0x1p-900) &&
          std::fma(a.lo_, b.lo_, -p) == 0)
        return DoubleInterval(p);
    }
    const double p[4] = {a.lo_ * b.lo_, a.lo_ * b.hi_, a.hi_ * b.lo_, a.hi_ * b.hi_};
    if (std::isnan(p[0]) || std::isnan(p[1]) || std::isnan(p[2]) || std::isnan(p[3])) {
      // 0 * inf: the product of a zero-containing and an unbounded interval.
      return whole();
    }
    return widened(*std::min_element(p, p + 4), *std::max_element(p, p + 4), 1);
  }
  friend DoubleInterval operator/(const DoubleInterval& a, const DoubleInterval& b) {
    if (b.lo_ <= 0 && b.hi_ >= 0) return whole();
    const double q[4] = {a.lo_ / b.lo_, a.lo_ / b.hi_, a.hi_ / b.lo_, a.hi_ / b.hi_};
    for (double x : q)
      if (std::isnan(x)) return whole();
    return widened(*std::min_element(q, q + 4), *std::max_element(q, q + 4), 1);
  }
  DoubleInterval& operator+=(const DoubleInterval& b) { return *this = *this + b; }
  DoubleInterval& operator-=(const DoubleInterval& b) { return *this = *this - b; }
  DoubleInterval& operator*=(const DoubleInterval& b) { return *this = *this * b; }
  DoubleInterval& operator/=(const DoubleInterval& b) { return *this = *this / b; }

  friend DoubleInterval exp(const DoubleInterval& a) {
    DoubleInterval r = widened(std::exp(a.lo_), std::exp(a.hi_), 2);
    r.lo_ = std::max(r.lo_, 0.0);
    return r;
  }
  friend DoubleInterval log(const DoubleInterval& a) {
    if (a.hi_ <= 0) return whole();
    const double lo = a.lo_ <= 0 ? -std::numeric_limits<double>::infinity() : std::log(a.lo_);
    return widened(lo, std::log(a.hi_), 2);
  }
  friend DoubleInterval log1p(const DoubleInterval& a) {
    if (a.hi_ <= -1) return whole();
    const double lo = a.lo_ <= -1 ? -std::numeric_limits<double>::infinity() : std::log1p(a.lo_);
    return widened(lo, std::log1p(a.hi_), 3);
  }
  friend DoubleInterval sqrt(const DoubleInterval& a) {
    if (a.hi_ < 0) return whole();
    DoubleInterval r = widened(std::sqrt(std::max(a.lo_, 0.0)), std::sqrt(a.hi_), 1);
    r.lo_ = std::max(r.lo_, 0.0);
    return r;
  }
  friend DoubleInterval abs(const DoubleInterval& a) {
    if (a.lo_ >= 0) return a;
    if (a.hi_ <= 0) return -a;
    DoubleInterval r;
    r.lo_ = 0;
    r.hi_ = std::max(-a.lo_, a.hi_);
    return r;
  }
  friend DoubleInterval min(const DoubleInterval& a, const DoubleInterval& b) {
    DoubleInterval r;
    r.lo_ = std::min(a.lo_, b.lo_);
    r.hi_ = std::min(a.hi_, b.hi_);
    return r;
  }
  friend DoubleInterval max(const DoubleInterval& a, const DoubleInterval& b) {
    DoubleInterval r;
    r.lo_ = std::max(a.lo_, b.lo_);
    r.hi_ = std::max(a.hi_, b.hi_);
    return r;
  }

 private:
  static double two_sum_error(double a, double b, double s) {
    const double bb = s - a;
    return (a - (s - bb)) + (b - bb);
  }

  static DoubleInterval widened(double lo, double hi, int ulps) {
    if (std::isnan(lo) || std::isnan(hi)) return whole();
    for (int i = 0; i < ulps; ++i) {
      lo = std::nextafter(lo, -std::numeric_limits<double>::infinity());
      hi = std::nextafter(hi, std::numeric_limits<double>::infinity());
    }
    DoubleInterval r;
    r.lo_ = lo;
    r.hi_ = hi;
    return r;
  }

  double lo_ = 0;
  double hi_ = 0;
};

}  // namespace sinkcheck
