#include <fmt/format.h>

#include "reports/writers.hpp"

namespace sinkcheck {

std::string describe_closest(const ClosestApproach& c) {
  if (!c.seen) return "no case where it applied";
  // An equality that holds has slack 0 everywhere: the most it can have.
  if (c.slack == 0 && c.relation.find("==") != std::string::npos)
    return fmt::format("an equality, exact on every case (case {})", c.case_index);
  std::string text = fmt::format("slack {:.3g}", c.slack);
  if (c.ratio) text += fmt::format(", {} = {:.6g}", c.ratio_sides, *c.ratio);
  text += c.found_by == "targeted" ? fmt::format(" (targeted search from case {})", c.case_index)
                                   : fmt::format(" (case {})", c.case_index);
  return text;
}

std::string describe_targeted(const TargetedSummary& t) {
  if (t.budget == 0) return "off";
  auto plural = [](std::size_t n, const char* one, const char* many) { return fmt::format("{} {}", n, n == 1 ? one : many); };
  return fmt::format("{} of {} evaluations in {}, {} certified, {}", t.evaluations, t.budget,
                     plural(t.searches, "search", "searches"), plural(t.cases, "instance", "instances"),
                     plural(t.counterexamples, "counterexample", "counterexamples"));
}

std::string describe_claim_outcome(const ClaimTally& claim) {
  if (claim.counterexamples) return "refuted";
  if (claim.proved()) return "proved: " + claim.proof_scope;
  return describe_closest(claim.closest);
}

}  // namespace sinkcheck
