#include "verify/slack.hpp"

#include <cmath>
#include <limits>
#include <tuple>

namespace sinkcheck {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Below this relative difference two sides count as equal at the fast path:
// an identity or a tie evaluated in double differs from itself by rounding only.
constexpr double kRoundingNoise = 1.0 / (1ull << 40);
// The precision of the fallback when doubles cannot carry a relation's
// values (a gate of e^-5000, an eps of 10^-2000): the ladder's first step,
// whose quantities the ladder then reuses.
constexpr unsigned kFallbackBits = 128;

// A side's value and its magnitude (the sum of the absolute values of the
// terms added in it), in double (midpoints) or in the ladder's scalar (enclosures).
template <class S>
struct Sized {
  S value, magnitude;
  bool defined = true;
};

double approx(double x) { return x; }
double approx(const LadderScalar& x) { return ScalarTraits<LadderScalar>::approx(x); }
double approx(const DoubleInterval& x) { return ScalarTraits<DoubleInterval>::approx(x); }

// Signs that survive underflow: a ladder enclosure of e^-5000 is positive
// though its midpoint as a double is 0.
bool positive(double x) { return x > 0; }
bool positive(const LadderScalar& x) { return ScalarTraits<LadderScalar>::sign(x) == CertifiedSign::Positive; }
bool zero(double x) { return x == 0; }
bool zero(const LadderScalar& x) { return ScalarTraits<LadderScalar>::sign(x) == CertifiedSign::Zero; }
bool negative(double x) { return x < 0; }
bool negative(const LadderScalar& x) { return ScalarTraits<LadderScalar>::sign(x) == CertifiedSign::Negative; }

// A double value that lost the number it stands for (overflow, underflow).
bool lost(double v) { return !std::isfinite(v) || (v != 0 && std::abs(v) < 1e-290); }

// Plain double functions beside the ladder scalar's (found by argument-dependent lookup).
using std::abs;
using std::exp;
using std::log;
using std::max;
using std::min;
using std::sqrt;

template <class S>
struct Evaluator {
  const Bindings<S>& values;
  std::size_t coordinate;
  bool unreliable = false;  // double only: a value left double's range

  Sized<S> leaf(const S& v) {
    if constexpr (std::is_same_v<S, double>) unreliable |= lost(v);
    return {v, S(abs(v)), true};
  }
  Sized<S> undefined() { return {from_rational<S>(0), from_rational<S>(0), false}; }

  Sized<S> operator()(const Formula& f, int index) {
    const FormulaNode& node = f.nodes()[std::size_t(index)];
    using K = FormulaNode::Kind;
    auto arg = [&](int child) { return (*this)(f, child); };
    switch (node.kind) {
      case K::Number: return leaf(from_rational<S>(node.number));
      case K::Variable: {
        const std::vector<S>& v = values[node.variable];
        if (v.empty()) return undefined();
        return leaf(v.size() == 1 ? v[0] : v[coordinate]);
      }
      default: break;
    }
    const Sized<S> a = arg(node.left);
    if (!a.defined) return a;
    switch (node.kind) {
      case K::Add:
      case K::Sub:
      case K::Mul:
      case K::Div:
      case K::Min:
      case K::Max:
      case K::Pow: {
        const Sized<S> b = arg(node.right);
        if (!b.defined) return b;
        if (node.kind == K::Add) return {S(a.value + b.value), S(a.magnitude + b.magnitude), true};
        if (node.kind == K::Sub) return {S(a.value - b.value), S(a.magnitude + b.magnitude), true};
        if (node.kind == K::Mul) return {S(a.value * b.value), S(a.magnitude * b.magnitude), true};
        if (node.kind == K::Div) {
          if (zero(b.value)) return undefined();
          return {S(a.value / b.value), S(a.magnitude / abs(b.value)), true};
        }
        if (node.kind == K::Min) return leaf(min(a.value, b.value));
        if (node.kind == K::Max) return leaf(max(a.value, b.value));
        // Pow: integer constants by repeated products, anything else exp(y log x).
        if (const std::optional<Rational> e = f.constant_value(node.right))
          if (boost::multiprecision::denominator(*e) == 1 && abs(*e) <= 1000000) {
            if (*e < 0 && zero(a.value)) return undefined();
            return leaf(detail::integer_power(a.value, boost::multiprecision::numerator(*e).convert_to<long>()));
          }
        if (!positive(a.value)) return zero(a.value) ? leaf(from_rational<S>(0)) : undefined();
        return exponential(S(b.value * log(a.value)));
      }
      case K::Neg: return {S(-a.value), a.magnitude, true};
      case K::Exp: return exponential(a.value);
      case K::Log:
        if (!positive(a.value)) return undefined();
        return leaf(log(a.value));
      case K::Sqrt:
        if (negative(a.value)) return undefined();
        return leaf(sqrt(S(abs(a.value))));
      case K::Abs: return leaf(S(abs(a.value)));
      default: return undefined();
    }
  }

