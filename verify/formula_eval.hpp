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

// Definedness (IEEE 1788's decorations, collapsed to what a verdict needs).
// A partial function (log, sqrt, division, a non-integer power) certifies a
// value only when the stage proves its argument inside the domain:
//   inside             -> the value is computed;
//   certified outside  -> UndefinedQuantity: the relation has no value at any
//                         precision, the verdict is "undefined" (undecided);
//   not yet known      -> NotExact: this stage decides nothing, the ladder
//                         escalates (an interval straddling 0 is never fed to
//                         log, whose enclosure (-inf, log hi] would otherwise
//                         let min/max/comparisons "hold" on a relation that
//                         has no value).
// Total functions (+ - * exp abs min max) only propagate: a value that was
// never computed cannot reach them, because the exception ends the coordinate.
enum class Domain { Inside, Outside, Unknown };

template <class S>
Domain positive_domain(const S& a) {  // log, general powers
  switch (ScalarTraits<S>::sign(a)) {
    case CertifiedSign::Positive: return Domain::Inside;
    case CertifiedSign::Negative:
    case CertifiedSign::Zero: return Domain::Outside;
    default: return Domain::Unknown;
  }
}

template <class S>
Domain nonnegative_domain(const S& a) {  // sqrt, x^(1/2)
  switch (ScalarTraits<S>::sign(a)) {
    case CertifiedSign::Positive:
    case CertifiedSign::Zero: return Domain::Inside;
    case CertifiedSign::Negative: return Domain::Outside;
    default: return ScalarTraits<S>::certainly_nonnegative(a) ? Domain::Inside : Domain::Unknown;
  }
}

template <class S>
Domain nonzero_domain(const S& a) {  // division, negative integer powers
  switch (ScalarTraits<S>::sign(a)) {
    case CertifiedSign::Positive:
    case CertifiedSign::Negative:
    case CertifiedSign::NonZero: return Domain::Inside;
    case CertifiedSign::Zero: return Domain::Outside;
    default: return Domain::Unknown;
  }
}

// Throws unless `domain` is Inside; `what` names the function for the evidence.
inline void require(Domain domain, const char* what) {
  if (domain == Domain::Outside) throw UndefinedQuantity(std::string(what) + ": argument outside the domain");
  if (domain == Domain::Unknown)
    throw NotExact(std::string(what) + ": argument not certified inside the domain at this precision");
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
      require(nonzero_domain(denominator), "division");
      return numerator / denominator;
    }
    case K::Neg: return -arg(node.left);
    case K::Pow: {
      // Constant exponents stay exact: integers by repeated products, 1/2 as sqrt.
      const S base = arg(node.left);
      if (const std::optional<Rational> e = f.constant_value(node.right)) {
        if (boost::multiprecision::denominator(*e) == 1 && abs(*e) <= 1000000) {
          if (*e < 0) require(nonzero_domain(base), "negative power");
          return integer_power(base, boost::multiprecision::numerator(*e).convert_to<long>());
        }
        if (*e == Rational(1, 2)) {
          require(nonnegative_domain(base), "power 1/2");
          return sqrt(base);
        }
        // x^e = exp(e log x) for a constant e > 0 is defined (and enclosed,
        // log's lower end going to -inf) on x >= 0. A ball has no such
        // lower end: one touching 0 is raised by its upper end instead.
        if (*e > 0) {
          require(nonnegative_domain(base), "power");
          if (ScalarTraits<S>::sign(base) == CertifiedSign::Zero) return from_rational<S>(0);
          if constexpr (std::is_same_v<S, Arb>)
            if (ScalarTraits<S>::sign(base) != CertifiedSign::Positive)
              return power_from_zero(base, from_rational<S>(*e));
          return exp(from_rational<S>(*e) * log(base));
        }
      }
      require(positive_domain(base), "power");
      return exp(arg(node.right) * log(base));
    }
    case K::Exp: return exp(arg(node.left));
    case K::Log: {
      const S a = arg(node.left);
      require(positive_domain(a), "log");
      return log(a);
    }
    case K::Sqrt: {
      const S a = arg(node.left);
      require(nonnegative_domain(a), "sqrt");
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
