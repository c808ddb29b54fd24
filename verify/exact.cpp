#include "verify/exact.hpp"

#include <mpfi.h>

#include <algorithm>
#include <limits>
#include <optional>
#include <sstream>
#include <tuple>
#include <vector>

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

// sum_k c_k t^k with exact rational coefficients: the terms sorted by
// exponent, no zero coefficients stored, so the representation is canonical
// and equality is structural. A flat vector rather than a map: values have
// few terms, and merging or sorting a vector allocates once, not per term.
struct Term {
  long exponent;
  Rational coefficient;
  friend bool operator==(const Term& a, const Term& b) {
    return a.exponent == b.exponent && a.coefficient == b.coefficient;
  }
};
using Laurent = std::vector<Term>;

long checked_exponent(const Integer& e) {
  if (e > Integer(std::numeric_limits<long>::max() / 4) || e < Integer(std::numeric_limits<long>::min() / 4))
    throw NotExact("exponent of t out of range");
  return e.convert_to<long>();
}

// a + sign_b * b, by merging the two sorted term lists.
Laurent add(const Laurent& a, const Laurent& b, int sign_b = 1) {
  Laurent r;
  r.reserve(a.size() + b.size());
  auto i = a.begin(), j = b.begin();
  while (i != a.end() || j != b.end()) {
    if (j == b.end() || (i != a.end() && i->exponent < j->exponent)) {
      r.push_back(*i++);
    } else if (i == a.end() || j->exponent < i->exponent) {
      r.push_back(Term{j->exponent, sign_b > 0 ? j->coefficient : Rational(-j->coefficient)});
      ++j;
    } else {
      Rational c = sign_b > 0 ? Rational(i->coefficient + j->coefficient) : Rational(i->coefficient - j->coefficient);
      if (c != 0) r.push_back(Term{i->exponent, std::move(c)});
      ++i;
      ++j;
    }
  }
  return r;
}

std::size_t coefficient_bits(const Rational& c) {
  return mpz_sizeinbase(mpq_numref(c.backend().data()), 2) + mpz_sizeinbase(mpq_denref(c.backend().data()), 2);
}

// A factor's size for the budget: its terms and its largest coefficient's bits.
struct Extent { std::size_t terms, bits; };
Extent extent(const Laurent& p) {
  Extent e{p.size(), 0};
  for (const auto& [k, c] : p) e.bits = std::max(e.bits, coefficient_bits(c));
  return e;
}
// A rational as a constant polynomial (0 has no terms).
Extent extent(const Rational& q) { return q == 0 ? Extent{0, 0} : Extent{1, coefficient_bits(q)}; }

// The exact stage's budget (limits::exact_*): a product that would exceed it
// is "not exact" — the interval ladder decides instead — where it would
// otherwise allocate without bound (x^1000000 of a two-term value has a
// million terms of a million bits each).
void check_product_budget(Extent a, Extent b) {
  const std::size_t bits = a.bits + b.bits;
  if (bits > limits::exact_coefficient_bits)
    throw NotExact("coefficients beyond the exact stage's limit of " + std::to_string(limits::exact_coefficient_bits) +
                   " bits");
  const double work = double(a.terms) * double(b.terms) * double(std::max<std::size_t>(bits, 64));
  if (work > double(limits::exact_product_work))
    throw NotExact("a product beyond the exact stage's work limit (" + std::to_string(a.terms) + " x " +
                   std::to_string(b.terms) + " terms of " + std::to_string(bits) + " bits)");
  spend_exact_work(work);
}

// p's coefficients as integers over one common denominator, returned in den.
std::vector<Integer> over_common_denominator(const Laurent& p, Integer& den) {
  den = 1;
  for (const auto& [k, c] : p) den = boost::multiprecision::lcm(den, boost::multiprecision::denominator(c));
  std::vector<Integer> numerators;
  for (const auto& [k, c] : p)
    numerators.push_back(boost::multiprecision::numerator(c) * (den / boost::multiprecision::denominator(c)));
  return numerators;
}

