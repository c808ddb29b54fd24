// The scalar types: double intervals enclose the MPFR reference, MPFI and Arb
// enclose exact inputs, and the exact field Q(e^{1/D}) computes what it claims.
#include <catch2/catch.hpp>
#include <rapidcheck/catch.h>

#include <mpfr.h>

#include <optional>
#include <random>

#include "arbitrary_precision.hpp"
#include "verify/scalar.hpp"

using namespace sinkcheck;
using sinkcheck::test::contains;
using sinkcheck::test::overlaps;
using sinkcheck::test::within;

namespace {

// x op y at 512 bits, as a reference the double interval must contain.
bool contains_reference(const DoubleInterval& enclosure, const std::function<void(mpfr_t)>& reference) {
  mpfr_t r;
  mpfr_init2(r, 512);
  reference(r);
  const bool inside = mpfr_cmp_d(r, enclosure.lower()) >= 0 && mpfr_cmp_d(r, enclosure.upper()) <= 0;
  mpfr_clear(r);
  return inside;
}

}  // namespace

TEST_CASE("double intervals enclose the 512-bit MPFR value of every operation") {
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> dist(-50, 50);
  for (int k = 0; k < 2000; ++k) {
    const double a = dist(rng), b = dist(rng);
    const DoubleInterval x(a), y(b);
    auto set = [](mpfr_t r, double v) { mpfr_set_d(r, v, MPFR_RNDN); };
    CHECK(contains_reference(x + y, [&](mpfr_t r) { set(r, a); mpfr_add_d(r, r, b, MPFR_RNDN); }));
    CHECK(contains_reference(x - y, [&](mpfr_t r) { set(r, a); mpfr_sub_d(r, r, b, MPFR_RNDN); }));
    CHECK(contains_reference(x * y, [&](mpfr_t r) { set(r, a); mpfr_mul_d(r, r, b, MPFR_RNDN); }));
    CHECK(contains_reference(x / y, [&](mpfr_t r) { set(r, a); mpfr_div_d(r, r, b, MPFR_RNDN); }));
    CHECK(contains_reference(exp(x), [&](mpfr_t r) { set(r, a); mpfr_exp(r, r, MPFR_RNDN); }));
    CHECK(contains_reference(log(abs(x)), [&](mpfr_t r) { set(r, std::abs(a)); mpfr_log(r, r, MPFR_RNDN); }));
    CHECK(contains_reference(sqrt(abs(y)), [&](mpfr_t r) { set(r, std::abs(b)); mpfr_sqrt(r, r, MPFR_RNDN); }));
  }
}

TEST_CASE("double intervals keep exact results as points and widen inexact ones") {
  const DoubleInterval zero(0.0), three(3.0);
  CHECK((zero * DoubleInterval(0.1, 0.2)).is_point());
  CHECK((three + three).is_point());
  CHECK((three * three).upper() == 9.0);
  CHECK_FALSE((DoubleInterval(1.0) / three).is_point());
  // Underflow at margin 5000 is enclosed, not lost: [0, tiny].
  const DoubleInterval gate = exp(DoubleInterval(-5000.0));
  CHECK(gate.lower() == 0.0);
  CHECK(gate.upper() > 0.0);
  CHECK(ScalarTraits<DoubleInterval>::sign(gate) == CertifiedSign::Unknown);
}

TEST_CASE("rational inputs are enclosed by double intervals") {
  const Rational third(1, 3);
  const DoubleInterval d = from_rational<DoubleInterval>(third);
  CHECK(d.lower() < d.upper());
  CHECK(Rational(d.lower()) < third);
  CHECK(Rational(d.upper()) > third);
}

TEMPLATE_TEST_CASE("rational inputs are enclosed at the working precision", "", Mpfi, Arb) {
  const Rational third(1, 3);
  WorkingPrecision precision(256);
  const TestType m = from_rational<TestType>(third);
  CHECK(m.precision() == 256);
  CHECK(contains(m, third));
  CHECK(within(m, third, parse_rational("1e-70")));  // 256 bits: about 1e-77 around 1/3
  CHECK_FALSE(within(m, third, parse_rational("1e-80")));
  CHECK(ScalarTraits<TestType>::sign(m - from_rational<TestType>(Rational(1, 4))) == CertifiedSign::Positive);
  // exact where the rational is: a point of sign zero
  CHECK(ScalarTraits<TestType>::sign(from_rational<TestType>(Rational(3, 4)) - TestType(0.75)) == CertifiedSign::Zero);
}

