#pragma once
// Small exact-number generators that shrink toward simple values — numerator
// toward 0, denominator toward the first listed — the building blocks of
// every instance generator. (rapidcheck's inRange shrinks toward its lower
// bound, so magnitude and sign are drawn separately.)
#include <rapidcheck/Gen.h>
#include <rapidcheck/gen/Build.h>
#include <rapidcheck/gen/Numeric.h>
#include <rapidcheck/gen/Select.h>
#include <rapidcheck/gen/Transform.h>
#include <rapidcheck/gen/Arbitrary.h>
#include <rapidcheck/gen/Exec.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "verify/rational.hpp"

namespace sinkcheck::gen {

// p/q with p in [lo, hi] and q drawn from `denominators`.
inline rc::Gen<Rational> rational(long lo, long hi, std::vector<long> denominators = {1, 2, 4, 8}) {
  const long count = long(denominators.size());
  auto denominator = rc::gen::map(rc::gen::inRange<long>(0, count),
                                  [denominators](long k) { return denominators[std::size_t(k)]; });
  if (lo >= 0 || hi <= 0) {
    // One-signed range: shrink toward the end nearest 0.
    auto numerator = lo >= 0 ? rc::gen::inRange<long>(lo, hi + 1)
                             : rc::gen::map(rc::gen::inRange<long>(-hi, -lo + 1), [](long p) { return -p; });
    return rc::gen::apply([](long p, long q) { return Rational(p, q); }, numerator, denominator);
  }
  return rc::gen::apply(
      [lo, hi](long magnitude, bool negative, long q) {
        const long p = negative ? -std::min(magnitude, -lo) : std::min(magnitude, hi);
        return Rational(p, q);
      },
      rc::gen::inRange<long>(0, std::max(-lo, hi) + 1), rc::gen::arbitrary<bool>(), denominator);
}

// true with probability numerator/denominator; shrinks to false.
inline rc::Gen<bool> chance(long numerator, long denominator) {
  return rc::gen::map(rc::gen::inRange<long>(0, denominator), [=](long k) { return k >= denominator - numerator; });
}

// One of the weighted values, drawn inside rc::gen::exec. The draw is made at
// the nominal size (inRange alone narrows with the size, which would skew the
// mix at small sizes) and shrinks toward the first value.
template <class T>
T weighted_pick(const std::vector<std::pair<std::size_t, T>>& weighted) {
  std::size_t total = 0;
  for (const auto& w : weighted) total += w.first;
  std::size_t draw = *rc::gen::resize(rc::kNominalSize, rc::gen::inRange<std::size_t>(0, total));
  for (const auto& [weight, value] : weighted) {
    if (draw < weight) return value;
    draw -= weight;
  }
  return weighted.back().second;
}

}  // namespace sinkcheck::gen
