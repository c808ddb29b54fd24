#pragma once
// A claim of the theory file as Coq text (R_scope), for `sinkcheck prove`.
// Trusted: a proved claim means what this translation says, so it is kept
// literal — one Coq construct per formula node, nothing simplified — and
// it records every place the concrete checker would leave a formula
// undefined (a zero denominator, log of a non-positive number, ...), which
// the theorem then assumes away exactly as the checker leaves such
// instances undecided.
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "verify/formula.hpp"

namespace sinkcheck {

struct CoqRelation {
  std::string text;                  // the relation as a Coq proposition
  std::vector<std::string> defined;  // where its formulas have a value, as Coq propositions (in order, no repeats)
  std::set<std::string> quantities;  // the quantities it names
};

// The term of a quantity in the model, or nullopt when the model has none.
using CoqQuantityLookup = std::function<std::optional<std::string>(const std::string& name)>;

// Either the translation, or why there is none (`missing_quantity` is set
// when a quantity has no term; `unsupported` says what else failed, e.g. a
// power whose exponent is not a constant integer).
struct CoqTranslation {
  std::optional<CoqRelation> relation;
  std::string missing_quantity;
  std::string unsupported;
};

CoqTranslation translate_to_coq(const Relation& relation, const CoqQuantityLookup& term_of);

// An exact rational as a Coq real: "3", "(- 3)", "(2 / 3)", "(- (2 / 3))".
std::string coq_number(const Rational& value);

}  // namespace sinkcheck
