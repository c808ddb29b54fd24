#pragma once
// How far a claim is from failing on one instance, estimated on the fast
// path: the midpoints of the double-interval stage, or, for a relation whose
// values doubles cannot carry (a gate of e^-5000, an eps of 10^-2000, an
// enclosure the filter could not keep tight), the midpoints of the first
// ladder stage (128 bits, which the ladder then reuses). A slack only steers the
// targeted search and reports how close a search came; it never decides a
// verdict: every instance it flags is decided by the certified ladder.
//
// The slack of "lhs OP rhs" is the signed gap divided by the size of the
// terms it is made of, so that it is scale-free and lies in [-1, 1]:
//
//   <=, <   (rhs - lhs) / (|lhs| + |rhs|)     (terms: see `magnitude` below)
//   >=, >   (lhs - rhs) / (|lhs| + |rhs|)
//   ==      -|rhs - lhs| / (|lhs| + |rhs|)
//
// and 0 within double rounding (2^-40) of 0: a tie is left to the ladder.
// where |x| is the magnitude of a side: the sum of the absolute values of
// the terms added in it, so that "a + b > 0" with a = -b + tiny has a slack
// near 0 (tiny relative to |a| + |b|), not 1. Negative means violated; a
// strict relation is also violated at 0. A vector relation takes the
// smallest slack over its coordinates.
#include <optional>
#include <string>
#include <vector>

#include "verify/decide.hpp"
#include "verify/formula_eval.hpp"

namespace sinkcheck {

struct RelationSlack {
  double slack = 0;     // in [-1, 1]; NaN when the relation has no value at the midpoints
  bool holds = false;   // the relation holds at the midpoints
  // For an inequality whose two sides are positive at the tightest
  // coordinate: the side claimed smaller over the side claimed larger
  // (lhs / rhs for <=, rhs / lhs for >=), 1 at the boundary. A bound's
  // tightness ("bound / optimum = 0.99994").
  std::optional<double> ratio;
};

// Which side a ratio divides by which, for a relation's operator: "lhs / rhs" or "rhs / lhs".
std::string ratio_sides(RelationOp op);

RelationSlack relation_slack(const Relation& relation, StagedQuantities& quantities);

// A double estimate of how far a relation is from failing (>= 0: holds at
// the midpoint), in the relation's own units; see Statement::margin_estimates
// (mutate's gate). Not a certificate.
double margin_estimate(const Relation& relation, const Bindings<DoubleInterval>& values);

// A claim "assume => holds" on one instance.
struct ClaimSlack {
  bool applies = true;          // every assumption holds at the midpoints
  double violation = 0;         // how far the assumptions are from holding: sum of their negative slacks
  double assumption_slack = 0;  // the smallest assumption slack (0 without assumptions)
  RelationSlack claim;
};

ClaimSlack claim_slack(const std::vector<Relation>& assumptions, const Relation& claim, StagedQuantities& quantities);

// The search's lexicographic objective, smaller = closer to a counterexample:
// first the assumptions hold (not applying, then the violation), then the
// claim's slack, then the assumptions' own slack (toward the edge of the
// hypotheses, where claims tend to break). NaN counts as farthest.
bool closer(const ClaimSlack& a, const ClaimSlack& b);

}  // namespace sinkcheck
