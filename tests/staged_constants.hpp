#pragma once
// Quantities for formula tests: scalars x and y and a vector v, given as
// exact rationals and enclosed at every stage (double intervals, MPFI, exact).
#include <optional>
#include <vector>

#include "verify/decide.hpp"
#include "verify/quantity_binder.hpp"

namespace sinkcheck::test {

inline StagedQuantities staged_constants(Rational x, Rational y, std::vector<Rational> v = {}) {
  auto bind = [=](auto tag) {
    using S = decltype(tag);
    Bindings<S> b{{from_rational<S>(x)}, {from_rational<S>(y)}, {}};
    for (const Rational& c : v) b[2].push_back(from_rational<S>(c));
    return b;
  };
  return StagedQuantities([=] { return bind(DoubleInterval()); }, [=] { return bind(LadderScalar()); },
                          [=]() -> std::optional<Bindings<ExactValue>> { return bind(ExactValue()); });
}

}  // namespace sinkcheck::test
