// The slack of a claim (verify/slack.hpp): scale-free, signed, with the
// ratio of a bound's sides, in double and beyond double's range.
#include <catch2/catch.hpp>

#include <cmath>

#include "verify/slack.hpp"
#include "staged_constants.hpp"

using namespace sinkcheck;
using sinkcheck::test::staged_constants;

namespace {

const std::vector<Variable> vars = {{"x", false, ""}, {"y", false, ""}, {"v", true, ""}};

RelationSlack slack(const std::string& relation, StagedQuantities q) {
  return relation_slack(Relation::parse(relation, vars), q);
}

}  // namespace

TEST_CASE("slack: signed gap over the size of the terms, ratio of a bound's sides") {
  const RelationSlack upper = slack("x <= y", staged_constants(3, 4));
  CHECK(upper.slack == Approx(1.0 / 7));
  CHECK(upper.holds);
  REQUIRE(upper.ratio);
  CHECK(*upper.ratio == Approx(0.75));
  const RelationSlack lower = slack("x >= 2*y", staged_constants(3, 4));
  CHECK(lower.slack == Approx(-5.0 / 11));
  CHECK_FALSE(lower.holds);
  CHECK(*lower.ratio == Approx(8.0 / 3));  // rhs / lhs for a lower bound
  // a sum against 0: the cancellation relative to its terms
  CHECK(slack("x + y > 0", staged_constants(1000, Rational(-999))).slack == Approx(1.0 / 1999));
  // strict at a tie is violated at slack 0
  const RelationSlack tie = slack("x < y", staged_constants(2, 2));
  CHECK(tie.slack == 0);
  CHECK_FALSE(tie.holds);
  // an identity: 0 within rounding, negative off it
  CHECK(slack("x/y == 1/3", staged_constants(1, 3)).slack == 0);
  CHECK(slack("x == y", staged_constants(1, 3)).slack == Approx(-0.5));
  // vectors: the tightest coordinate
  CHECK(slack("v <= 10", staged_constants(0, 0, {1, 9, 5})).slack == Approx(1.0 / 19));
  // no value: NaN
  CHECK(std::isnan(slack("log(x) <= 1", staged_constants(-1, 0)).slack));
}

TEST_CASE("slack: beyond double's range the first MPFI stage carries the values") {
  // e^-5000 underflows in double; its slack against 2 e^-5000 is still 1/3.
  const RelationSlack gate = slack("exp(-x) <= 2*exp(-x)", staged_constants(5000, 0));
  CHECK(gate.slack == Approx(1.0 / 3));
  REQUIRE(gate.ratio);
  CHECK(*gate.ratio == Approx(0.5));
  // an eps of 10^-2000: log((1 - eps)/eps) is about 4605
  const Rational eps = Rational(1) / boost::multiprecision::pow(Integer(10), 2000);
  const RelationSlack margin = slack("x >= log((1 - y)/y)", staged_constants(4600, eps));
  CHECK(margin.slack < 0);
  CHECK(margin.slack == Approx((4600 - 2000 * std::log(10.0)) / (4600 + 2000 * std::log(10.0))).epsilon(1e-6));
  // the P1.c closest-approach instance: kappa 4990, eps 1e-27
  const Rational e27 = Rational(1) / boost::multiprecision::pow(Integer(10), 27);
  const RelationSlack ok = slack("v >= log((1 - y)/y)", staged_constants(0, e27, {4990}));
  CHECK(ok.slack == Approx((4990 - 27 * std::log(10.0)) / (4990 + 27 * std::log(10.0))).epsilon(1e-6));
}

TEST_CASE("slack: the search's objective puts applicable claims first, then the claim's slack") {
  ClaimSlack applies_far, applies_near, not_applying;
  applies_far.claim.slack = 0.5;
  applies_near.claim.slack = 0.001;
  not_applying.applies = false;
  not_applying.violation = 0.01;
  not_applying.claim.slack = -1;
  CHECK(closer(applies_near, applies_far));
  CHECK(closer(applies_far, not_applying));
  CHECK_FALSE(closer(applies_far, applies_far));
}
