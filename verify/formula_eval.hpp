#pragma once
// Evaluation of parsed formulas in any scalar type of verify/scalar.hpp.
#include <vector>

#include "verify/formula.hpp"
#include "verify/scalar.hpp"

namespace sinkcheck {

// The values of a statement's variables, in the statement's order; a scalar
// variable holds one entry, a vector variable one per coordinate.
// An empty entry means the quantity is undefined on this instance (e.g. a
// cost where no sink exists): a relation that names it is never decided.
template <class S>
using Bindings = std::vector<std::vector<S>>;

// Thrown when a formula has no value on an instance: it reads an undefined
// quantity, or takes the log of a number certified <= 0, the square root of
// one certified < 0, or divides by one certified 0. That holds at every
// precision, so the relation ends undecided at once, never holds or fails.
struct UndefinedQuantity : NotExact {
  using NotExact::NotExact;
};

namespace detail {

template <class S>
S integer_power(const S& base, long n) {
  if constexpr (std::is_same_v<S, ExactValue>) {
    return pow(base, n);
  } else {
    if (n < 0) return from_rational<S>(1) / integer_power(base, -n);
    // Even powers of an interval around 0 must not dip below 0.
    const S b = (n % 2 == 0) ? S(abs(base)) : base;
    S result = from_rational<S>(1), factor = b;
    for (long k = n; k > 0; k >>= 1) {
      if (k & 1) result *= factor;
      if (k > 1) factor *= factor;
    }
    return result;
  }
}

template <class S>
S evaluate_node(const Formula& f, int index, const Bindings<S>& values, std::size_t coordinate) {
  const FormulaNode& node = f.nodes()[std::size_t(index)];
  using K = FormulaNode::Kind;
  auto arg = [&](int child) { return evaluate_node(f, child, values, coordinate); };
  switch (node.kind) {
    case K::Number: return from_rational<S>(node.number);
    case K::Variable: {
      const std::vector<S>& v = values[node.variable];
      if (v.empty()) throw UndefinedQuantity("a quantity the formula names is undefined on this instance");
      return v.size() == 1 ? v[0] : v[coordinate];
    }
    case K::Add: return arg(node.left) + arg(node.right);
    case K::Sub: return arg(node.left) - arg(node.right);
    case K::Mul: return arg(node.left) * arg(node.right);
    case K::Div: {
      const S numerator = arg(node.left), denominator = arg(node.right);
      if (ScalarTraits<S>::sign(denominator) == CertifiedSign::Zero) throw UndefinedQuantity("division by zero");
      return numerator / denominator;
    }
    case K::Neg: return -arg(node.left);
    case K::Pow: {
      // Constant exponents stay exact: integers by repeated products, 1/2 as sqrt.
      if (const std::optional<Rational> e = f.constant_value(node.right)) {
        if (boost::multiprecision::denominator(*e) == 1 && abs(*e) <= 1000000)
          return integer_power(arg(node.left), boost::multiprecision::numerator(*e).convert_to<long>());
        if (*e == Rational(1, 2)) return sqrt(arg(node.left));
      }
      return exp(arg(node.right) * log(arg(node.left)));
    }
    case K::Exp: return exp(arg(node.left));
    case K::Log: {
      const S a = arg(node.left);
      const CertifiedSign sign = ScalarTraits<S>::sign(a);
      if (sign == CertifiedSign::Zero || sign == CertifiedSign::Negative)
        throw UndefinedQuantity("log of a number that is not positive");
      return log(a);
    }
    case K::Sqrt: {
      const S a = arg(node.left);
      if (ScalarTraits<S>::sign(a) == CertifiedSign::Negative) throw UndefinedQuantity("square root of a negative number");
      return sqrt(a);
    }
    case K::Abs: return abs(arg(node.left));
    case K::Min: return min(arg(node.left), arg(node.right));
    case K::Max: return max(arg(node.left), arg(node.right));
  }
  return from_rational<S>(0);
}

}  // namespace detail

template <class S>
S evaluate(const Formula& f, const Bindings<S>& values, std::size_t coordinate = 0) {
  return detail::evaluate_node(f, f.root(), values, coordinate);
}

// How many coordinates a relation ranges over under these bindings.
template <class S>
std::size_t coordinate_count(const Relation& r, const Bindings<S>& values) {
  if (!r.uses_vectors()) return 1;
  std::size_t n = 1;
  for (const auto& v : values) n = std::max(n, v.size());
  return n;
}

}  // namespace sinkcheck
