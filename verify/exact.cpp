#include "verify/exact.hpp"

#include <mpfi.h>

#include <limits>
#include <map>
#include <optional>
#include <sstream>

#include "verify/input_limits.hpp"

namespace sinkcheck {

namespace {

thread_local Integer current_denominator = 1;
// The work one evaluation (one ExactField scope) may still spend: a chain of
// products each within its own limit (x^11613 by repeated squaring) is
// bounded as a whole.
// Outside any scope (a value read later) only the per-operation limits hold.
thread_local double exact_work_left = double(limits::exact_evaluation_work);
thread_local int open_exact_fields = 0;

void spend_exact_work(double work) {
  if (open_exact_fields == 0) return;
  exact_work_left -= work;
  if (exact_work_left < 0)
    throw NotExact("the exact stage's work budget for one evaluation is spent");
}

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

std::size_t coefficient_bits(const Rational& c) {
  return mpz_sizeinbase(mpq_numref(c.backend().data()), 2) + mpz_sizeinbase(mpq_denref(c.backend().data()), 2);
}

std::size_t largest_coefficient_bits(const Laurent& p) {
  std::size_t bits = 0;
  for (const auto& [k, c] : p) bits = std::max(bits, coefficient_bits(c));
  return bits;
}

// The exact stage's budget (limits::exact_*): a product that would exceed it
// is "not exact" — the interval ladder decides instead — where it would
// otherwise allocate without bound (x^1000000 of a two-term value has a
// million terms of a million bits each).
void check_product_budget(const Laurent& a, const Laurent& b) {
  const std::size_t bits = largest_coefficient_bits(a) + largest_coefficient_bits(b);
  if (bits > limits::exact_coefficient_bits)
    throw NotExact("coefficients beyond the exact stage's limit of " + std::to_string(limits::exact_coefficient_bits) +
                   " bits");
  const double work = double(a.size()) * double(b.size()) * double(std::max<std::size_t>(bits, 64));
  if (work > double(limits::exact_product_work))
    throw NotExact("a product beyond the exact stage's work limit (" + std::to_string(a.size()) + " x " +
                   std::to_string(b.size()) + " terms of " + std::to_string(bits) + " bits)");
  spend_exact_work(work);
}

Laurent multiply(const Laurent& a, const Laurent& b) {
  check_product_budget(a, b);
  Laurent r;
  for (const auto& [ka, ca] : a)
    for (const auto& [kb, cb] : b) {
      if ((kb > 0 && ka > std::numeric_limits<long>::max() / 2 - kb) ||
          (kb < 0 && ka < std::numeric_limits<long>::min() / 2 - kb))
        throw NotExact("exponent of t out of range");
      add_term(r, ka + kb, ca * cb);
    }
  if (r.size() > limits::exact_terms)
    throw NotExact("more than the exact stage's limit of " + std::to_string(limits::exact_terms) + " terms");
  return r;
}

Laurent constant(const Rational& q) {
  Laurent p;
  add_term(p, 0, q);
  return p;
}

// The square root of p if p is the square of a Laurent polynomial with
// rational coefficients (top-down coefficient matching), else nothing.
std::optional<Laurent> square_root(const Laurent& p) {
  if (p.empty()) return Laurent();
  const long top = p.rbegin()->first, bottom = p.begin()->first;
  if (top % 2 != 0 || bottom % 2 != 0) return std::nullopt;
  const Rational lead = p.rbegin()->second;
  if (lead < 0) return std::nullopt;
  const Integer n = boost::multiprecision::numerator(lead), d = boost::multiprecision::denominator(lead);
  const Integer rn = boost::multiprecision::sqrt(n), rd = boost::multiprecision::sqrt(d);
  if (rn * rn != n || rd * rd != d) return std::nullopt;
  Laurent root;
  root.emplace(top / 2, Rational(rn, rd));
  const Rational twice_lead = 2 * Rational(rn, rd);
  Laurent remainder = add(p, multiply(root, root), -1);
  // Each step fixes the remainder's leading term; a square needs at most as
  // many root terms as p has terms (and the remainder then vanishes).
  for (std::size_t steps = 0; !remainder.empty(); ++steps) {
    const long k = remainder.rbegin()->first - top / 2;
    if (k < bottom / 2 || steps > 4 * p.size() + 8) return std::nullopt;
    Laurent term;
    term.emplace(k, remainder.rbegin()->second / twice_lead);
    // (root + term)^2 - root^2 = 2 root term + term^2
    remainder = add(remainder, add(multiply(multiply(root, term), constant(2)), multiply(term, term)), -1);
    add_term(root, k, term.begin()->second);
  }
  return root;
}

// The sign of a nonzero p at t = e^{1/D}. Coefficients of one sign settle it
// at once; otherwise p(t) is enclosed with MPFI at growing precision. A
// nonzero polynomial does not vanish at a transcendental t, so some
// precision separates p(t) from 0; the cap only bounds the work.
int sign_at_t(const Laurent& p, const Integer& D) {
  bool positive = false, negative = false;
  for (const auto& [k, c] : p) {
    positive |= c > 0;
    negative |= c < 0;
  }
  if (positive != negative) return positive ? 1 : -1;
  if (!positive) return 0;
  if (D == 0) throw std::logic_error("a t-dependent value without its field");
  for (mpfr_prec_t bits = 128; bits <= (mpfr_prec_t(1) << 18); bits *= 2) {
    // Each step evaluates every term at `bits`: bounded work, then not exact.
    if (double(p.size()) * double(bits) > double(limits::exact_sign_work))
      throw NotExact("sign of a t-dependent value beyond the exact stage's work limit");
    spend_exact_work(double(p.size()) * double(bits));
    mpfi_t sum, term, coefficient;
    mpfi_init2(sum, bits);
    mpfi_init2(term, bits);
    mpfi_init2(coefficient, bits);
    mpfi_set_ui(sum, 0);
    for (const auto& [k, c] : p) {
      const Rational exponent = Rational(Integer(k)) / Rational(D);
      mpfi_set_q(term, exponent.backend().data());
      mpfi_exp(term, term);
      mpfi_set_q(coefficient, c.backend().data());
      mpfi_mul(term, term, coefficient);
      mpfi_add(sum, sum, term);
    }
    const int sign = mpfi_is_strictly_pos(sum) ? 1 : (mpfi_is_strictly_neg(sum) ? -1 : 0);
    mpfi_clear(sum);
    mpfi_clear(term);
    mpfi_clear(coefficient);
    if (sign != 0) return sign;
  }
  throw NotExact("sign of a t-dependent value not separated from 0 at 2^18 bits");
}

// Makes p positive at t = e^{1/D}, flipping it if it is negative there.
void make_positive_at_t(Laurent& p, const Integer& D) {
  if (sign_at_t(p, D) < 0)
    for (auto& [k, c] : p) c = -c;
}

// The square-free-looking part r of a positive rational q = s^2 * r, found by
// trial division. It need not be truly square-free: s^2 * r = q holds exactly
// either way, and a missed square only makes two radicals look different
// (NotExact), never a wrong answer.
std::pair<Rational, Integer> split_square(const Rational& q) {
  Integer n = boost::multiprecision::numerator(q) * boost::multiprecision::denominator(q);
  const Integer d = boost::multiprecision::denominator(q);
  Integer square_root_part = 1, rest = 1;
  for (unsigned p = 2; p < 2000 && Integer(p) * p <= n; ++p) {
    while (n % (p * p) == 0) {
      n /= p * p;
      square_root_part *= p;
    }
    if (n % p == 0) {
      n /= p;
      rest *= p;
    }
  }
  const Integer rn = boost::multiprecision::sqrt(n);
  if (rn * rn == n) square_root_part *= rn;
  else rest *= n;
  // q = (n_q d_q)/d_q^2 = (square_root_part / d_q)^2 * rest
  return {Rational(square_root_part, d), rest};
}

}  // namespace

// sqrt(radical) * num / den, den never zero, radical a positive integer
// (1 for an element of Q(t) itself). Kept in a light normal form: a monomial
// denominator is divided out, and a value proportional to its denominator is
// recognised as the rational constant it is.
struct ExactValue::Impl {
  Laurent num, den = constant(1);
  Integer radical = 1;
  // The D of the field Q(t), t = e^{1/D}, the value lives in: part of the
  // value, so its sign and text never depend on who reads it. 0: the value
  // does not involve t (a rational, or one under a square root) and belongs
  // to every field.
  Integer field = 0;
  std::string undefined;  // non-empty: a value outside the field (see ExactValue::undefined)

