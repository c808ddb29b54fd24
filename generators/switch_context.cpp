#include "generators/switch_context.hpp"

#include <rapidcheck/gen/Container.h>
#include <rapidcheck/gen/Create.h>
#include <rapidcheck/gen/Exec.h>

#include <algorithm>

#include "generators/rationals.hpp"

namespace sinkcheck {

namespace {

// The score gap between the target and its strongest competitor. The regime
// is drawn as a number so that it shrinks too, toward a tie.
rc::Gen<Rational> margin_gen(long margin_max) {
  return rc::gen::mapcat(rc::gen::inRange<long>(0, 10), [margin_max](long regime) -> rc::Gen<Rational> {
    if (regime < 2) return rc::gen::just(Rational(0));  // tie with the target
    if (regime < 6) return gen::rational(0, std::min(64L, margin_max));  // small gaps, 0 … 64 (never past margin_max)
    if (regime < 9)                                      // 50 … margin_max: a0 rounds to 1 in double
      return rc::gen::map(rc::gen::inRange<long>(50, margin_max + 1),  // from ~37, the gate
                          [](long m) { return Rational(m); });         // underflows from ~745
    return gen::rational(-16, -1);                       // a competitor above the target
  });
}

}  // namespace

rc::Gen<SwitchContext> switch_context_gen(const SwitchDomain& domain, SwitchTarget target) {
  return rc::gen::exec([domain, target] {
    SwitchContext c;
    const long others = *rc::gen::inRange<long>(1, domain.keys_max + 1);
    const long dim = *rc::gen::inRange<long>(1, domain.value_dim_max + 1);
    c.causal = *gen::chance(1, 2);
    c.query = std::size_t(*rc::gen::inRange<long>(1, others + 1));
    c.target = target == SwitchTarget::Sink ? 0 : c.query;

    const Rational base = *gen::rational(-8, 8);
    const Rational margin = *margin_gen(domain.margin_max);
    const bool probe = *gen::chance(1, 4);
    const bool all_tied = *gen::chance(1, 4);
    const bool zero_target_value = *gen::chance(1, 3);

    const std::size_t n = std::size_t(others) + 1;
    c.scores.assign(n, Rational(0));
    c.values.assign(n, std::vector<Rational>(std::size_t(dim)));
    const auto value_gen = rc::gen::container<std::vector<Rational>>(std::size_t(dim), gen::rational(-9, 9, {1, 2, 3, 4}));
    const std::vector<Rational> probe_value = *value_gen;
    bool first_competitor = true;
    for (std::size_t j = 0; j < n; ++j) {
      if (j == c.target) {
        c.scores[j] = base;
        c.values[j] = zero_target_value ? std::vector<Rational>(std::size_t(dim)) : *value_gen;
        continue;
      }
      // The first competitor sits exactly at the margin; the rest at or below it.
      const Rational extra = (first_competitor || all_tied || probe) ? Rational(0) : *gen::rational(0, 32);
      first_competitor = false;
      c.scores[j] = base - margin - extra;
      c.values[j] = probe ? probe_value : *value_gen;
    }
    return c;
  });
}

}  // namespace sinkcheck
