// The formula language: exact constants, evaluation in every scalar, and
// errors that point at the column.
#include <catch2/catch.hpp>

#include "verify/decide.hpp"
#include "verify/quantity_binder.hpp"
#include "staged_constants.hpp"

using namespace sinkcheck;
using sinkcheck::test::staged_constants;

namespace {

const std::vector<Variable> vars = {{"x", false, ""}, {"y", false, ""}, {"v", true, ""}};

std::size_t error_column(const std::string& text) {
  try {
    Relation::parse(text, vars);
  } catch (const FormulaError& e) {
    return e.column;
  }
  return 0;
}

std::string error_message(const std::string& text) {
  try {
    Relation::parse(text, vars);
  } catch (const FormulaError& e) {
    return e.what();
  }
  return "";
}

Verdict verdict(const std::string& relation, StagedQuantities q) {
  return decide(Relation::parse(relation, vars), q, PrecisionPolicy()).verdict;
}

}  // namespace

TEST_CASE("formulas evaluate with exact constants and the usual precedence") {
  CHECK(verdict("1 + 2*3^2 == 19", staged_constants(0, 0, {})) == Verdict::Holds);
  CHECK(verdict("-2^2 == -4", staged_constants(0, 0, {})) == Verdict::Holds);
  CHECK(verdict("0.1*10 == 1", staged_constants(0, 0, {})) == Verdict::Holds);
  CHECK(verdict("x/y == 1/3", staged_constants(1, 3, {})) == Verdict::Holds);
  CHECK(verdict("x/y == 0.333", staged_constants(1, 3, {})) == Verdict::Counterexample);
  CHECK(verdict("min(x, y) + max(x, y) == x + y", staged_constants(5, -2, {})) == Verdict::Holds);
  CHECK(verdict("exp(log(y)) <= y + 1e-30", staged_constants(0, 7, {})) == Verdict::Holds);
  CHECK(verdict("sqrt(y) > 2", staged_constants(0, 5, {})) == Verdict::Holds);
  CHECK(verdict("abs(x) == 5", staged_constants(-5, 0, {})) == Verdict::Holds);
  // constant exponents stay exact: an identity, not an enclosure around one
  CHECK(verdict("y^(1/2) == 3", staged_constants(0, 9, {})) == Verdict::Holds);
  CHECK(verdict("y^-1 == 1/9", staged_constants(0, 9, {})) == Verdict::Holds);
  CHECK(verdict("x^(2*3 - 4) == 4", staged_constants(-2, 0, {})) == Verdict::Holds);
}

TEST_CASE("a relation over a vector holds only if it holds in every coordinate") {
  CHECK(verdict("v >= 0", staged_constants(0, 0, {1, 2, 3})) == Verdict::Holds);
  CHECK(verdict("v >= 0", staged_constants(0, 0, {1, -2, 3})) == Verdict::Counterexample);
  CHECK(verdict("v*x == v", staged_constants(1, 0, {4, 5})) == Verdict::Holds);
}

TEST_CASE("exact ties: <= holds and < fails at equality") {
  CHECK(verdict("x*x <= y", staged_constants(3, 9, {})) == Verdict::Holds);
  CHECK(verdict("x*x < y", staged_constants(3, 9, {})) == Verdict::Counterexample);
  CHECK(verdict("x*x >= y", staged_constants(3, 9, {})) == Verdict::Holds);
}

TEST_CASE("parse errors name the column and what was expected") {
  CHECK(error_column("x <= y +") == 9);
  CHECK(error_column("x <= z") == 6);
  CHECK(error_message("x <= z").find("unknown name 'z'") != std::string::npos);
  CHECK(error_message("x <= z").find("x, y, v") != std::string::npos);
  CHECK(error_column("x <= expp(y)") == 6);
  CHECK(error_message("x <= expp(y)").find("unknown function") != std::string::npos);
  CHECK(error_column("x + y") == 6);
  CHECK(error_message("x + y").find("expected a comparison") != std::string::npos);
  CHECK(error_column("x <= (y") == 8);
  CHECK(error_column("x <= min(y)") == 11);
  CHECK(error_column("x <= y $") == 8);
}

TEST_CASE("a number past the limits keeps the reader's reason and is not echoed whole (issue 25)") {
  const std::string long_number = std::string(100001, '7');
  const std::string too_long = error_message("x <= " + long_number);
  CHECK(too_long.find("number written with 100001 characters, more than the 100000") != std::string::npos);
  CHECK(too_long.size() < 400);
  CHECK(error_column("x <= " + long_number) == 6);
  const std::string exponent = error_message("x <= 1e100001");
  CHECK(exponent.find("exponent out of range in '1e100001'") != std::string::npos);
}

TEST_CASE("a formula without a value is undecided at once, never holds or fails") {
  auto stage = [](const std::string& relation, StagedQuantities q) {
    return decide(Relation::parse(relation, vars), q, PrecisionPolicy());
  };
  // v is bound to no coordinates here: an undefined quantity
  for (const char* relation : {"v >= 0", "log(x - y) <= 1", "log(x) >= -1", "sqrt(x - 3) >= 0", "y/x == 1"}) {
    INFO(relation);
    const Decision d = stage(relation, staged_constants(0, 2, {}));
    CHECK(d.verdict == Verdict::Undecided);
    CHECK(d.stage == "undefined");
  }
  // defined values near the edge of the domain are still decided
  CHECK(stage("log(y - x) <= 1", staged_constants(0, 2, {})).verdict == Verdict::Holds);
  CHECK(stage("sqrt(x) == 0", staged_constants(0, 2, {})).verdict == Verdict::Holds);
}

