#include <fmt/format.h>

#include <ostream>

#include "engine/claim_health.hpp"
#include "reports/writers.hpp"

namespace sinkcheck {

void print_table_header(std::ostream& out) {
  out << fmt::format("{:<8} {:<15} {:>7} {:>7} {:>8} {:>9} {:>7} {:>10} {:>8}\n", "id", "verdict", "cases", "holds",
                     "counterx", "undecided", "vacuous", "escalated", "time");
}

void print_table(std::ostream& out, const StatementResult& s) {
  const double share = s.cases ? 100.0 * double(s.escalated) / double(s.cases) : 0.0;
  out << fmt::format("{:<8} {:<15} {:>7} {:>7} {:>8} {:>9} {:>7} {:>9.1f}% {:>7.2f}s\n", s.id, to_string(s.verdict()),
                     s.cases, s.holds, s.counterexamples, s.undecided, s.vacuous, share, s.seconds);
  for (const CaseRecord& c : s.counterexample_cases)
    out << fmt::format("         counterexample to \"{}\": {} [{}{}]\n", c.claim, c.relation, c.stage,
                       c.found_by == "targeted" ? ", targeted" : "");
  // How close the search came to refuting each claim that held.
  for (const ClaimTally& c : s.claims)
    if (c.proved()) out << fmt::format("         proved, \"{}\": {}\n", c.name, c.proof_scope);
  for (const ClaimTally& c : s.claims)
    if (c.closest.seen && c.counterexamples == 0)
      out << fmt::format("         closest to failing, \"{}\": {}\n", c.name, describe_closest(c.closest));
  // Health: a claim that applied to no case, or to very few, proves little.
  for (const ClaimApplication& a : claim_applications(s))
    if (a.never_applied() || a.rarely_applied())
      out << fmt::format("         health: \"{}\"{} {}: {}\n", a.claim, a.reading.empty() ? "" : " (reading '" + a.reading + "')",
                         a.never_applied() ? "never applied" : "rarely applied", a.describe());
  for (const StatementResult& other : s.other_readings) {
    out << fmt::format("         reading '{}' (not selected): {}, {} of {} cases\n", other.reading,
                       to_string(other.verdict()), other.verdict() == Verdict::Counterexample ? other.counterexamples
                                                                                               : other.holds,
                       other.cases);
    for (const CaseRecord& c : other.counterexample_cases)
      out << fmt::format("           counterexample to \"{}\": {} [{}]\n", c.claim, c.relation, c.stage);
  }
}

}  // namespace sinkcheck
