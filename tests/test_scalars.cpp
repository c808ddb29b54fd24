// The scalar types: double intervals enclose the MPFR reference, MPFI encloses
// exact inputs, and the exact field Q(e^{1/D}) computes what it claims.
#include <catch2/catch.hpp>

#include <mpfr.h>

#include <random>

#include "verify/scalar.hpp"

using namespace sinkcheck;

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

TEST_CASE("rational inputs are enclosed at every stage") {
  const Rational third(1, 3);
  const DoubleInterval d = from_rational<DoubleInterval>(third);
  CHECK(d.lower() < d.upper());
  CHECK(Rational(d.lower()) < third);
  CHECK(Rational(d.upper()) > third);
  WorkingPrecision precision(256);
  const Mpfi m = from_rational<Mpfi>(third);
  CHECK(m.precision() == 256);
  CHECK(mpfi_is_inside_q(third.backend().data(), m.data()) > 0);
  mpfr_t width;
  mpfr_init2(width, 256);
  mpfi_diam_abs(width, m.data());
  CHECK(mpfr_cmp_d(width, 1e-70) < 0);  // 256 bits: about 1e-77 around 1/3
  mpfr_clear(width);
  CHECK(ScalarTraits<Mpfi>::sign(m - enclose(Rational(1, 4))) == CertifiedSign::Positive);
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

TEST_CASE("a value carries what reading it needs: its precision, its exact field") {
  // MPFI: results take their operands' precision, not the reader's scope.
  Mpfi third;
  {
    WorkingPrecision precision(512);
    third = enclose(Rational(1, 3));
  }
  WorkingPrecision other(128);
  const Mpfi sum = third + third;  // computed under a 128-bit scope
  CHECK(sum.precision() == 512);
  CHECK(mpfi_is_inside_q(Rational(2, 3).backend().data(), sum.data()) > 0);
  CHECK(Mpfi(1).precision() == 128);  // only new constants take the scope's precision

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
