#include <sstream>

#include "reports/writers.hpp"

namespace sinkcheck {

namespace {

// Claims, stages, notes and cases of one statement (or one of its readings).
void statement_body(std::ostringstream& md, const StatementResult& s, const std::string& level) {
  if (s.interrupted) md << "**Interrupted** after " << s.cases << " cases.\n\n";
  md << "| claim | holds | counterexamples | undecided | vacuous | closest approach |\n"
        "|---|---:|---:|---:|---:|---|\n";
  for (const ClaimTally& c : s.claims)
    md << "| " << c.name << ": `" << c.text << "` | " << c.holds << " | " << c.counterexamples << " | "
       << c.undecided << " | " << c.vacuous << " | " << describe_claim_outcome(c)
       << " |\n";
  md << "\nTargeted phase: " << describe_targeted(s.targeted) << ".\n";
  md << "\nDecided by:";
  for (const auto& [stage, n] : stages_by_precision(s.decided_by)) md << " " << stage << " " << n << ";";
  md << "\n";
  for (const std::string& note : s.notes) md << "\n> " << note << "\n";
  for (const Table& t : s.tables) {
    md << "\n**" << t.title << "**";
    if (!t.caption.empty()) md << " — " << t.caption;
    md << "\n\n|";
    for (const std::string& c : t.columns) md << " " << c << " |";
    md << "\n|";
    for (std::size_t k = 0; k < t.columns.size(); ++k) md << (k == 0 ? "---|" : "---:|");
    md << "\n";
    for (const auto& row : t.rows) {
      md << "|";
      for (const std::string& cell : row) md << " " << cell << " |";
      md << "\n";
    }
  }
  if (!s.examples.empty()) {
    md << "\nExamples decided before the generated cases (not in their tallies):\n\n"
          "| source | claim | verdict | stage | inputs |\n|---|---|---|---|---|\n";
    for (const ExampleOutcome& e : s.examples)
      md << "| " << (e.source == "theory" ? "pinned in the theory file" : "example database") << " | " << e.record.claim
         << " | **" << to_string(e.verdict) << "** | " << e.record.stage << " | `" << short_inputs(e.record.inputs)
         << "` |\n";
    for (const ExampleOutcome& e : s.examples)
      if (e.verdict == Verdict::Counterexample) {
        md << "\nFalsifying example (" << describe_origin(e.record) << ", \"" << e.record.claim << "\"):\n\n```text\n";
        for (const std::string& line : falsifying_lines(e.record)) md << line << "\n";
        md << "```\n";
      }
  }
  for (const CaseRecord& c : s.counterexample_cases) {
    md << "\n" << level << " Counterexample to \"" << c.claim << "\" ("
       << (c.found_by == "targeted" ? "found by the targeted search from case " : "case ") << c.case_index
       << ", " << (c.found_by == "targeted" ? "search seed " : "case seed ") << c.case_seed << ")\n\n";
    for (const std::string& blame : c.broken_by) md << "- **" << blame << "**\n";
    if (!c.assume.empty()) md << "- assuming `" << c.assume << "`\n";
    md << "- fails: `" << c.relation << "`, certified by " << c.stage << " after " << c.shrink_steps
       << " shrink steps\n- " << c.evidence << "\n";
    if (!c.example.empty()) {
      md << "\nFalsifying example:\n\n```text\n" << short_inputs(c.inputs) << "\n";
      for (const std::string& line : falsifying_lines(c)) md << line << "\n";
      md << "```\n";
    }
    md << "\nExact inputs:\n\n```json\n" << c.inputs.dump() << "\n```\n";
  }
  if (!s.undecided_cases.empty()) {
    md << "\nUndecided cases (first " << s.undecided_cases.size() << "):\n\n";
    for (const CaseRecord& c : s.undecided_cases)
      md << "- case " << c.case_index << ", \"" << c.claim << "\": `" << c.relation << "` — " << c.evidence
         << "\n  inputs: `" << c.inputs.dump() << "`\n";
  }
}

}  // namespace

std::string to_markdown(const RunReport& report) {
  std::ostringstream md;
  md << "# sinkcheck report\n\n";
  md << "- seed: `" << report.seed << "`, cases per statement: " << report.cases << "\n";
  md << "- theory: `" << report.theory_path << "` (fingerprint `" << report.theory_fingerprint << "`)\n";
  md << "- precision ladder (bits): double intervals, then";
  for (unsigned b : report.ladder_bits) md << " " << b;
  md << ", with an exact stage in Q(e^{1/D}) where the instance allows\n";
  if (!report.complete) md << "- **incomplete run**: the statements below are those finished before it stopped\n";
  md << "\n| statement | verdict | budget | cases | holds | counterexamples | undecided | vacuous | escalated |\n";
  md << "|---|---|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const StatementResult& s : report.statements)
    md << "| " << s.id << " " << s.title << " | **" << to_string(s.verdict()) << "** | " << case_budget(s) << " | "
       << s.cases << " | "
       << s.holds << " | " << s.counterexamples << " | " << s.undecided << " | " << s.vacuous << " | "
       << s.escalated << " |\n";
  md << "\n" << cases_legend() << ".\n";

  for (const StatementResult& s : report.statements) {
    md << "\n## " << s.id << " — " << s.title << "\n\n";
    if (!s.reading.empty()) md << "Reading checked: **" << s.reading << "** (selected by the theory file).\n\n";
    statement_body(md, s, "###");
    for (const StatementResult& other : s.other_readings) {
      md << "\n### Reading \"" << other.reading << "\" (not selected: reported, never failing the run): **"
         << to_string(other.verdict()) << "**\n\n";
      statement_body(md, other, "####");
    }
  }
  return md.str();
}

}  // namespace sinkcheck
