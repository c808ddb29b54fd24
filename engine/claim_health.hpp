#pragma once
// How often each claim applied in a run: a claim whose assumptions held on no
// generated case proves nothing, and one that applied to a handful of cases
// proves little (Hypothesis's health checks). The rule is written here once;
// `check` warns, `check --strict` and `gate` fail on it.
#include <string>
#include <vector>

#include "engine/results.hpp"

namespace sinkcheck {

struct ClaimApplication {
  std::string statement, claim, reading;  // reading: empty for the selected one
  std::size_t applied = 0;    // cases on which it applied and was decided (holds + counterexamples)
  std::size_t undecided = 0;  // cases left undecided (applied or not: unknown)
  std::size_t cases = 0;      // the statement's cases
  bool selected = true;       // of the selected reading (only those can fail a run)
  // Proved by Coq (`check --prove`, `gate`) and not sampled: a proof counts
  // only with a witness instance where the claim applies, so it applied.
  bool proved = false;

  // Applied to no decided case: proves nothing.
  bool never_applied() const { return applied == 0 && !proved; }
  // Applied, but to fewer than kRareApplications cases and under 5% of them.
  bool rarely_applied() const;
  // "its assumptions hold on no generated case" / "... on 3 of 1000 cases".
  std::string describe() const;
};

// Fewer decided applications than this (and under 5% of the cases) draw a warning.
inline constexpr std::size_t kRareApplications = 10;

// Every claim of a statement's result, the other readings' after the selected one's.
std::vector<ClaimApplication> claim_applications(const StatementResult& result);

}  // namespace sinkcheck
