#include "engine/falsifying_example.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace sinkcheck {

namespace {

// The precision the values are printed from: the certifying stage's, and at
// least 128 bits. A tie settled by the exact stage (the ladder could not
// tell it) is printed at 1024 bits: its sides agree to every digit shown.
unsigned printing_bits(const std::string& stage) {
  constexpr unsigned kLeast = 128, kExact = 1024;
  if (stage == "exact") return kExact;
  const std::size_t dash = stage.rfind('-');
  if (dash != std::string::npos) {
    try {
      return std::max(kLeast, unsigned(std::stoul(stage.substr(dash + 1))));
    } catch (const std::exception&) {
    }
  }
  return kLeast;
}

std::string decimal(const Arb& x, long digits) {
  char* text = arb_get_str(x.data(), digits, ARB_STR_NO_RADIUS);
  std::string out = text ? text : "?";
  flint_free(text);
  return out;
}

// The fallback's: a double interval's midpoint (at most 17 digits mean anything).
std::string decimal(const DoubleInterval& x, long digits) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*g", int(std::min(digits, 17L)), ScalarTraits<DoubleInterval>::approx(x));
  return text;
}

// The variables a formula names, in order of first appearance.
void collect_variables(const Formula& f, std::vector<std::size_t>& order) {
  for (const FormulaNode& node : f.nodes())
    if (node.kind == FormulaNode::Kind::Variable &&
        std::find(order.begin(), order.end(), node.variable) == order.end())
      order.push_back(node.variable);
}

// How far coordinate `c` is from holding (smaller = more violated), from the
// midpoints; NaN where the relation has no value.
template <class S>
double midpoint_margin(const Relation& r, const Bindings<S>& values, std::size_t c) {
  try {
    const double lhs = ScalarTraits<S>::approx(evaluate(r.lhs(), values, c));
    const double rhs = ScalarTraits<S>::approx(evaluate(r.rhs(), values, c));
    switch (r.op()) {
      case RelationOp::LessEqual:
      case RelationOp::Less: return rhs - lhs;
      case RelationOp::GreaterEqual:
      case RelationOp::Greater: return lhs - rhs;
      case RelationOp::Equal: return -std::abs(rhs - lhs);
    }
  } catch (const NotExact&) {
  }
  return std::numeric_limits<double>::quiet_NaN();
}

template <class S>
FalsifyingExample example_from(const ClaimTheory& claim, const Bindings<S>& values,
                               const std::vector<Variable>& variables) {
  const Relation& relation = claim.holds;
  // A vector relation fails at some coordinate: show the most violated one.
  std::size_t coordinate = 0;
  const std::size_t n = coordinate_count(relation, values);
  double worst = std::numeric_limits<double>::infinity();
  for (std::size_t c = 0; c < n; ++c) {
    const double m = midpoint_margin(relation, values, c);
    if (m < worst) worst = m, coordinate = c;
  }

  // Enough digits that the two sides print differently (a tie prints equal).
  FalsifyingExample example;
  long digits = 10;
  try {
    const S lhs = evaluate(relation.lhs(), values, coordinate), rhs = evaluate(relation.rhs(), values, coordinate);
    for (long d : {10L, 17L, 25L, 40L, 60L}) {
      digits = d;
      example.lhs = decimal(lhs, d);
      example.rhs = decimal(rhs, d);
      if (example.lhs != example.rhs) break;
    }
  } catch (const NotExact&) {
    example.lhs = example.rhs = "undefined";
  }

  std::vector<std::size_t> named;
  for (const Relation& a : claim.assume) collect_variables(a.lhs(), named), collect_variables(a.rhs(), named);
  collect_variables(relation.lhs(), named);
  collect_variables(relation.rhs(), named);
  for (std::size_t v : named) {
    const std::vector<S>& value = values[v];
    FalsifyingExample::Value shown;
    shown.name = variables[v].name;
    if (value.empty()) {
      shown.value = "undefined";
    } else if (!variables[v].is_vector) {
      shown.value = decimal(value[0], digits);
    } else {
      const std::size_t c = std::min(coordinate, value.size() - 1);
      shown.name += "[" + std::to_string(c) + "]";
      shown.value = decimal(value[c], digits);
    }
    example.values.push_back(std::move(shown));
  }
  return example;
}

}  // namespace

FalsifyingExample falsifying_example(const ClaimTheory& claim, StagedQuantities& quantities,
                                     const std::vector<Variable>& variables, const std::string& stage) {
  // The example is for reading: a model that cannot give its quantities at
  // this precision (a certificate refused at 128 bits, say) falls back to the
  // double stage, and failing that the record keeps its evidence alone.
  try {
    const unsigned bits = printing_bits(stage);
    const Bindings<Arb>& values = quantities.at_bits(bits);
    WorkingPrecision precision(bits);
    return example_from(claim, values, variables);
  } catch (const std::exception&) {
  }
  try {
    return example_from(claim, quantities.at_double(), variables);
  } catch (const std::exception&) {
    return FalsifyingExample{};
  }
}

}  // namespace sinkcheck
