#include "engine/boundary_search.hpp"

#include "engine/parallel.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <vector>

namespace sinkcheck {

namespace {

// The midpoint of (a, b) rounded down to a multiple of 2^-k with 2^-k ≤ (b − a)/4:
// still inside (a, b), within a quarter of the width of the midpoint, and
// short to print, so that stored brackets stay readable.
Rational dyadic_between(const Rational& x, const Rational& y) {
  const Rational& a = std::min(x, y);
  const Rational& b = std::max(x, y);
  const Rational mid = (a + b) / 2, quarter = (b - a) / 4;
  unsigned k = 0;
  while (Rational(1, Integer(1) << k) > quarter) ++k;
  const Rational scaled = mid * Rational(Integer(1) << k);
  const Integer floor = Integer(boost::multiprecision::numerator(scaled)) / Integer(boost::multiprecision::denominator(scaled));
  const Rational candidate(floor, Integer(1) << k);
  return candidate > a ? candidate : mid;
}

}  // namespace

ThresholdBracket find_threshold(const std::function<Verdict(const Rational&)>& verdict_at, const Rational& low,
                                const Rational& high, const Rational& width, int scan_points) {
  ThresholdBracket out;
  std::vector<Rational> grid;
  for (int k = 0; k < scan_points; ++k) grid.push_back(low + (high - low) * Rational(k, scan_points - 1));
  // The scan's points are independent: certified in parallel, read in order.
  std::vector<Verdict> verdicts(grid.size());
  for_each_index(grid.size(), [&](std::size_t k) { verdicts[k] = verdict_at(grid[k]); });
  for (std::size_t k = 0; k < grid.size(); ++k) {
    ++out.evaluations;
    if (verdicts[k] == Verdict::Undecided) {
      out.note = "undecided at " + to_string(grid[k]);
      return out;
    }
  }
  // An upper bound fails below its threshold (the last failing-to-holding
  // change); a lower bound such as L_sink may fail above one (the first
  // holding-to-failing change, the end of the range where it holds from `low`).
  int crossings = 0, last_rise = -1, first_fall = -1;
  for (std::size_t k = 0; k + 1 < grid.size(); ++k)
    if (verdicts[k] != verdicts[k + 1]) {
      ++crossings;
      if (verdicts[k] == Verdict::Counterexample && verdicts[k + 1] == Verdict::Holds) last_rise = int(k);
      if (verdicts[k] == Verdict::Holds && verdicts[k + 1] == Verdict::Counterexample && first_fall < 0) first_fall = int(k);
    }
  if (last_rise < 0 && first_fall < 0) {
    const bool holds = verdicts.front() == Verdict::Holds && verdicts.back() == Verdict::Holds;
    out.note = crossings == 0 ? (holds ? "holds on the whole scanned range" : "fails on the whole scanned range")
                              : "no change between failing and holding on the scan";
    return out;
  }
  const bool fails_below = last_rise >= 0;
  const std::size_t at = std::size_t(fails_below ? last_rise : first_fall);
  if (crossings > 1)
    out.note = std::to_string(crossings) + " changes of verdict on the scan; the " +
               (fails_below ? "last failing-to-holding" : "first holding-to-failing") + " one is bracketed";
  Rational fails = grid[fails_below ? at : at + 1], holds = grid[fails_below ? at + 1 : at];
  while (abs(holds - fails) > width) {
    const Rational mid = dyadic_between(fails, holds);
    const Verdict v = verdict_at(mid);
    ++out.evaluations;
    if (v == Verdict::Undecided) {
      out.note = "undecided at " + to_string(mid) + " (bracket left wider than asked)";
      break;
    }
    (v == Verdict::Holds ? holds : fails) = mid;
  }
  out.found = true;
  out.fails = fails;
  out.holds = holds;
  return out;
}

std::string bracket_text(const ThresholdBracket& b) {
  if (!b.found) return "none (" + b.note + ")";
  const double lo = to_double(std::min(b.fails, b.holds)), hi = to_double(std::max(b.fails, b.holds));
  const int digits = std::max(3, int(std::ceil(-std::log10(std::max(hi - lo, 1e-15)))) + 1);
  std::ostringstream s;
  s.precision(digits);
  s << std::fixed << "[" << lo << ", " << hi << "]";
  return s.str();
}

}  // namespace sinkcheck