  Sized<S> exponential(const S& x) {
    if constexpr (std::is_same_v<S, double>) unreliable |= std::abs(x) > 700;
    return leaf(exp(x));
  }
};

bool strict(RelationOp op) { return op == RelationOp::Less || op == RelationOp::Greater; }

// The slack of one coordinate, with the ratio of its sides.
template <class S>
RelationSlack coordinate_slack(RelationOp op, const Sized<S>& lhs, const Sized<S>& rhs) {
  RelationSlack s;
  if (!lhs.defined || !rhs.defined) {
    s.slack = kNaN;
    return s;
  }
  const bool upper = op == RelationOp::LessEqual || op == RelationOp::Less;
  const S gap = upper || op == RelationOp::Equal ? S(rhs.value - lhs.value) : S(lhs.value - rhs.value);
  const S size = lhs.magnitude + rhs.magnitude;
  // The quotient in S: it lies in [-1, 1] even where the sides underflow.
  double q = approx(S(gap / size));
  if (std::isnan(q) || std::isinf(q)) {  // both sides 0, or infinite
    const double g = approx(gap);
    q = std::isnan(g) ? kNaN : g == 0 ? 0.0 : g > 0 ? 1.0 : -1.0;
  }
  s.slack = std::isnan(q) ? kNaN : std::max(-1.0, std::min(1.0, q));
  if (std::isnan(s.slack)) return s;
  // Within double rounding of 0 the sides are equal at the fast path (a tie
  // computed in double differs from itself by rounding only): the ladder
  // settles ties, the fast path does not flag them.
  if (std::abs(s.slack) <= kRoundingNoise) s.slack = 0;
  if (op == RelationOp::Equal && s.slack != 0) s.slack = -std::abs(s.slack);
  s.holds = op == RelationOp::Equal ? s.slack == 0 : strict(op) ? s.slack > 0 : s.slack >= 0;
  if (op != RelationOp::Equal && positive(lhs.value) && positive(rhs.value)) {
    const double ratio = approx(S(upper ? S(lhs.value / rhs.value) : S(rhs.value / lhs.value)));
    if (std::isfinite(ratio)) s.ratio = ratio;
  }
  return s;
}

// The tightest coordinate (it holds there only if it holds everywhere);
// `unreliable` is set when doubles could not carry the values.
template <class S>
RelationSlack slack_in(const Relation& r, const Bindings<S>& values, bool& unreliable) {
  RelationSlack worst;
  const std::size_t n = coordinate_count(r, values);
  for (std::size_t c = 0; c < n; ++c) {
    Evaluator<S> lhs{values, c}, rhs{values, c};
    const Sized<S> l = lhs(r.lhs(), r.lhs().root()), rs = rhs(r.rhs(), r.rhs().root());
    unreliable |= lhs.unreliable || rhs.unreliable;
    const RelationSlack s = coordinate_slack(r.op(), l, rs);
    if (std::isnan(s.slack)) return s;  // a coordinate without a value: the relation has none
    if (c == 0 || s.slack < worst.slack) worst = s;
  }
  return worst;
}

Bindings<double> midpoints(const Bindings<DoubleInterval>& values, bool& unreliable) {
  Bindings<double> mid(values.size());
  for (std::size_t v = 0; v < values.size(); ++v)
    for (const DoubleInterval& x : values[v]) {
      const double lo = x.lower(), hi = x.upper();
      // A wide enclosure (the filter lost the value) or a value beyond double's range.
      unreliable |= !std::isfinite(lo) || !std::isfinite(hi) || hi - lo > 1e-6 * std::max(std::abs(lo), std::abs(hi)) ||
                    lost(lo) || lost(hi);
      mid[v].push_back(approx(x));
    }
  return mid;
}

// Only the quantities a relation reads decide whether doubles can carry it.
bool reads_unreliable(const Relation& r, const Bindings<DoubleInterval>& values) {
  for (const Formula* side : {&r.lhs(), &r.rhs()})
    for (const FormulaNode& node : side->nodes())
      if (node.kind == FormulaNode::Kind::Variable) {
        Bindings<DoubleInterval> one(values.size());
        one[node.variable] = values[node.variable];
        bool unreliable = false;
        (void)midpoints(one, unreliable);
        if (unreliable) return true;
      }
  return false;
}

}  // namespace

