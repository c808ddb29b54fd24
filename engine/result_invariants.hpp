#pragma once
// The invariants every result of the case loop satisfies, checked on a
// result read back from a file another process wrote (a shard record for
// `sinkcheck merge`): a record damaged or edited so that it breaks one is
// refused, never merged into a report that looks whole.
#include <string>

#include "engine/results.hpp"
#include "verify/decide.hpp"

namespace sinkcheck {

// Throws std::invalid_argument naming `where` and the field when `result`
// (and each of its other readings) breaks one:
// - each tally (holds, counterexamples, undecided, vacuous, escalated) is at
//   most `cases`, the four verdicts add up to `cases`, for the statement and
//   for each claim; a case counts as a counterexample where some claim
//   failed, as undecided where none failed and some stayed open, as vacuous
//   where every claim was; the claims' decisions by stage add up to `cases`
//   times the claims, each under a stage name of `policy`'s ladder;
// - a stored counterexample (undecided case) is of a claim that has one, at
//   most one stored per claim (at most ten undecided, each of a case counted
//   undecided), decided at a stage of the ladder, found "random" or "targeted";
// - the targeted phase's cases are among the statement's, its
//   counterexamples among its cases and the statement's.
void check_result_invariants(const StatementResult& result, const PrecisionPolicy& policy, const std::string& where);

}  // namespace sinkcheck