// Every product of a term of a and a term of b, summed by exponent. A
// monomial factor only shifts the other's exponents (no two products meet).
// Otherwise the sums are of integer products over common denominators, each
// result coefficient reduced once — unless a common denominator is longer
// than its factor's coefficients, which would make products dearer than budgeted.
Laurent multiply(const Laurent& a, const Laurent& b) {
  const Extent extent_a = extent(a), extent_b = extent(b);
  check_product_budget(extent_a, extent_b);
  std::vector<std::tuple<long, std::size_t, std::size_t>> products;  // (exponent, term of a, term of b)
  products.reserve(a.size() * b.size());
  for (std::size_t i = 0; i < a.size(); ++i)
    for (std::size_t j = 0; j < b.size(); ++j) {
      const long ka = a[i].exponent, kb = b[j].exponent;
      if ((kb > 0 && ka > std::numeric_limits<long>::max() / 2 - kb) ||
          (kb < 0 && ka < std::numeric_limits<long>::min() / 2 - kb))
        throw NotExact("exponent of t out of range");
      products.emplace_back(ka + kb, i, j);
    }
  Laurent r;
  if (a.size() == 1 || b.size() == 1) {
    for (const auto& [k, i, j] : products) r.push_back(Term{k, a[i].coefficient * b[j].coefficient});
  } else {
    std::sort(products.begin(), products.end());
    Integer den_a, den_b, sum;
    const std::vector<Integer> num_a = over_common_denominator(a, den_a), num_b = over_common_denominator(b, den_b);
    const bool integer_sums = mpz_sizeinbase(den_a.backend().data(), 2) <= extent_a.bits &&
                              mpz_sizeinbase(den_b.backend().data(), 2) <= extent_b.bits;
    const Integer den = den_a * den_b;
    for (std::size_t g = 0, h = 0; g < products.size(); g = h) {
      const long k = std::get<0>(products[g]);
      Rational c;
      for (sum = 0; h < products.size() && std::get<0>(products[h]) == k; ++h) {
        const auto [unused, i, j] = products[h];
        if (integer_sums) mpz_addmul(sum.backend().data(), num_a[i].backend().data(), num_b[j].backend().data());
        else c += a[i].coefficient * b[j].coefficient;
      }
      if (integer_sums) c = Rational(sum, den);
      if (c != 0) r.push_back(Term{k, std::move(c)});
    }
  }
  if (r.size() > limits::exact_terms)
    throw NotExact("more than the exact stage's limit of " + std::to_string(limits::exact_terms) + " terms");
  return r;
}

Laurent constant(const Rational& q) { return q == 0 ? Laurent() : Laurent{Term{0, q}}; }

bool is_one(const Laurent& p) { return p.size() == 1 && p.front().exponent == 0 && p.front().coefficient == 1; }

