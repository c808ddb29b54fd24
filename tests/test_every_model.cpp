// What every registered model must have in the tests, whatever its
// proposition: false variants of its statements that give certified,
// replayable counterexamples. Each proposition's test file registers its
// own (RegisterFalseVariants); a model without any fails here, so a new
// model cannot escape them.
#include "support.hpp"

using namespace sinkcheck;
using namespace sinkcheck::test;

TEST_CASE("every model: its proposition's tests register false variants of a statement over it") {
  for (const ModelEntry& model : all_models()) {
    INFO(model.name);
    const std::vector<std::string> over = statements_over(model);
    bool covered = false;
    for (const FalseVariants& registered : registered_false_variants())
      for (const FalseVariant& v : registered.variants)
        covered |= std::find(over.begin(), over.end(), v.statement) != over.end();
    CHECK(covered);
  }
}

TEST_CASE("every proposition: its false variants give certified, replayable counterexamples") {
  for (const std::string& proposition : registered_propositions()) {
    SECTION(proposition) {
      std::size_t lists = 0;
      for (const FalseVariants& registered : registered_false_variants()) {
        if (registered.proposition != proposition) continue;
        ++lists;
        require_all_refuted(registered.variants, proposition + "-false-variant", registered.cases, registered.seed);
      }
      CHECK(lists == 1);
    }
  }
}