std::string ratio_sides(RelationOp op) {
  return op == RelationOp::LessEqual || op == RelationOp::Less ? "lhs / rhs" : "rhs / lhs";
}

RelationSlack relation_slack(const Relation& relation, StagedQuantities& quantities) {
  const Bindings<DoubleInterval>& values = quantities.at_double();
  bool unreliable = reads_unreliable(relation, values);
  if (!unreliable) {
    bool ignored = false;
    const RelationSlack s = slack_in(relation, midpoints(values, ignored), unreliable);
    if (!unreliable) return s;
  }
  const Bindings<LadderScalar>& enclosures = quantities.at_bits(kFallbackBits);
  WorkingPrecision precision(kFallbackBits);
  bool ignored = false;
  return slack_in(relation, enclosures, ignored);
}

ClaimSlack claim_slack(const std::vector<Relation>& assumptions, const Relation& claim, StagedQuantities& quantities) {
  ClaimSlack s;
  for (std::size_t a = 0; a < assumptions.size(); ++a) {
    const RelationSlack r = relation_slack(assumptions[a], quantities);
    if (std::isnan(r.slack)) {
      s.applies = false;
      s.violation = std::numeric_limits<double>::infinity();
      s.assumption_slack = kNaN;
      continue;
    }
    s.applies &= r.holds;
    s.violation += std::max(0.0, -r.slack);
    if (a == 0 || r.slack < s.assumption_slack) s.assumption_slack = r.slack;
  }
  s.claim = relation_slack(claim, quantities);
  return s;
}

bool closer(const ClaimSlack& a, const ClaimSlack& b) {
  auto key = [](const ClaimSlack& s) {
    auto finite = [](double x) { return std::isnan(x) ? std::numeric_limits<double>::infinity() : x; };
    return std::make_tuple(s.applies ? 0 : 1, finite(s.violation), finite(s.claim.slack), finite(s.assumption_slack));
  };
  return key(a) < key(b);
}

double margin_estimate(const Relation& r, const Bindings<DoubleInterval>& values) {
  double worst = std::numeric_limits<double>::infinity();
  const std::size_t n = coordinate_count(r, values);
  for (std::size_t c = 0; c < n; ++c) {
    double lhs = 0, rhs = 0;
    try {
      lhs = ScalarTraits<DoubleInterval>::approx(evaluate(r.lhs(), values, c));
      rhs = ScalarTraits<DoubleInterval>::approx(evaluate(r.rhs(), values, c));
    } catch (const NotExact&) {
      return std::numeric_limits<double>::quiet_NaN();  // an undefined quantity: no estimate
    }
    double m = rhs - lhs;
    if (r.op() == RelationOp::GreaterEqual || r.op() == RelationOp::Greater) m = -m;
    if (r.op() == RelationOp::Equal) m = -std::abs(m);
    worst = std::min(worst, m);
  }
  return worst;
}

}  // namespace sinkcheck