namespace {

// Quantities bound to one value at a chosen stage only: the double filter, a
// ladder precision or the exact field, so each stage's definedness is tested on
// its own. `x` is given as an enclosure [lo, hi] at the interval stages.
StagedQuantities interval_quantities(Rational lo, Rational hi) {
  auto bind = [=](auto tag) {
    using S = decltype(tag);
    return Bindings<S>{{from_rational_range<S>(lo, hi)}, {from_rational<S>(1)}, {}};
  };
  return StagedQuantities([=] { return bind(DoubleInterval()); }, [=] { return bind(LadderScalar()); },
                          []() -> std::optional<Bindings<ExactValue>> { return std::nullopt; });
}

Decision decide_on(const std::string& relation, StagedQuantities q) {
  return decide(Relation::parse(relation, vars), q, PrecisionPolicy());
}

}  // namespace

TEST_CASE("a partial function certifies nothing at a stage that does not prove its argument inside the domain") {
  // x straddles the edge of every domain at every interval stage and has no
  // exact form: no relation over log(x), sqrt(x), 1/x or x^(1/3) may be decided,
  // whatever the rest of the relation (min/max/abs cannot launder it).
  for (const char* relation : {"log(x) <= 1", "min(log(x), 0) <= 1", "max(log(x), 0) >= 0", "abs(log(x)) >= 0",
                               "sqrt(x) <= 1", "min(1/x, 5) <= 6", "x^-1 <= 1e100", "x^(1/2) <= 1",
                               "x^(1/3) <= 1", "x^y <= 10", "log(x) - log(x) == 0"}) {
    INFO(relation);
    const Decision d = decide_on(relation, interval_quantities(Rational(-1, 1000000), 1));
    CHECK(d.verdict == Verdict::Undecided);
    CHECK(d.stage.rfind("cap-", 0) == 0);  // the whole ladder tried, nothing certified
  }
  // Touching the domain's edge from inside is defined where the function is.
  CHECK(decide_on("sqrt(x) <= 2", interval_quantities(0, 1)).verdict ==
        Verdict::Holds);
  CHECK(decide_on("x^(1/3) <= 2", interval_quantities(0, 1)).verdict ==
        Verdict::Holds);
  CHECK(decide_on("log(x) <= 1", interval_quantities(0, 1)).verdict ==
        Verdict::Undecided);
  // ... also beyond double's range, where only the ladder decides: a ball
  // touching 0 is raised by its upper end (an interval through log's -inf).
  const Decision tiny_root = decide_on("x^(1/3) <= 1e-120", interval_quantities(0, parse_rational("1e-400")));
  CHECK(tiny_root.verdict == Verdict::Holds);
  CHECK(tiny_root.stage == "arb-128");
  CHECK(decide_on("x^(1/3) >= 1e-120", interval_quantities(0, parse_rational("1e-400"))).verdict ==
        Verdict::Counterexample);
  // Certified outside at an interval stage: undefined at once.
  for (const char* relation : {"log(x) <= 1", "sqrt(x) >= 0", "x^(1/3) <= 1"}) {
    INFO(relation);
    const Decision d = decide_on(relation, interval_quantities(-2, -1));
    CHECK(d.verdict == Verdict::Undecided);
    CHECK(d.stage == "undefined");
  }
}

TEST_CASE("the issue's reproducers: log of an exact zero and of a tiny negative number never hold") {
  // log(1/3 - 1/3): the double stage sees a point zero -> undefined
  CHECK(verdict("log(1/3 - 1/3) <= 1", staged_constants(0, 0, {})) == Verdict::Undecided);
  // an argument that is exactly 0 but not a point at the double stage: the
  // exact stage shows it is outside the domain
  for (const char* relation : {"log(x*x - y) <= 1", "log(x*x - y - 1/10^40) <= 1", "min(log(x*x - y), 0) <= 1"}) {
    INFO(relation);
    const Decision d = decide_on(relation, staged_constants(Rational(1, 3), Rational(1, 9), {}));
    CHECK(d.verdict == Verdict::Undecided);
    CHECK(d.stage == "undefined");
  }
}

TEST_CASE("quantities are bound by name: a quantity left unset is an error, not a silent zero") {
  QuantityBinder<DoubleInterval> binder(vars);
  binder.set("y", DoubleInterval(2.0));
  binder.set_vector("v", {DoubleInterval(1.0), DoubleInterval(3.0)});
  // x was never computed
  try {
    std::move(binder).finish();
    FAIL("finish() accepted an unbound quantity");
  } catch (const std::logic_error& e) {
    CHECK(std::string(e.what()).find("x") != std::string::npos);
  }
  QuantityBinder<DoubleInterval> twice(vars);
  twice.set("x", DoubleInterval(1.0));
  CHECK_THROWS_AS(twice.set("x", DoubleInterval(2.0)), std::logic_error);       // bound twice
  CHECK_THROWS_AS(twice.set("v", DoubleInterval(2.0)), std::logic_error);       // a vector bound as a scalar
  CHECK_THROWS_AS(twice.set("no_such_name", DoubleInterval(2.0)), std::logic_error);
  // Bound in any order, each value reaches the claim that names it.
  auto staged = staged_by_name(vars, [](auto& b) {
    using S = typename std::decay_t<decltype(b)>::Scalar;
    b.set_vector("v", {from_rational<S>(4)});
    b.set("y", from_rational<S>(3));
    b.set("x", from_rational<S>(1));
  });
  CHECK(decide(Relation::parse("x + 2 == y", vars), staged, PrecisionPolicy()).verdict == Verdict::Holds);
  auto forgetful = staged_by_name(vars, [](auto& b) {
    using S = typename std::decay_t<decltype(b)>::Scalar;
    b.set("x", from_rational<S>(1));
  });
  CHECK_THROWS_AS(decide(Relation::parse("x >= 0", vars), forgetful, PrecisionPolicy()), std::logic_error);
}