// The square root of p if p is the square of a Laurent polynomial with
// rational coefficients (top-down coefficient matching), else nothing.
std::optional<Laurent> square_root(const Laurent& p) {
  if (p.empty()) return Laurent();
  const long top = p.back().exponent, bottom = p.front().exponent;
  if (top % 2 != 0 || bottom % 2 != 0) return std::nullopt;
  const Rational lead = p.back().coefficient;
  if (lead < 0) return std::nullopt;
  const Integer n = boost::multiprecision::numerator(lead), d = boost::multiprecision::denominator(lead);
  const Integer rn = boost::multiprecision::sqrt(n), rd = boost::multiprecision::sqrt(d);
  if (rn * rn != n || rd * rd != d) return std::nullopt;
  Laurent root{Term{top / 2, Rational(rn, rd)}};
  const Rational twice_lead = 2 * Rational(rn, rd);
  Laurent remainder = add(p, multiply(root, root), -1);
  // Each step fixes the remainder's leading term; a square needs at most as
  // many root terms as p has terms (and the remainder then vanishes).
  for (std::size_t steps = 0; !remainder.empty(); ++steps) {
    const long k = remainder.back().exponent - top / 2;
    if (k < bottom / 2 || steps > 4 * p.size() + 8) return std::nullopt;
    const Laurent term{Term{k, remainder.back().coefficient / twice_lead}};
    // (root + term)^2 - root^2 = 2 root term + term^2
    remainder = add(remainder, add(multiply(multiply(root, term), constant(2)), multiply(term, term)), -1);
    // k is below every exponent of root: the remainder's top falls each step.
    root.insert(root.begin(), term.front());
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

// A value is a rational, kept as itself (most values never involve t: all of
// P3's quantities), or sqrt(radical) * num / den: num and den nonzero, radical
// a positive integer (1 in Q(t) itself), in a light normal form: a monomial
// denominator divided out, a value proportional to its denominator or
// otherwise rational turned into the rational form (one form per value).
struct ExactValue::Impl {
  Rational rational;  // the value, when den is empty
  Laurent num, den;   // den empty: the rational form
  Integer radical;
  // The D of the field Q(t), t = e^{1/D}, the value lives in: part of the
  // value, so its sign and text never depend on who reads it. 0: the value
  // does not involve t (a rational, or one under a square root) and belongs
  // to every field.
  Integer field = 0;
  std::string undefined;  // non-empty: a value outside the field (see ExactValue::undefined)

  void require_defined() const {
    if (!undefined.empty()) throw NotExact(undefined);
  }
  bool is_rational() const { return den.empty(); }
  bool is_zero() const { return is_rational() && rational == 0; }

  void normalise() {
    if (num.empty()) {
      den.clear();
      rational = 0;
      return;
    }
    if (den.size() == 1) {
      if (!is_one(den)) {
        const auto [k, c] = den.front();
        // Shifting every exponent by the same k keeps the terms sorted.
        for (auto& [kn, cn] : num) {
          kn -= k;
          cn /= c;
        }
        den = constant(1);
      }
    } else if (num.size() == den.size()) {
      const Rational ratio = num.front().coefficient / den.front().coefficient;
      if (std::equal(num.begin(), num.end(), den.begin(), [&](const Term& n, const Term& d) {
            return n.exponent == d.exponent && n.coefficient == ratio * d.coefficient;
          })) {
        num = constant(ratio);
        den = constant(1);
      }
    }
    if (radical == 1 && is_one(den) && num.size() == 1 && num.front().exponent == 0) {
      rational = std::move(num.front().coefficient);
      num.clear();
      den.clear();
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
ExactValue::ExactValue(const Rational& q) : impl_(std::make_unique<Impl>()) { impl_->rational = q; }
ExactValue::ExactValue(const ExactValue& o) : impl_(std::make_unique<Impl>(*o.impl_)) {}
ExactValue::ExactValue(ExactValue&& o) noexcept = default;
ExactValue& ExactValue::operator=(const ExactValue& o) {
  if (impl_) *impl_ = *o.impl_;
  else impl_ = std::make_unique<Impl>(*o.impl_);
  return *this;
}
ExactValue& ExactValue::operator=(ExactValue&& o) noexcept {
  impl_.swap(o.impl_);
  return *this;
}
ExactValue::~ExactValue() = default;

namespace {

// Values of two different fields Q(e^{1/D}) cannot meet in one expression: an
// instance's quantities all live in its own field.
const Integer& common_field(const Integer& a, const Integer& b) {
  if (a != 0 && b != 0 && a != b)
    throw std::logic_error("exact values of the fields D = " + a.str() + " and D = " + b.str() + " combined");
  return a != 0 ? a : b;
}

}  // namespace

struct ExactAccess {
  using Impl = ExactValue::Impl;

  static const Impl& of(const ExactValue& v) {
    v.impl_->require_defined();
    return *v.impl_;
  }
  // The fraction form of x: its own, or for a rational one built in storage.
  static const Impl& fraction(const Impl& x, std::optional<Impl>& storage) {
    if (!x.is_rational()) return x;
    return storage.emplace(Impl{Rational(), constant(x.rational), constant(1), Integer(1), x.field, {}});
  }
  static ExactValue rational(Rational q, const Integer& field) {
    ExactValue v;
    v.impl_->rational = std::move(q);
    v.impl_->field = field;
    return v;
  }
  static ExactValue from(Laurent num, Laurent den, const Integer& radical, const Integer& field) {
    if (den.empty()) throw NotExact("division by zero");
    ExactValue v;
    v.impl_->num = std::move(num);
    v.impl_->den = std::move(den);
    v.impl_->radical = radical;
    v.impl_->field = field;
    v.impl_->normalise();
    return v;
  }

  // a + sign_b * b, both defined. Two rationals add as rationals: the
  // fraction path would give the same value through products by 1.
  static ExactValue sum(const ExactValue& a, const ExactValue& b, int sign_b) {
    const Impl &x = *a.impl_, &y = *b.impl_;
    if (x.is_zero()) return sign_b > 0 ? b : -b;
    if (y.is_zero()) return a;
    if (x.is_rational() && y.is_rational()) {
      const Integer& field = common_field(x.field, y.field);
      return rational(sign_b > 0 ? Rational(x.rational + y.rational) : Rational(x.rational - y.rational), field);
    }
    std::optional<Impl> x_storage, y_storage;
    const Impl &fx = fraction(x, x_storage), &fy = fraction(y, y_storage);
    if (fx.radical != fy.radical) throw NotExact("sum of values under different square roots");
    const Integer& field = common_field(fx.field, fy.field);
    if (fx.den == fy.den) return from(add(fx.num, fy.num, sign_b), fx.den, fx.radical, field);
    return from(add(multiply(fx.num, fy.den), multiply(fy.num, fx.den), sign_b), multiply(fx.den, fy.den),
                fx.radical, field);
  }
};

namespace {
using A = ExactAccess;
}

ExactValue operator+(const ExactValue& a, const ExactValue& b) {
  A::of(a);
  A::of(b);
  return A::sum(a, b, 1);
}
ExactValue operator-(const ExactValue& a) {
  const auto& x = A::of(a);
  if (x.is_rational()) return A::rational(-x.rational, x.field);
  return A::from(add(Laurent(), x.num, -1), x.den, x.radical, x.field);
}
ExactValue operator-(const ExactValue& a, const ExactValue& b) {
  A::of(b);  // b is read first, as in a + (-b)
  A::of(a);
  return A::sum(a, b, -1);
}
ExactValue operator*(const ExactValue& a, const ExactValue& b) {
  const auto &x = A::of(a), &y = A::of(b);
  if (x.is_rational() && y.is_rational()) {
    const Integer& field = common_field(x.field, y.field);
    check_product_budget(extent(x.rational), extent(y.rational));
    return A::rational(x.rational * y.rational, field);
  }
  std::optional<A::Impl> x_storage, y_storage;
  const auto &fx = A::fraction(x, x_storage), &fy = A::fraction(y, y_storage);
  // sqrt(r1) sqrt(r2) = g sqrt((r1/g)(r2/g)), g = gcd(r1, r2). Products by
  // 1 (no square roots, a denominator 1) are skipped, not computed.
  const Integer g = boost::multiprecision::gcd(fx.radical, fy.radical);
  Laurent num = multiply(fx.num, fy.num);
  if (g != 1) num = multiply(num, constant(Rational(g)));
  Laurent den = is_one(fx.den) ? fy.den : is_one(fy.den) ? fx.den : multiply(fx.den, fy.den);
  return A::from(std::move(num), std::move(den), (fx.radical / g) * (fy.radical / g), common_field(fx.field, fy.field));
}
ExactValue operator/(const ExactValue& a, const ExactValue& b) {
  const auto& y = A::of(b);
  if (y.is_zero()) throw NotExact("division by zero");
  const auto& x = A::of(a);
  if (x.is_rational() && y.is_rational()) {
    const Integer& field = common_field(x.field, y.field);
    check_product_budget(extent(x.rational), extent(y.rational));
    return A::rational(x.rational / y.rational, field);
  }
  std::optional<A::Impl> y_storage;
  const auto& fy = A::fraction(y, y_storage);
  // 1 / (sqrt(r) n/d) = sqrt(r) d / (r n)
  const ExactValue inverse = A::from(
      fy.den, fy.radical == 1 ? fy.num : multiply(fy.num, constant(Rational(fy.radical))), fy.radical, fy.field);
  return a * inverse;
}

ExactValue exp(const ExactValue& a) {
  // The one place a value enters a field: the field of the scope (the
  // instance being evaluated); the result records it.
  const Integer field = current_denominator;
  const Rational exponent = a.to_rational() * Rational(field);
  if (boost::multiprecision::denominator(exponent) != 1)
    throw NotExact("exp of a rational outside the instance's score lattice");
  Laurent p{Term{checked_exponent(boost::multiprecision::numerator(exponent)), Rational(1)}};
  return A::from(std::move(p), constant(1), 1, field);
}

ExactValue log(const ExactValue& a) {
  std::optional<ExactAccess::Impl> storage;
  const auto& x = A::fraction(A::of(a), storage);
  if (x.radical == 1 && is_one(x.den) && x.num.size() == 1 && x.num.front().coefficient == 1)
    return x.num.front().exponent == 0 ? ExactValue(Rational(0))
                                       : ExactValue(Rational(Integer(x.num.front().exponent)) / Rational(x.field));
  throw NotExact("log of a value that is not a power of t");
}

ExactValue sqrt(const ExactValue& a) {
  std::optional<ExactAccess::Impl> storage;
  if (A::of(a).is_zero()) return a;
  const auto& x = A::fraction(A::of(a), storage);
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
  if (product.back().coefficient < 0) throw NotExact("sqrt of a value that is not a square in Q(t)");
  const Integer radical = split_square(product.back().coefficient).second;
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
  return impl_->is_zero();
}
bool ExactValue::is_rational() const {
  impl_->require_defined();
  return impl_->is_rational();
}
Rational ExactValue::to_rational() const {
  if (!is_rational()) throw NotExact("value depends on t = e^(1/D) or on a square root");
  return impl_->rational;
}
int ExactValue::sign() const {
  impl_->require_defined();
  if (impl_->is_rational()) return impl_->rational.sign();
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
  if (!is_one(impl_->den)) s += " / (" + poly(impl_->den) + ")";
  return s + ", t = e^(1/" + impl_->field.str() + ")";
}

}  // namespace sinkcheck