  void require_defined() const {
    if (!undefined.empty()) throw NotExact(undefined);
  }

  void normalise() {
    if (num.empty()) {
      den = constant(1);
      radical = 1;
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

ExactField::ExactField(const Integer& common_denominator)
    : saved_(current_denominator), saved_work_left_(exact_work_left) {
  current_denominator = common_denominator;
  exact_work_left = double(limits::exact_evaluation_work);
  ++open_exact_fields;
}
ExactField::~ExactField() {
  current_denominator = saved_;
  exact_work_left = saved_work_left_;
  --open_exact_fields;
}
const Integer& ExactField::denominator() { return current_denominator; }

ExactValue::ExactValue() : impl_(std::make_unique<Impl>()) {}
ExactValue::ExactValue(const Rational& q) : impl_(std::make_unique<Impl>()) { impl_->num = constant(q); }
ExactValue::ExactValue(const ExactValue& o) : impl_(std::make_unique<Impl>(*o.impl_)) {}
ExactValue& ExactValue::operator=(const ExactValue& o) {
  *impl_ = *o.impl_;
  return *this;
}
ExactValue::~ExactValue() = default;

namespace {

// Values of two different fields Q(e^{1/D}) cannot meet in one expression: an
// instance's quantities all live in its own field.
Integer common_field(const Integer& a, const Integer& b) {
  if (a != 0 && b != 0 && a != b)
    throw std::logic_error("exact values of the fields D = " + a.str() + " and D = " + b.str() + " combined");
  return a != 0 ? a : b;
}

}  // namespace

struct ExactAccess {
  static const ExactValue::Impl& of(const ExactValue& v) {
    v.impl_->require_defined();
    return *v.impl_;
  }
  static ExactValue from(Laurent num, Laurent den, Integer radical, Integer field) {
    if (den.empty()) throw NotExact("division by zero");
    ExactValue v;
    v.impl_->num = std::move(num);
    v.impl_->den = std::move(den);
    v.impl_->radical = std::move(radical);
    v.impl_->field = std::move(field);
    v.impl_->normalise();
    return v;
  }
};

namespace {
using A = ExactAccess;
}

ExactValue operator+(const ExactValue& a, const ExactValue& b) {
  const auto &x = A::of(a), &y = A::of(b);
  if (x.num.empty()) return b;
  if (y.num.empty()) return a;
  if (x.radical != y.radical) throw NotExact("sum of values under different square roots");
  const Integer field = common_field(x.field, y.field);
  if (x.den == y.den) return A::from(add(x.num, y.num), x.den, x.radical, field);
  return A::from(add(multiply(x.num, y.den), multiply(y.num, x.den)), multiply(x.den, y.den), x.radical, field);
}
ExactValue operator-(const ExactValue& a) {
  const auto& x = A::of(a);
  return A::from(add(Laurent(), x.num, -1), x.den, x.radical, x.field);
}
ExactValue operator-(const ExactValue& a, const ExactValue& b) { return a + (-b); }
ExactValue operator*(const ExactValue& a, const ExactValue& b) {
  const auto &x = A::of(a), &y = A::of(b);
  // sqrt(r1) sqrt(r2) = g sqrt((r1/g)(r2/g)), g = gcd(r1, r2)
  const Integer g = boost::multiprecision::gcd(x.radical, y.radical);
  return A::from(multiply(multiply(x.num, y.num), constant(Rational(g))), multiply(x.den, y.den),
                 (x.radical / g) * (y.radical / g), common_field(x.field, y.field));
}
ExactValue operator/(const ExactValue& a, const ExactValue& b) {
  const auto& y = A::of(b);
  if (y.num.empty()) throw NotExact("division by zero");
  // 1 / (sqrt(r) n/d) = sqrt(r) d / (r n)
  const ExactValue inverse = A::from(y.den, multiply(y.num, constant(Rational(y.radical))), y.radical, y.field);
  return a * inverse;
}

ExactValue exp(const ExactValue& a) {
  // The one place a value enters a field: the field of the scope (the
  // instance being evaluated); the result records it.
  const Integer field = current_denominator;
  const Rational exponent = a.to_rational() * Rational(field);
  if (boost::multiprecision::denominator(exponent) != 1)
    throw NotExact("exp of a rational outside the instance's score lattice");
  Laurent p;
  p.emplace(checked_exponent(boost::multiprecision::numerator(exponent)), Rational(1));
  return A::from(std::move(p), constant(1), 1, field);
}

ExactValue log(const ExactValue& a) {
  const auto& x = A::of(a);
  if (x.radical == 1 && x.den == constant(1) && x.num.size() == 1 && x.num.begin()->second == 1)
    return x.num.begin()->first == 0 ? ExactValue(Rational(0))
                                     : ExactValue(Rational(Integer(x.num.begin()->first)) / Rational(x.field));
  throw NotExact("log of a value that is not a power of t");
}

ExactValue sqrt(const ExactValue& a) {
  const auto& x = A::of(a);
  if (x.num.empty()) return a;
  if (x.radical != 1) throw NotExact("sqrt of a value already under a square root");
  if (a.sign() < 0) throw NotExact("sqrt of a negative value");
  // sqrt(n/d) = sqrt(n d) / |d|; with n d = s^2 r P^2 (P monic-ish),
  // sqrt(n d) = sqrt(r) * (s P) taken positive at t.
  Laurent den = x.den;
  Laurent product = multiply(x.num, x.den);
  if (sign_at_t(den, x.field) < 0) {
    den = add(Laurent(), den, -1);
    product = add(Laurent(), product, -1);
  }
  if (product.rbegin()->second < 0) throw NotExact("sqrt of a value that is not a square in Q(t)");
  const Integer radical = split_square(product.rbegin()->second).second;
  auto root = square_root(multiply(product, constant(Rational(Integer(1), radical))));
  if (!root) throw NotExact("sqrt of a value that is not a square in Q(t) up to a rational factor");
  make_positive_at_t(*root, x.field);
  return A::from(std::move(*root), std::move(den), radical, x.field);
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

ExactValue ExactValue::undefined(const std::string& reason) {
  ExactValue v;
  v.impl_->undefined = reason.empty() ? "undefined in the exact field" : reason;
  return v;
}

bool ExactValue::is_zero() const {
  impl_->require_defined();
  return impl_->num.empty();
}
bool ExactValue::is_rational() const {
  impl_->require_defined();
  return impl_->radical == 1 && impl_->den == constant(1) &&
         (impl_->num.empty() || (impl_->num.size() == 1 && impl_->num.begin()->first == 0));
}
Rational ExactValue::to_rational() const {
  if (!is_rational()) throw NotExact("value depends on t = e^(1/D) or on a square root");
  return impl_->num.empty() ? Rational(0) : impl_->num.begin()->second;
}
int ExactValue::sign() const {
  impl_->require_defined();
  if (impl_->num.empty()) return 0;
  return sign_at_t(impl_->num, impl_->field) * sign_at_t(impl_->den, impl_->field);  // sqrt(radical) > 0
}
std::string ExactValue::str() const {
  if (!impl_->undefined.empty()) return "undefined (" + impl_->undefined + ")";
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
  std::string s = impl_->radical == 1 ? "" : "sqrt(" + impl_->radical.str() + ") * ";
  s += "(" + poly(impl_->num) + ")";
  if (impl_->den != constant(1)) s += " / (" + poly(impl_->den) + ")";
  return s + ", t = e^(1/" + impl_->field.str() + ")";
}

}  // namespace sinkcheck
