#include "verify/exact.hpp"

#include <limits>
#include <map>
#include <sstream>

namespace sinkcheck {

namespace {

thread_local Integer current_denominator = 1;

// sum_k c_k t^k with exact rational coefficients; no zero coefficients stored,
// so the map is canonical and equality is structural.
using Laurent = std::map<long, Rational>;

long checked_exponent(const Integer& e) {
  if (e > Integer(std::numeric_limits<long>::max() / 4) || e < Integer(std::numeric_limits<long>::min() / 4))
    throw NotExact("exponent of t out of range");
  return e.convert_to<long>();
}

void add_term(Laurent& p, long k, const Rational& c) {
  if (c == 0) return;
  auto [it, inserted] = p.emplace(k, c);
  if (!inserted) {
    it->second += c;
    if (it->second == 0) p.erase(it);
  }
}

Laurent add(const Laurent& a, const Laurent& b, int sign_b = 1) {
  Laurent r = a;
  for (const auto& [k, c] : b) add_term(r, k, sign_b > 0 ? c : Rational(-c));
  return r;
}

Laurent multiply(const Laurent& a, const Laurent& b) {
  Laurent r;
  for (const auto& [ka, ca] : a)
    for (const auto& [kb, cb] : b) {
      if ((kb > 0 && ka > std::numeric_limits<long>::max() / 2 - kb) ||
          (kb < 0 && ka < std::numeric_limits<long>::min() / 2 - kb))
        throw NotExact("exponent of t out of range");
      add_term(r, ka + kb, ca * cb);
    }
  return r;
}

Laurent constant(const Rational& q) {
  Laurent p;
  add_term(p, 0, q);
  return p;
}

}  // namespace

// num / den, den never zero. Kept in a light normal form: a monomial
// denominator is divided out, and a value proportional to its denominator
// is recognised as the rational constant it is.
struct ExactValue::Impl {
  Laurent num, den = constant(1);