TEMPLATE_TEST_CASE("partial functions outside their domain give no certified sign", "", Mpfi, Arb) {
  WorkingPrecision precision(128);
  const TestType around_zero = from_rational_range<TestType>(Rational(-1, 8), Rational(1, 4));
  using Traits = ScalarTraits<TestType>;
  // a divisor containing 0: the whole line (an indeterminate ball)
  CHECK(Traits::sign(TestType(1) / around_zero) == CertifiedSign::Unknown);
  CHECK(contains(TestType(1) / around_zero, Rational(1000000)));
  CHECK(contains(TestType(1) / around_zero, Rational(-1000000)));
  // |x| and x·x of a value around 0 never reach below 0
  CHECK(Traits::certainly_nonnegative(abs(around_zero)));
  CHECK(Traits::certainly_nonnegative(abs(around_zero) * abs(around_zero)));
  CHECK(contains(abs(around_zero), Rational(0)));
  CHECK(contains(abs(around_zero), Rational(1, 4)));
  CHECK_FALSE(Traits::certainly_nonnegative(around_zero));
  // min and max are hulls of the endpoints
  const TestType m = min(around_zero, TestType(0));
  CHECK(contains(m, Rational(-1, 8)));
  CHECK(Traits::sign(from_rational<TestType>(Rational(1, 100)) - m) == CertifiedSign::Positive);
  CHECK(Traits::certainly_nonnegative(max(around_zero, TestType(0))));
}

namespace {

// A random chain of operations on a rational start value, evaluated in MPFI,
// in Arb and, while every step keeps it rational, exactly.
struct Step {
  int op;             // see apply()
  Rational constant;  // the other operand of + - * / min max
};

template <class S>
S apply(const Step& step, const S& x) {
  const S c = from_rational<S>(step.constant);
  switch (step.op) {
    case 0: return x + c;
    case 1: return x - c;
    case 2: return x * c;
    case 3: return x / c;
    case 4: return min(x, c);
    case 5: return max(x, c);
    case 6: return abs(x);
    case 7: return -x;
    case 8: return x * x;
    case 9: return exp(x);
    case 10: return log(x);
    case 11: return log1p(x);
    default: return sqrt(x);
  }
}

std::optional<Rational> apply_exactly(const Step& step, const Rational& x) {
  switch (step.op) {
    case 0: return x + step.constant;
    case 1: return x - step.constant;
    case 2: return x * step.constant;
    case 3: return step.constant == 0 ? std::nullopt : std::optional<Rational>(x / step.constant);
    case 4: return std::min(x, step.constant);
    case 5: return std::max(x, step.constant);
    case 6: return abs(x);
    case 7: return -x;
    case 8: return x * x;
    default: return std::nullopt;  // exp, log, log1p, sqrt: no rational value to compare with
  }
}

// Whether the step may run: the transcendental ones only inside their domain
// (certified in both scalars, as formula_eval.hpp requires) and exp only of
// moderate arguments (so that a chain does not leave MPFR's exponent range).
bool allowed(const Step& step, const Mpfi& interval, const Arb& ball) {
  const double lo = std::max(lower_double(interval), lower_double(ball));
  const double hi = std::min(upper_double(interval), upper_double(ball));
  switch (step.op) {
    case 9: return lo > -1000 && hi < 1000;
    case 10: return lo > 0;
    case 11: return lo > -1;
    case 12: return lo >= 0;
    default: return std::abs(lo) < 1e100 && std::abs(hi) < 1e100;
  }
}

}  // namespace

TEST_CASE("MPFI and Arb enclose the same values (rapidcheck)") {
  rc::prop("each contains the exact rational result, and the two always meet", [] {
    const unsigned bits = *rc::gen::element(53u, 128u, 256u, 1024u);
    auto rational = rc::gen::map(rc::gen::pair(rc::gen::inRange(-1000, 1001), rc::gen::inRange(1, 50)),
                                 [](const std::pair<int, int>& p) { return Rational(p.first, p.second); });
    const Rational start = *rational;
    const auto steps = *rc::gen::container<std::vector<Step>>(
        rc::gen::map(rc::gen::pair(rc::gen::inRange(0, 13), rational),
                     [](const std::pair<int, Rational>& p) { return Step{p.first, p.second}; }));
    WorkingPrecision precision(bits);
    Mpfi interval = from_rational<Mpfi>(start);
    Arb ball = from_rational<Arb>(start);
    std::optional<Rational> exact = start;
    RC_ASSERT(contains(interval, start));
    RC_ASSERT(contains(ball, start));
    for (const Step& step : steps) {
      if (!allowed(step, interval, ball)) continue;
      interval = apply(step, interval);
      ball = apply(step, ball);
      exact = exact ? apply_exactly(step, *exact) : std::nullopt;
      RC_LOG() << "op " << step.op << " with " << to_string(step.constant) << ": MPFI "
               << ScalarTraits<Mpfi>::describe(interval) << ", Arb " << ScalarTraits<Arb>::describe(ball) << "\n";
      if (exact) {
        RC_ASSERT(contains(interval, *exact));
        RC_ASSERT(contains(ball, *exact));
      }
      RC_ASSERT(overlaps(interval, ball));
      RC_ASSERT(ball.precision() == bits);
    }
  });
}

