#include "verify/decide.hpp"

#include <mpfr.h>

#include <cmath>
#include <cstdio>
#include <limits>

namespace sinkcheck {

const char* to_string(Verdict v) {
  switch (v) {
    case Verdict::Holds: return "holds";
    case Verdict::Counterexample: return "counterexample";
    case Verdict::Undecided: return "undecided";
    case Verdict::Vacuous: return "vacuous";
  }
  return "?";
}

std::string ScalarTraits<DoubleInterval>::describe(const DoubleInterval& x) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "[%.17g, %.17g]", x.lower(), x.upper());
  return buf;
}

namespace {

// Printed outward-rounded, so the text is itself a valid enclosure.
std::string describe_endpoints(mpfr_srcptr lower, mpfr_srcptr upper) {
  auto bound = [](mpfr_srcptr b, const char* format) {
    char* s = nullptr;
    mpfr_asprintf(&s, format, b);
    std::string out = s ? s : "?";
    mpfr_free_str(s);
    return out;
  };
  return "[" + bound(lower, "%.20RDg") + ", " + bound(upper, "%.20RUg") + "]";
}

}  // namespace

std::string ScalarTraits<Mpfi>::describe(const Mpfi& x) {
  return describe_endpoints(&x.data()->left, &x.data()->right);
}

// The ball's endpoints m - r, m + r rounded outward at its precision: the
// same text as the MPFI interval of the value wherever the two agree to 20
// digits, which keeps the reports' evidence comparable across the switch.
std::string ScalarTraits<Arb>::describe(const Arb& x) {
  mpfr_t lower, upper;
  mpfr_init2(lower, mpfr_prec_t(x.precision()));
  mpfr_init2(upper, mpfr_prec_t(x.precision()));
  if (arb_is_finite(x.data())) {
    arb_get_interval_mpfr(lower, upper, x.data());
  } else {  // indeterminate: the whole line, as MPFI prints it
    mpfr_set_inf(lower, -1);
    mpfr_set_inf(upper, 1);
  }
  std::string text = describe_endpoints(lower, upper);
  mpfr_clear(lower);
  mpfr_clear(upper);
  return text;
}

const Bindings<DoubleInterval>& StagedQuantities::at_double() {
  if (!double_) double_ = double_fn_();
  return *double_;
}

const Bindings<LadderScalar>& StagedQuantities::at_bits(unsigned bits) {
  auto it = ladder_.find(bits);
  if (it == ladder_.end()) {
    WorkingPrecision precision(bits);
    it = ladder_.emplace(bits, ladder_fn_()).first;
  }
  return it->second;
}

const Bindings<ExactValue>* StagedQuantities::exact() {
  if (!exact_tried_) {
    exact_tried_ = true;
    ExactField field(field_denominator_);
    try {
      exact_ = exact_fn_();
    } catch (const NotExact&) {
      exact_.reset();
    }
  }
  return exact_ ? &*exact_ : nullptr;
}