  void normalise() {
    if (num.empty()) {
      den = constant(1);
      return;
    }
    if (den.size() == 1) {
      const auto [k, c] = *den.begin();
      Laurent scaled;
      for (const auto& [kn, cn] : num) scaled.emplace(kn - k, cn / c);
      num = std::move(scaled);
      den = constant(1);
      return;
    }
    if (num.size() == den.size()) {
      auto n = num.begin();
      auto d = den.begin();
      const Rational ratio = n->second / d->second;
      bool proportional = true;
      for (; n != num.end(); ++n, ++d)
        if (n->first != d->first || n->second != ratio * d->second) {
          proportional = false;
          break;
        }
      if (proportional) {
        num = constant(ratio);
        den = constant(1);
      }
    }
  }
};

ExactField::ExactField(const Integer& common_denominator) : saved_(current_denominator) {
  current_denominator = common_denominator;
}
ExactField::~ExactField() { current_denominator = saved_; }
const Integer& ExactField::denominator() { return current_denominator; }

ExactValue::ExactValue() : impl_(std::make_unique<Impl>()) {}
ExactValue::ExactValue(const Rational& q) : impl_(std::make_unique<Impl>()) { impl_->num = constant(q); }
ExactValue::ExactValue(const ExactValue& o) : impl_(std::make_unique<Impl>(*o.impl_)) {}
ExactValue& ExactValue::operator=(const ExactValue& o) {
  *impl_ = *o.impl_;
  return *this;
}
ExactValue::~ExactValue() = default;

struct ExactAccess {
  static const ExactValue::Impl& of(const ExactValue& v) { return *v.impl_; }
  static ExactValue from(Laurent num, Laurent den) {
    if (den.empty()) throw NotExact("division by zero");
    ExactValue v;
    v.impl_->num = std::move(num);
    v.impl_->den = std::move(den);
    v.impl_->normalise();
    return v;
  }
};

namespace {
using A = ExactAccess;
}

ExactValue operator+(const ExactValue& a, const ExactValue& b) {
  const auto &x = A::of(a), &y = A::of(b);
  if (x.den == y.den) return A::from(add(x.num, y.num), x.den);
  return A::from(add(multiply(x.num, y.den), multiply(y.num, x.den)), multiply(x.den, y.den));
}
ExactValue operator-(const ExactValue& a) {
  const auto& x = A::of(a);
  return A::from(add(Laurent(), x.num, -1), x.den);
}
ExactValue operator-(const ExactValue& a, const ExactValue& b) { return a + (-b); }
ExactValue operator*(const ExactValue& a, const ExactValue& b) {
  const auto &x = A::of(a), &y = A::of(b);
  return A::from(multiply(x.num, y.num), multiply(x.den, y.den));
}
ExactValue operator/(const ExactValue& a, const ExactValue& b) {
  const auto &x = A::of(a), &y = A::of(b);
  if (y.num.empty()) throw NotExact("division by zero");
  return A::from(multiply(x.num, y.den), multiply(x.den, y.num));
}

ExactValue exp(const ExactValue& a) {
  const Rational exponent = a.to_rational() * Rational(ExactField::denominator());
  if (boost::multiprecision::denominator(exponent) != 1)
    throw NotExact("exp of a rational outside the instance's score lattice");
  Laurent p;
  p.emplace(checked_exponent(boost::multiprecision::numerator(exponent)), Rational(1));
  return A::from(std::move(p), constant(1));
}

ExactValue log(const ExactValue& a) {
  const auto& x = A::of(a);
  if (x.den == constant(1) && x.num.size() == 1 && x.num.begin()->second == 1)
    return ExactValue(Rational(Integer(x.num.begin()->first)) / Rational(ExactField::denominator()));
  throw NotExact("log of a value that is not a power of t");
}

ExactValue sqrt(const ExactValue& a) {
  const Rational q = a.to_rational();
  if (q < 0) throw NotExact("sqrt of a negative value");
  const Integer n = boost::multiprecision::numerator(q), d = boost::multiprecision::denominator(q);
  const Integer rn = boost::multiprecision::sqrt(n), rd = boost::multiprecision::sqrt(d);
  if (rn * rn != n || rd * rd != d) throw NotExact("sqrt of a rational that is not a square");
  return ExactValue(Rational(rn, rd));
}

ExactValue abs(const ExactValue& a) { return a.sign() < 0 ? -a : a; }
ExactValue min(const ExactValue& a, const ExactValue& b) { return (a - b).sign() <= 0 ? a : b; }
ExactValue max(const ExactValue& a, const ExactValue& b) { return (a - b).sign() >= 0 ? a : b; }
ExactValue pow(const ExactValue& a, long n) {
  if (n < 0) return ExactValue(1) / pow(a, -n);
  ExactValue result(1), factor = a;
  for (long k = n; k > 0; k >>= 1) {
    if (k & 1) result *= factor;
    if (k > 1) factor *= factor;
  }
  return result;
}

bool ExactValue::is_zero() const { return impl_->num.empty(); }
bool ExactValue::is_rational() const {
  return impl_->den == constant(1) && (impl_->num.empty() || (impl_->num.size() == 1 && impl_->num.begin()->first == 0));
}
Rational ExactValue::to_rational() const {
  if (!is_rational()) throw NotExact("value depends on t = e^(1/D)");
  return impl_->num.empty() ? Rational(0) : impl_->num.begin()->second;
}
int ExactValue::sign() const {
  const Rational q = to_rational();
  return q > 0 ? 1 : (q < 0 ? -1 : 0);
}
std::string ExactValue::str() const {
  auto poly = [](const Laurent& p) {
    if (p.empty()) return std::string("0");
    std::ostringstream os;
    bool first = true;
    for (const auto& [k, c] : p) {
      os << (first ? "" : " + ") << "(" << c.str() << ")";
      if (k != 0) os << "*t^" << k;
      first = false;
    }
    return os.str();
  };
  if (is_rational()) return to_rational().str();
  return "(" + poly(impl_->num) + ") / (" + poly(impl_->den) + "), t = e^(1/" + ExactField::denominator().str() + ")";
}

}  // namespace sinkcheck
