// P5, the toy proposition docs/adding-a-proposition.md walks through: one
// model (a pair of exact rationals x, y), two quantities, one claim
// (tests/toy_p5/P5.toml). Built with the tests only; registering it here is
// all it takes for the tests that iterate over the registry to cover it.
#include "engine/instance_fields.hpp"
#include "engine/model_registration.hpp"
#include "generators/rationals.hpp"
#include "verify/quantity_binder.hpp"
#include "../support.hpp"

namespace sinkcheck {
namespace {

// 1. The instance: what a case is, in exact numbers.
struct Pair {
  Rational x, y;
};

// 2. The quantities claims may name, each with its meaning.
const std::vector<Variable>& toy_variables() {
  static const std::vector<Variable> variables = {
      {"sum_squares", false, "x^2 + y^2"},
      {"twice_product", false, "2 x y"},
  };
  return variables;
}

// 3. The domain: the [P5.domain] keys, with their ranges.
long entry_max(const DomainTable& domain) {
  domain.require_known({"entry_max"});
  return domain.integer("entry_max", 10, 1, 1000);
}

// 4. The model: generator, quantities, stored form, domain.
struct PairModel {
  using Instance = Pair;
  static constexpr unsigned hooks = model_hook::in_domain;

  // Entries p/q with |p/q| <= entry_max; one case in four has x = y, where
  // the claim is tight (decided by the exact stage).
  rc::Gen<Instance> generator(const DomainTable& domain) const {
    const long bound = entry_max(domain);
    return rc::gen::exec([bound] {
      Pair p;
      p.x = *gen::rational(-bound, bound);
      p.y = *gen::chance(1, 4) ? p.x : *gen::rational(-bound, bound);
      return p;
    });
  }

  // The quantities at every stage of the decision ladder (S: a double
  // interval, an Arb ball, an exact value), bound by name.
  StagedQuantities staged(const Instance& p) const {
    return staged_by_name(toy_variables(), [p](auto& binder) {
      using S = typename std::decay_t<decltype(binder)>::Scalar;
      const S x = from_rational<S>(p.x), y = from_rational<S>(p.y);
      binder.set("sum_squares", x * x + y * y);
      binder.set("twice_product", from_rational<S>(2) * x * y);
    });
  }

  // Stored cases: {"x": "p/q", "y": "p/q"}.
  const InstanceFields<Pair>& fields() const {
    static const InstanceFields<Pair> fields = InstanceFields<Pair>().rational("x", &Pair::x).rational("y", &Pair::y);
    return fields;
  }
  nlohmann::json to_json(const Instance& p) const { return fields().to_json(p); }
  Instance from_json(const nlohmann::json& j) const { return fields().from_json(j); }

  // The targeted search's moves stay where the generator draws.
  bool in_domain(const Instance& p, const DomainTable& domain) const {
    const long bound = entry_max(domain);
    return abs(p.x) <= bound && abs(p.y) <= bound;
  }
};

PropositionModels toy_models() {
  return {{register_model("toy/squares", "P5", "docs/adding-a-proposition.md", toy_variables(), PairModel{})},
          {{"toy/squares", "P5.a", "Twice a product is at most the sum of the squares", "toy"}}};
}

// 5. The tests' side: the theory section with P5's claims, and its false variants.
const test::RegisterTestProposition p5{
    toy_models(),
    {SINKCHECK_SOURCE_ROOT "/tests/toy_p5/P5.toml",
     test::holds("P5.a", "two squares bound twice the product", "sum_squares <= twice_product")}};

const test::RegisterFalseVariants p5_false_variants{
    {"P5",
     40,
     1,
     {{"P5.a", "the sides swapped: false wherever x != y",
       {test::holds("P5.a", "two squares bound twice the product", "sum_squares <= twice_product")}},
      {"P5.a", "strict: false exactly where x = y (the exact stage)",
       {test::holds("P5.a", "two squares bound twice the product", "twice_product < sum_squares")}}}}};

}  // namespace
}  // namespace sinkcheck
