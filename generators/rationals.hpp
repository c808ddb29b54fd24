#pragma once
// Small exact-number generators that shrink toward simple values (0, small
// integers, denominator 1): the building blocks of every instance generator.
#include <rapidcheck/Gen.h>
#include <rapidcheck/gen/Build.h>
#include <rapidcheck/gen/Numeric.h>
#include <rapidcheck/gen/Select.h>
#include <rapidcheck/gen/Transform.h>

#include <vector>

#include "verify/rational.hpp"

namespace sinkcheck::gen {

// p/q with p in [lo, hi] and q drawn from `denominators` (first one preferred when shrinking).
inline rc::Gen<Rational> rational(long lo, long hi, std::vector<long> denominators = {1, 2, 4, 8}) {
  return rc::gen::apply(
      [](long p, long q) { return Rational(p, q); },
      rc::gen::inRange<long>(lo, hi + 1), rc::gen::elementOf(denominators));
}

}  // namespace sinkcheck::gen
