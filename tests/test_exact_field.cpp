// The exact field's representation (sorted term vectors, rational fast
// paths) against a naive reference: fractions of std::map Laurent
// polynomials with the same light normal form, the representation the field
// had before. Random expressions must give the same text (reports print it),
// the same zero tests and the same division-by-zero refusals.
#include <catch2/catch.hpp>
#include <rapidcheck/catch.h>

#include <map>
#include <optional>
#include <sstream>

#include "verify/exact.hpp"

using namespace sinkcheck;

namespace {

using Poly = std::map<long, Rational>;

void add_term(Poly& p, long k, const Rational& c) {
  if (c == 0) return;
  Rational& slot = p[k];
  slot += c;
  if (slot == 0) p.erase(k);
}
Poly sum(const Poly& a, const Poly& b, int sign_b) {
  Poly r = a;
  for (const auto& [k, c] : b) add_term(r, k, sign_b > 0 ? c : Rational(-c));
  return r;
}
Poly product(const Poly& a, const Poly& b) {
  Poly r;
  for (const auto& [ka, ca] : a)
    for (const auto& [kb, cb] : b) add_term(r, ka + kb, ca * cb);
  return r;
}
const Poly one{{0, Rational(1)}};

// num / den with a monomial denominator divided out and a value proportional
// to its denominator replaced by the constant.
struct Reference {
  Poly num, den = one;

  static Reference of(Poly num, Poly den) {
    Reference r{std::move(num), std::move(den)};
    if (r.num.empty()) {
      r.den = one;
    } else if (r.den.size() == 1) {
      const auto [k, c] = *r.den.begin();
      Poly scaled;
      for (const auto& [kn, cn] : r.num) scaled.emplace(kn - k, cn / c);
      r = {std::move(scaled), one};
    } else if (r.num.size() == r.den.size()) {
      const Rational ratio = r.num.begin()->second / r.den.begin()->second;
      bool proportional = true;
      for (auto n = r.num.begin(), d = r.den.begin(); n != r.num.end(); ++n, ++d)
        proportional &= n->first == d->first && n->second == ratio * d->second;
      if (proportional) r = {Poly{{0, ratio}}, one};
    }
    return r;
  }
  Reference plus(const Reference& y, int sign_y) const {
    if (num.empty()) return sign_y > 0 ? y : Reference{sum(Poly(), y.num, -1), y.den};
    if (y.num.empty()) return *this;
    if (den == y.den) return of(sum(num, y.num, sign_y), den);
    return of(sum(product(num, y.den), product(y.num, den), sign_y), product(den, y.den));
  }
  Reference times(const Reference& y) const { return of(product(num, y.num), product(den, y.den)); }
  std::optional<Reference> over(const Reference& y) const {
    if (y.num.empty()) return std::nullopt;
    return times(of(y.den, y.num));
  }

  std::string str(long D) const {
    if (den == one && (num.empty() || (num.size() == 1 && num.begin()->first == 0)))
      return num.empty() ? "0" : num.begin()->second.str();
    auto poly = [](const Poly& p) {
      std::ostringstream os;
      bool first = true;
      for (const auto& [k, c] : p) {
        os << (first ? "" : " + ") << "(" << c.str() << ")";
        if (k != 0) os << "*t^" << k;
        first = false;
      }
      return os.str();
    };
    std::string s = "(" + poly(num) + ")";
    if (den != one) s += " / (" + poly(den) + ")";
    return s + ", t = e^(1/" + std::to_string(D) + ")";
  }
};

// A value and its reference, built side by side.
struct Pair {
  ExactValue value;
  Reference reference;
};

constexpr long kD = 3;

rc::Gen<Pair> leaf() {
  return rc::gen::oneOf(
      // Denominators that share nothing (7, 11, 13) make products fall back
      // from integer sums over a common denominator to rational sums.
      rc::gen::map(rc::gen::pair(rc::gen::inRange(-5, 6), rc::gen::element(1, 2, 3, 4, 7, 11, 13)),
                   [](const std::pair<int, int>& q) {
                     const Rational r(q.first, q.second);
                     return Pair{ExactValue(r), Reference{r == 0 ? Poly() : Poly{{0, r}}}};
                   }),
      rc::gen::map(rc::gen::inRange(-6, 7), [](int k) {
        return Pair{exp(ExactValue(Rational(k, kD))), Reference{Poly{{long(k), Rational(1)}}}};
      }));
}

}  // namespace

TEST_CASE("the exact field agrees with a naive map-based reference (rapidcheck)") {
  rc::prop("random expressions: same text, same zero test, same refusals", [] {
    ExactField field{Integer(kD)};
    const int steps = *rc::gen::inRange(1, 9);
    Pair acc = *leaf();
    for (int i = 0; i < steps; ++i) {
      const Pair x = *rc::gen::element(0, 1) == 0 ? *leaf() : acc;  // sometimes acc op acc
      switch (*rc::gen::inRange(0, 4)) {
        case 0: acc = {acc.value + x.value, acc.reference.plus(x.reference, 1)}; break;
        case 1: acc = {acc.value - x.value, acc.reference.plus(x.reference, -1)}; break;
        case 2: acc = {acc.value * x.value, acc.reference.times(x.reference)}; break;
        default: {
          const std::optional<Reference> quotient = acc.reference.over(x.reference);
          if (!quotient) {
            RC_ASSERT_THROWS_AS(acc.value / x.value, NotExact);
            continue;
          }
          acc = {acc.value / x.value, *quotient};
        }
      }
      RC_ASSERT(acc.value.str() == acc.reference.str(kD));
      RC_ASSERT(acc.value.is_zero() == acc.reference.num.empty());
    }
  });
}

TEST_CASE("exact values survive being moved from and assigned again") {
  ExactField field{Integer(2)};
  ExactValue a = exp(ExactValue(Rational(1, 2))) + ExactValue(1);
  ExactValue b = std::move(a);
  a = b * b;  // a moved-from value takes a new one
  CHECK(a.str() == "((1) + (2)*t^1 + (1)*t^2), t = e^(1/2)");
  ExactValue c(Rational(1, 3));
  c = std::move(b);
  CHECK(c.str() == "((1) + (1)*t^1), t = e^(1/2)");
}

TEST_CASE("a product whose factors' denominators share nothing sums rationals, with the same result") {
  ExactField field{Integer(kD)};
  const ExactValue t = exp(ExactValue(Rational(1, kD)));
  // lcm(7, 11) = 77 is longer than 1/7 and 1/11: the rational sums, not the integer ones
  const ExactValue p = ExactValue(Rational(1, 7)) + t * ExactValue(Rational(1, 11));
  const ExactValue q = ExactValue(Rational(1, 13)) + t;
  CHECK((p * q).str() == "((1/91) + (150/1001)*t^1 + (1/11)*t^2), t = e^(1/3)");
  CHECK((q * q).str() == "((1/169) + (2/13)*t^1 + (1)*t^2), t = e^(1/3)");  // integer sums
}
