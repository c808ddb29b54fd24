#pragma once
// The precision policy (filtered-predicate pattern): every relation is first
// decided from double intervals; only when their enclosure cannot tell the
// sign of rhs - lhs does it escalate, through Arb balls (LadderScalar) at growing
// precision and,
// when the instance has an exact form, the exact field Q(e^{1/D}).
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "verify/formula.hpp"
#include "verify/formula_eval.hpp"
#include "verify/verdict.hpp"

namespace sinkcheck {

struct PrecisionPolicy {
  // e^-5000 is 2^-7213, and squared gates twice that: margins up to 5000 need
  // a cap above 8192 bits.
  std::vector<unsigned> ladder_bits{128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768};
  bool use_exact = true;
  unsigned cap_bits() const { return ladder_bits.empty() ? 53 : ladder_bits.back(); }
};

// Whether `stage` names a stage a decision under `policy` can end at:
// "double", "mpfi-<bits>" for one of its ladder's bits, "exact", "undefined"
// or "cap-<its cap bits>" (what a record read back may say).
bool is_stage_name(const std::string& stage, const PrecisionPolicy& policy);

// A statement's quantities for one instance, at each stage, computed on
// demand and cached so that all claims of a statement share one evaluation.
class StagedQuantities {
 public:
  using DoubleFn = std::function<Bindings<DoubleInterval>()>;
  using LadderFn = std::function<Bindings<LadderScalar>()>;  // called inside a WorkingPrecision scope
  using ExactFn = std::function<std::optional<Bindings<ExactValue>>()>;

  // `field_denominator` is the D of the exact field Q(e^{1/D}) the instance lives in.
  StagedQuantities(DoubleFn d, LadderFn l, ExactFn e, Integer field_denominator = 1)
      : double_fn_(std::move(d)), ladder_fn_(std::move(l)), exact_fn_(std::move(e)),
        field_denominator_(std::move(field_denominator)) {}

  const Bindings<DoubleInterval>& at_double();
  const Bindings<LadderScalar>& at_bits(unsigned bits);
  // nullptr when the instance has no exact form or leaves the exact field.
  const Bindings<ExactValue>* exact();
  const Integer& field_denominator() const { return field_denominator_; }

 private:
  DoubleFn double_fn_;
  LadderFn ladder_fn_;
  ExactFn exact_fn_;
  Integer field_denominator_;
  std::optional<Bindings<DoubleInterval>> double_;
  std::map<unsigned, Bindings<LadderScalar>> ladder_;
  bool exact_tried_ = false;
  std::optional<Bindings<ExactValue>> exact_;
};

// Decides "assume ⇒ claim" on one instance: Vacuous when an assumption is
// certified false, otherwise the claim's verdict.
Decision decide(const std::vector<Relation>& assumptions, const Relation& claim,
                StagedQuantities& quantities, const PrecisionPolicy& policy);

// Decides one relation alone (Holds / Counterexample / Undecided).
Decision decide(const Relation& relation, StagedQuantities& quantities, const PrecisionPolicy& policy);

}  // namespace sinkcheck
