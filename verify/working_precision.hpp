#pragma once
// The working precision of the arbitrary-precision scalars (Mpfi, Arb).
//
// Their values carry their own precision, so only a *new* value made from a
// constant (an int, a double, a rational) needs a precision from outside: the
// working precision of the current thread, set by a WorkingPrecision scope,
// which the ladder (verify/decide.cpp, StagedQuantities::at_bits) opens around
// one evaluation of a statement's quantities at one precision. One scope
// serves every scalar, so a kernel templated over the scalar sets it the same
// way for each.

namespace sinkcheck {

// Sets the working precision (in bits) of the new values this thread makes
// from constants while the scope lives; values already made keep theirs.
class WorkingPrecision {
 public:
  explicit WorkingPrecision(unsigned bits);
  ~WorkingPrecision();
  WorkingPrecision(const WorkingPrecision&) = delete;
  WorkingPrecision& operator=(const WorkingPrecision&) = delete;
  // 128 outside any scope: the ladder's first precision.
  static unsigned working_bits();

 private:
  unsigned saved_;
};

}  // namespace sinkcheck
