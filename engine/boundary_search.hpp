#pragma once
// Where a claim stops holding as one parameter moves: a certified bracket
// [fails, holds] of a threshold, found by a coarse scan and bisection in
// which every step is a certified verdict (never a floating-point guess).
#include <functional>
#include <optional>
#include <string>

#include "verify/rational.hpp"
#include "verify/verdict.hpp"

namespace sinkcheck {

struct ThresholdBracket {
  bool found = false;       // a certified failing value next to a certified holding one
  Rational fails, holds;    // the claim fails at `fails` and holds at `holds`, |holds − fails| ≤ width
                            // (fails < holds: it fails below; fails > holds: it fails above)
  std::size_t evaluations = 0;
  std::string note;         // why nothing was found, or what the scan saw (several crossings, …)
};

// Scans `scan_points` values from `low` to `high`, takes the largest value
// where the claim fails that is followed by one where it holds (the
// threshold *below which* it fails: upper bounds), or else the first value
// where it holds followed by one where it fails (the threshold *above which*
// it fails: a lower bound such as P4's L_sink; then fails > holds), and
// bisects there down to `width`, with dyadic midpoints. An undecided verdict
// stops the search with a note.
// The scan runs in parallel: `verdict_at` must be safe to call from several
// threads (a pure function of its argument).
ThresholdBracket find_threshold(const std::function<Verdict(const Rational&)>& verdict_at, const Rational& low,
                                const Rational& high, const Rational& width, int scan_points = 48);

// "[0.33331, 0.33340]" with enough digits to show the bracket's width.
std::string bracket_text(const ThresholdBracket& b);

}  // namespace sinkcheck
