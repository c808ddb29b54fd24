// The formula language: parse a relation over P2's quantities (scalars and
// vectors), print it back (to_text must parse to the same tree), and decide
// it on a fixed instance at every stage (double, Arb, exact).
#include <cstdlib>

#include "harness.hpp"
#include "propositions/hard_switch.hpp"

using namespace sinkcheck;

namespace {

// A small instance with a tie and an exact field of denominator 2, so that
// the exact stage has work to do.
SwitchContext instance() {
  SwitchContext c;
  c.scores = {Rational(2), Rational(0), Rational(-1, 2), Rational(0)};
  c.values = {{Rational(1), Rational(0)}, {Rational(0), Rational(1)}, {Rational(1, 3), Rational(-2)}, {Rational(0), Rational(1)}};
  c.target = 0;
  c.query = 2;
  return c;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = fuzz::text_of(data, size);
  const std::vector<Variable>& variables = hard_switch_variables();
  Relation relation;
  try {
    relation = Relation::parse(text, variables);
  } catch (const FormulaError&) {
    return 0;  // refused with a column: what the theory loader reports
  }
  // The printed form parses back to a relation that prints the same.
  const std::string printed = Relation::compose(relation.lhs(), relation.op(), relation.rhs());
  const Relation again = Relation::parse(printed, variables);
  if (Relation::compose(again.lhs(), again.op(), again.rhs()) != printed) std::abort();

  PrecisionPolicy policy;
  policy.ladder_bits = {128, 256};
  StagedQuantities quantities = switch_staged_quantities(instance());
  (void)decide(relation, quantities, policy);
  return 0;
}
