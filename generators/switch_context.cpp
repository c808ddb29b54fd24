#include "generators/switch_context.hpp"

#include <rapidcheck/gen/Container.h>
#include <rapidcheck/gen/Create.h>
#include <rapidcheck/gen/Exec.h>

#include "generators/rationals.hpp"

namespace sinkcheck {

namespace {

// The score gap between the target and its strongest competitor.
rc::Gen<Rational> margin_gen(long margin_max) {
  return rc::gen::weightedOneOf<Rational>({
      {2, rc::gen::just(Rational(0))},                                 // tie with the target
      {4, gen::rational(0, 64)},                                       // small gaps, 0 … 64
      {3, rc::gen::map(rc::gen::inRange<long>(50, margin_max + 1),     // 50 … margin_max: a0 rounds to 1
                       [](long m) { return Rational(m); })},           // in double from ~37, the gate underflows from ~745
      {1, gen::rational(-16, -1)},                                     // competitor above target
  });
}

}  // namespace

rc::Gen<SwitchContext> switch_context_gen(const SwitchDomain& domain, SwitchTarget target) {
  return rc::gen::exec([domain, target] {
    SwitchContext c;
    const long others = *rc::gen::inRange<long>(1, domain.keys_max + 1);
    const long dim = *rc::gen::inRange<long>(1, domain.value_dim_max + 1);
    c.causal = *rc::gen::element(false, true);
    c.query = std::size_t(*rc::gen::inRange<long>(1, others + 1));
    c.target = target == SwitchTarget::Sink ? 0 : c.query;

    const Rational base = *gen::rational(-8, 8);
    const Rational margin = *margin_gen(domain.margin_max);
    const bool probe = *rc::gen::weightedElement<bool>({{3, false}, {1, true}});
    const bool all_tied = *rc::gen::weightedElement<bool>({{3, false}, {1, true}});
    const bool zero_target_value = *rc::gen::weightedElement<bool>({{2, false}, {1, true}});

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
