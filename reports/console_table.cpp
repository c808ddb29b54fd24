#include <fmt/format.h>

#include <algorithm>
#include <ostream>

#include "engine/claim_health.hpp"
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
  out << fmt::format("{:<8} {:<15} {:>7} {:>7} {:>7} {:>8} {:>9} {:>7} {:>9} {:>8}\n", "id", "verdict", "budget",
                     "cases", "holds", "counterx", "undecided", "vacuous", "escalated", "time");
}

void print_table_legend(std::ostream& out) { out << cases_legend() << "\n"; }

void print_table(std::ostream& out, const StatementResult& s, bool verbose) {
  const std::size_t budget = case_budget(s);
  out << fmt::format("{:<8} {:<15} {:>7} {:>7} {:>7} {:>8} {:>9} {:>7} {:>9} {:>7.2f}s\n", s.id,
                     to_string(s.verdict()), budget, s.cases, s.holds, s.counterexamples, s.undecided, s.vacuous,
                     s.escalated, s.seconds);
  for (const CaseRecord& c : s.counterexample_cases) {
    out << fmt::format("         counterexample to \"{}\": {} [{}{}]\n", c.claim, c.relation, c.stage,
                       c.found_by == "targeted" ? ", targeted" : "");
    print_falsifying_example(out, c, "           ");
  }
  // Pinned and database examples, decided before the generated cases.
  for (const ExampleOutcome& e : s.examples) {
    if (!verbose && e.verdict != Verdict::Counterexample) continue;
    out << fmt::format("         {} example for \"{}\": {} [{}]\n", e.source == "theory" ? "pinned" : "database",
                       e.record.claim, to_string(e.verdict), e.record.stage);
    if (e.verdict == Verdict::Counterexample) print_falsifying_example(out, e.record, "           ");
  }
  for (const ClaimTally& c : s.claims)
    if (c.holds == 0 && c.counterexamples == 0 && c.undecided == 0)
      out << fmt::format("         claim \"{}\" is vacuous: its assumptions held on none of the {} cases\n", c.name,
                         s.cases);
  if (!verbose) return;
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

void print_run_summary(std::ostream& out, const RunReport& report, const std::string& files) {
  std::size_t by_verdict[4] = {0, 0, 0, 0};
  for (const StatementResult& s : report.statements) ++by_verdict[int(s.verdict())];
  out << fmt::format("sinkcheck: {} {}: {} hold, {} with a counterexample, {} undecided, {} vacuous{}; reports: {}\n",
                     report.statements.size(), report.statements.size() == 1 ? "statement" : "statements", by_verdict[int(Verdict::Holds)], by_verdict[int(Verdict::Counterexample)],
                     by_verdict[int(Verdict::Undecided)], by_verdict[int(Verdict::Vacuous)],
                     report.complete ? "" : " (partial: interrupted)", files);
}

}  // namespace sinkcheck
