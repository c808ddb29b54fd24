#include "propositions/smoothing_heads.hpp"

#include "verify/eigen_scalars.hpp"
#include "verify/exact_double.hpp"

namespace sinkcheck {

namespace {

const std::vector<Variable>& head_variables() {
  static const std::vector<Variable> vars = {
      {"beta", false, "residual weight"}, {"trBW", false, "tr(BW)"}, {"trBWtW", false, "tr(B W^T W)"}};
  return vars;
}

template <class S>
Bindings<S> head_quantities(const MeasuredHead& h) {
  const Eigen::Index d = h.B.rows();
  // A double is an exact rational (the inputs were checked finite when read).
  auto lift = [](double x) { return from_rational<S>(exact_rational(x, "a measured head")); };
  Matrix<S> B(d, d), W(d, d);
  for (Eigen::Index j = 0; j < d; ++j)
    for (Eigen::Index i = 0; i < d; ++i) B(i, j) = lift(h.B(i, j)), W(i, j) = lift(h.W(i, j));
  const Matrix<S> WtW = W.transpose().lazyProduct(W);
  S trBW = lift(0), trBWtW = lift(0);
  for (Eigen::Index i = 0; i < d; ++i)
    for (Eigen::Index j = 0; j < d; ++j) {
      trBW += B(i, j) * W(j, i);
      trBWtW += B(i, j) * WtW(j, i);
    }
  return {{lift(h.beta)}, {trBW}, {trBWtW}};
}

// The sign of a formula over the head's quantities, through the stages.
CertifiedSignOf sign_of(const std::string& formula, StagedQuantities& q, const PrecisionPolicy& policy) {
  const Relation positive = Relation::parse(formula + " > 0", head_variables());
  const Relation negative = Relation::parse(formula + " < 0", head_variables());
  CertifiedSignOf s;
  s.approx = ScalarTraits<DoubleInterval>::approx(evaluate(positive.lhs(), q.at_double()));
  const Decision p = decide(positive, q, policy);
  s.stage = p.stage;
  if (p.verdict == Verdict::Undecided) return s;
  if (p.verdict == Verdict::Holds) {
    s.decided = true;
    s.sign = 1;
    return s;
  }
  s.at_most_zero = true;
  const Decision n = decide(negative, q, policy);  // not positive: negative or zero
  s.stage = n.stage;
  s.decided = n.verdict != Verdict::Undecided;
  s.sign = n.verdict == Verdict::Holds ? -1 : 0;
  return s;
}

}  // namespace

HeadClass classify_head(const MeasuredHead& h, const PrecisionPolicy& policy) {
  StagedQuantities q([&h] { return head_quantities<DoubleInterval>(h); }, [&h] { return head_quantities<LadderScalar>(h); },
                     [&h]() -> std::optional<Bindings<ExactValue>> { return head_quantities<ExactValue>(h); });
  HeadClass c;
  c.label = h.label;
  c.trBW = sign_of("trBW", q, policy);
  c.trBWtW = sign_of("trBWtW", q, policy);
  c.red = sign_of("beta*trBW", q, policy);
  c.blue = sign_of("beta*trBW + trBWtW", q, policy);
  const bool red = c.red.decided && c.red.sign > 0, blue = c.blue.decided && c.blue.sign < 0;
  const bool not_red = c.red.at_most_zero, not_blue = c.blue.decided && c.blue.sign >= 0;
  if (red && blue) {
    c.colour = "red";
    c.note = "also blue: tr(BW^T W) < 0, so B is not PSD";
  } else if (red) {
    c.colour = "red";
  } else if (blue) {
    c.colour = "blue";
  } else {
    c.colour = not_red && not_blue ? "grey" : "undecided";
  }
  if (c.trBWtW.decided && c.trBWtW.sign < 0 && c.note.empty()) c.note = "tr(BW^T W) < 0: B is not PSD";
  if (!h.B.isApprox(h.B.transpose(), 0) && c.note.empty()) c.note = "B is not exactly symmetric";
  return c;
}

}  // namespace sinkcheck