TEST_CASE("parse_rational reads exact decimals and fractions") {
  CHECK(parse_rational("0.1") == Rational(1, 10));
  // Leading zeros are decimal, not octal.
  CHECK(parse_rational("0.25") == Rational(1, 4));
  CHECK(parse_rational("0.9") == Rational(9, 10));
  CHECK(parse_rational("007") == Rational(7));
  CHECK(parse_rational("0.0125") == Rational(1, 80));
  CHECK(parse_rational("-0.5e1") == Rational(-5));
  CHECK(parse_rational("-3/4") == Rational(-3, 4));
  CHECK(parse_rational("1e-3") == Rational(1, 1000));
  CHECK(parse_rational("2.5E+2") == Rational(250));
  CHECK_THROWS_AS(parse_rational("abc"), std::invalid_argument);
  CHECK_THROWS_AS(parse_rational("1/0"), std::invalid_argument);
}

TEST_CASE("the exact field Q(e^{1/D}) decides identities and signs") {
  ExactField field(Integer(1));  // t = e
  const ExactValue t = exp(ExactValue(1));
  // (t^2 - 1)/(t - 1) == t + 1, exactly
  CHECK(((t * t - ExactValue(1)) / (t - ExactValue(1)) - (t + ExactValue(1))).is_zero());
  // e^3 = 20.0855…: the sign of t^3 - 20 and t^3 - 21 by certified evaluation
  CHECK((pow(t, 3) - ExactValue(20)).sign() > 0);
  CHECK((pow(t, 3) - ExactValue(21)).sign() < 0);
  CHECK(log(pow(t, 5)).to_rational() == 5);
  CHECK_THROWS_AS(log(t + ExactValue(1)), NotExact);
  // sqrt((17/4)(t - 3)^2) = (sqrt 17 / 2)(3 - t), positive because e < 3
  const ExactValue x = (t - ExactValue(3)) * (t - ExactValue(3)) * ExactValue(Rational(17, 4));
  const ExactValue root = sqrt(x);
  CHECK(root.sign() > 0);
  CHECK((root * root - x).is_zero());
  CHECK((root - sqrt(ExactValue(Rational(17, 4))) * (ExactValue(3) - t)).is_zero());
  CHECK_THROWS_AS(sqrt(t), NotExact);
  // exp of a score off the lattice of D leaves the field
  CHECK_THROWS_AS(exp(ExactValue(Rational(1, 2))), NotExact);
}

TEMPLATE_TEST_CASE("an arbitrary-precision value carries its precision", "", Mpfi, Arb) {
  // Results take their operands' precision, not the reader's scope.
  TestType third;
  {
    WorkingPrecision precision(512);
    third = from_rational<TestType>(Rational(1, 3));
  }
  WorkingPrecision other(128);
  const TestType sum = third + third;  // computed under a 128-bit scope
  CHECK(sum.precision() == 512);
  CHECK(contains(sum, Rational(2, 3)));
  CHECK(within(sum, Rational(2, 3), parse_rational("1e-150")));
  CHECK(TestType(1).precision() == 128);  // only new constants take the scope's precision
  CHECK((TestType(1) + sum).precision() == 512);
}

TEST_CASE("an exact value carries its exact field") {
  // The exact field: t = e^{1/2} made in the field D = 2 stays e^{1/2} when
  // read outside the scope, and meeting a value of another field is an error.
  std::optional<ExactValue> root_e, cube_root_e;
  {
    ExactField field(Integer(2));
    root_e = exp(ExactValue(Rational(1, 2)));
  }
  {
    ExactField field(Integer(3));
    cube_root_e = exp(ExactValue(Rational(1, 3)));
    // sqrt(e) - 1.6487 > 0 and its log is 1/2: read under the field D = 3
    CHECK(ScalarTraits<ExactValue>::sign(*root_e - ExactValue(Rational(16487, 10000))) == CertifiedSign::Positive);
    CHECK(ScalarTraits<ExactValue>::sign(*root_e - ExactValue(Rational(16488, 10000))) == CertifiedSign::Negative);
    CHECK(log(*root_e).to_rational() == Rational(1, 2));
  }
  CHECK(root_e->str().find("e^(1/2)") != std::string::npos);
  CHECK_THROWS_AS(*root_e + *cube_root_e, std::logic_error);
}
