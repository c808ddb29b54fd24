#include <fmt/format.h>

#include <ostream>

#include "reports/writers.hpp"

namespace sinkcheck {

namespace {

// Longer inputs (P1's geometries, P4's matrices) are cut on the console;
// report.md and report.json have them whole.
constexpr std::size_t kConsoleInputsChars = 300;

void print_falsifying_example(std::ostream& out, const CaseRecord& c, const std::string& indent) {
  std::string inputs = short_inputs(c.inputs);
  if (inputs.size() > kConsoleInputsChars)
    inputs = inputs.substr(0, kConsoleInputsChars) + " … (whole inputs in report.md)";
  out << indent << "falsifying example (" << describe_origin(c) << "):\n" << indent << "  " << inputs << "\n";
  for (const std::string& line : falsifying_lines(c)) out << indent << "  " << line << "\n";
}

}  // namespace

void print_table_header(std::ostream& out) {
  out << fmt::format("{:<8} {:<15} {:>7} {:>7} {:>8} {:>9} {:>7} {:>10} {:>8}\n", "id", "verdict", "cases", "holds",
                     "counterx", "undecided", "vacuous", "escalated", "time");
}

void print_table(std::ostream& out, const StatementResult& s) {
  const double share = s.cases ? 100.0 * double(s.escalated) / double(s.cases) : 0.0;
  out << fmt::format("{:<8} {:<15} {:>7} {:>7} {:>8} {:>9} {:>7} {:>9.1f}% {:>7.2f}s\n", s.id, to_string(s.verdict()),
                     s.cases, s.holds, s.counterexamples, s.undecided, s.vacuous, share, s.seconds);
  for (const CaseRecord& c : s.counterexample_cases) {
    out << fmt::format("         counterexample to \"{}\": {} [{}{}]\n", c.claim, c.relation, c.stage,
                       c.found_by == "targeted" ? ", targeted" : "");
    print_falsifying_example(out, c, "           ");
  }
  // Pinned and database examples, decided before the generated cases.
  for (const ExampleOutcome& e : s.examples) {
    out << fmt::format("         {} example for \"{}\": {} [{}]\n", e.source == "theory" ? "pinned" : "database",
                       e.record.claim, to_string(e.verdict), e.record.stage);
    if (e.verdict == Verdict::Counterexample) print_falsifying_example(out, e.record, "           ");
  }
  // How close the search came to refuting each claim that held.
  for (const ClaimTally& c : s.claims)
    if (c.closest.seen && c.counterexamples == 0)
      out << fmt::format("         closest to failing, \"{}\": {}\n", c.name, describe_closest(c.closest));
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
