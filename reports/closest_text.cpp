#include <fmt/format.h>

#include "reports/writers.hpp"

namespace sinkcheck {

std::string describe_closest(const ClosestApproach& c) {
  if (!c.seen) return "no case where it applied";
  std::string text = fmt::format("slack {:.3g}", c.slack);
  if (c.ratio) text += fmt::format(", {} = {:.6g}", c.ratio_sides, *c.ratio);
  text += c.found_by == "targeted" ? fmt::format(" (targeted search from case {})", c.case_index)
                                   : fmt::format(" (case {})", c.case_index);
  return text;
}

std::string describe_targeted(const TargetedSummary& t) {
  if (t.budget == 0) return "off";
  return fmt::format("{} of {} evaluations in {} searches, {} instances certified, {} counterexample{}", t.evaluations,
                     t.budget, t.searches, t.cases, t.counterexamples, t.counterexamples == 1 ? "" : "s");
}

}  // namespace sinkcheck