namespace {

// Undefined: the relation names a quantity the instance does not have (an
// empty binding). That is the same at every precision, so it ends the ladder.
enum class StageAnswer { Holds, Violated, Unknown, Undefined };

// Whether the certified sign of (rhs - lhs) makes "lhs op rhs" true or false.
StageAnswer judge(RelationOp op, CertifiedSign s) {
  using C = CertifiedSign;
  if (s == C::Unknown) return StageAnswer::Unknown;
  switch (op) {
    case RelationOp::LessEqual:
      return s == C::Positive || s == C::Zero ? StageAnswer::Holds
             : s == C::Negative               ? StageAnswer::Violated
                                              : StageAnswer::Unknown;
    case RelationOp::GreaterEqual:
      return s == C::Negative || s == C::Zero ? StageAnswer::Holds
             : s == C::Positive               ? StageAnswer::Violated
                                              : StageAnswer::Unknown;
    case RelationOp::Less:
      return s == C::Positive ? StageAnswer::Holds
             : (s == C::Negative || s == C::Zero) ? StageAnswer::Violated
                                                  : StageAnswer::Unknown;
    case RelationOp::Greater:
      return s == C::Negative ? StageAnswer::Holds
             : (s == C::Positive || s == C::Zero) ? StageAnswer::Violated
                                                  : StageAnswer::Unknown;
    case RelationOp::Equal:
      return s == C::Zero ? StageAnswer::Holds : StageAnswer::Violated;
  }
  return StageAnswer::Unknown;
}

struct StageResult {
  StageAnswer answer = StageAnswer::Unknown;
  std::string evidence;
};

// Decides the coordinates not yet settled; a coordinate certified to hold at
// one stage stays settled at the later ones (so a vector relation whose
// coordinates need different stages, e.g. one tie among many strict
// inequalities, is decided coordinate by coordinate).
//
// Evidence is printed only where it can be reported (see Decision::evidence):
// for a violated coordinate, and for an open one only at the stage whose
// evidence an undecided claim keeps (`describe_open`, the ladder's last).
template <class S>
StageResult evaluate_stage(const Relation& r, const Bindings<S>& values, std::vector<char>& settled,
                           bool describe_open) {
  StageResult result{StageAnswer::Holds, ""};
  const std::size_t n = coordinate_count(r, values);
  if (settled.size() != n) settled.assign(n, 0);
  for (std::size_t c = 0; c < n; ++c) {
    if (settled[c]) continue;
    StageAnswer answer = StageAnswer::Unknown;
    std::string evidence;
    try {
      const S lhs = evaluate(r.lhs(), values, c);
      const S rhs = evaluate(r.rhs(), values, c);
      answer = judge(r.op(), ScalarTraits<S>::sign(rhs - lhs));
      if (answer == StageAnswer::Violated || (answer == StageAnswer::Unknown && describe_open))
        evidence = (n > 1 ? "coordinate " + std::to_string(c) + ": " : std::string()) + "lhs = " +
                   ScalarTraits<S>::describe(lhs) + ", rhs = " + ScalarTraits<S>::describe(rhs);
    } catch (const UndefinedQuantity& e) {
      return {StageAnswer::Undefined, e.what()};
    } catch (const NotExact& e) {
      answer = StageAnswer::Unknown;
      evidence = e.what();
    }
    if (answer == StageAnswer::Violated) return {answer, evidence};
    if (answer == StageAnswer::Holds) settled[c] = 1;
    if (answer == StageAnswer::Unknown) result.answer = StageAnswer::Unknown;
    if (result.evidence.empty() || answer == StageAnswer::Unknown) result.evidence = evidence;
  }
  return result;
}

// "arb-<bits>": a ladder step, named after what computes it (Arb balls at
// that precision); report schema 1 called it "mpfi-<bits>" (docs/report-schema.md).
std::string ladder_stage_name(unsigned bits) { return "arb-" + std::to_string(bits); }
std::string cap_stage_name(const PrecisionPolicy& policy) { return "cap-" + std::to_string(policy.cap_bits()); }

bool decisive(StageAnswer a) { return a == StageAnswer::Holds || a == StageAnswer::Violated; }

Decision finish(StageResult r, const std::string& stage, const Relation& relation) {
  Decision d;
  d.verdict = r.answer == StageAnswer::Holds ? Verdict::Holds : Verdict::Counterexample;
  d.stage = stage;
  d.evidence = r.evidence;
  if (d.verdict != Verdict::Holds) d.failing = relation.text();
  return d;
}

// The relation has no value on this instance (certified at some stage): the
// same at every precision, so the ladder ends; never holds, never fails.
Decision undefined(const StageResult& r, const Relation& relation) {
  Decision d;
  d.verdict = Verdict::Undecided;
  d.stage = "undefined";
  d.evidence = r.evidence;
  d.failing = relation.text();
  return d;
}

}  // namespace

bool is_stage_name(const std::string& stage, const PrecisionPolicy& policy) {
  if (stage == "double" || stage == "exact" || stage == "undefined" || stage == cap_stage_name(policy)) return true;
  for (unsigned bits : policy.ladder_bits)
    if (stage == ladder_stage_name(bits)) return true;
  return false;
}

Decision decide(const Relation& relation, StagedQuantities& q, const PrecisionPolicy& policy) {
  std::vector<char> settled;
  StageResult r = evaluate_stage(relation, q.at_double(), settled, policy.ladder_bits.empty());
  if (r.answer == StageAnswer::Undefined) return undefined(r, relation);
  if (decisive(r.answer)) return finish(r, "double", relation);
  std::string last_evidence = r.evidence;
  bool exact_done = !policy.use_exact;
  for (std::size_t step = 0; step < policy.ladder_bits.size(); ++step) {
    const unsigned bits = policy.ladder_bits[step];
    {
      const Bindings<LadderScalar>& values = q.at_bits(bits);
      WorkingPrecision precision(bits);
      r = evaluate_stage(relation, values, settled, step + 1 == policy.ladder_bits.size());
    }
    if (r.answer == StageAnswer::Undefined) return undefined(r, relation);
    if (decisive(r.answer)) return finish(r, ladder_stage_name(bits), relation);
    last_evidence = r.evidence;
    // After the first escalation, an exact zero test settles ties and
    // identities that no finite precision can.
    if (!exact_done) {
      exact_done = true;
      if (const Bindings<ExactValue>* exact = q.exact()) {
        ExactField field(q.field_denominator());
        r = evaluate_stage(relation, *exact, settled, false);
        if (r.answer == StageAnswer::Undefined) return undefined(r, relation);
        if (decisive(r.answer)) return finish(r, "exact", relation);
      }
    }
  }
  Decision d;
  d.verdict = Verdict::Undecided;
  d.stage = cap_stage_name(policy);
  d.evidence = last_evidence;
  d.failing = relation.text();
  return d;
}

Decision decide(const std::vector<Relation>& assumptions, const Relation& claim, StagedQuantities& q,
                const PrecisionPolicy& policy) {
  // A certified-false assumption makes the claim vacuous wherever it stands
  // in the list; an open one leaves the case undecided only if none is false.
  std::optional<Decision> open;
  for (const Relation& a : assumptions) {
    const Decision hyp = decide(a, q, policy);
    if (hyp.verdict == Verdict::Counterexample) {
      Decision d;
      d.verdict = Verdict::Vacuous;
      d.stage = hyp.stage;
      d.evidence = "assumption '" + a.text() + "' is false: " + hyp.evidence;
      return d;
    }
    if (hyp.verdict == Verdict::Undecided && !open) {
      open = hyp;
      open->failing = "assumption: " + a.text();
    }
  }
  if (open) return *open;
  return decide(claim, q, policy);
}

}  // namespace sinkcheck
