#include <iostream>
#include <map>

#include "cli/ci_output.hpp"
#include "cli/commands.hpp"
#include "engine/claim_health.hpp"
#include "theory/theory_diff.hpp"

namespace sinkcheck {

namespace {

// The edit of this claim broke it; an unedited claim was broken by the
// statement-level edits (a domain change reaching new instances, say).
std::vector<std::string> blame(const StatementEdit& edit, const CaseRecord& c) {
  std::vector<std::string> sentences;
  for (const TheoryChange& change : edit.changes)
    if (change.claim == c.claim) sentences.push_back("broken by the edit " + change.text);
  if (sentences.empty())
    for (const TheoryChange& change : edit.changes)
      if (change.claim.empty()) sentences.push_back("claim not edited; broken by the edit " + change.text);
  return sentences;
}

// Whether an edit of the statement reaches this claim.
bool touched(const StatementEdit& edit, const std::string& claim) {
  for (const TheoryChange& change : edit.changes)
    if (change.touches_every_claim || change.claim == claim) return true;
  return false;
}

// The touched claims of the selected readings that applied to no decided case.
std::vector<ClaimApplication> never_applied_edited_claims(const RunReport& report,
                                                          const std::map<std::string, const StatementEdit*>& edit_of) {
  std::vector<ClaimApplication> found;
  for (const StatementResult& r : report.statements)
    for (const ClaimApplication& a : claim_applications(r))
      if (a.selected && a.never_applied() && touched(*edit_of.at(r.id), a.claim)) found.push_back(a);
  return found;
}

}  // namespace

// The CI gate for a theory edit: check what the edit touches (everything
// without a base), fail when any touched statement has a counterexample, and
// say which edit broke which statement.
int gate_command(const std::string& theory_path, const std::string& base_path, const CheckSettings& settings,
                 std::ostream& out, std::ostream& err) {
  const Theory edited = load_theory_file(theory_path);
  std::vector<StatementEdit> edits;
  if (base_path.empty()) {
    for (const auto& [id, st] : edited.statements) edits.push_back({id, {{"", "checked in full (no --base given)", true}}});
  } else {
    const Theory base = load_theory_file(base_path);
    edits = touched_statements(base, edited);
    for (const std::string& id : dropped_statements(base, edited))
      out << "gate: " << id << " was removed from the theory; nothing to check\n";
  }
  if (edits.empty()) {
    out << "gate: the edit touches no statement; nothing to check\n";
    return 0;
  }

  std::vector<StatementPtr> statements;
  std::map<std::string, const StatementEdit*> edit_of;
  out << "gate: " << edits.size() << " statement(s) to check\n";
  for (const StatementEdit& e : edits) {
    const StatementPtr s = find_statement(e.id, edited);
    if (!s) throw UsageError(theory_path + ": statement " + e.id + " is not known to this sinkcheck");
    statements.push_back(s);
    edit_of[e.id] = &e;
    for (const TheoryChange& change : e.changes) out << "  " << e.id << ": " << change.text << "\n";
  }

  // Proved first (Coq, through the proof cache); only what stays open is sampled.
  // Which edit broke each counterexample goes into the reports as on the console.
  CheckSettings proving = settings;
  proving.prove = proving.prove_first = true;
  const RunReport report = run_checks(statements, edited, proving, out, err, [&](StatementResult& r) {
    for (CaseRecord& c : r.counterexample_cases) c.broken_by = blame(*edit_of[r.id], c);
  });
  int code = exit_code(report, settings.strict, out);
  bool broken = false;
  for (const StatementResult& r : report.statements) {
    if (r.verdict() != Verdict::Counterexample) continue;
    if (!broken) out << "gate: FAILED: the edit makes these statements false\n";
    broken = true;
    out << "  " << r.id << " (" << r.title << ")\n";
    for (const CaseRecord& c : r.counterexample_cases) {
      out << "    counterexample to \"" << c.claim << "\": " << c.relation << " [" << c.stage << ", case " << c.case_index
          << "]\n      inputs: " << c.inputs.dump() << "\n";
      for (const std::string& sentence : c.broken_by) out << "      " << sentence << "\n";
    }
  }
  // An edit that makes a claim apply nowhere proves nothing: it fails the gate.
  const std::vector<ClaimApplication> unapplied = never_applied_edited_claims(report, edit_of);
  for (const ClaimApplication& a : unapplied)
    out << "gate: FAILED: " << a.statement << " \"" << a.claim << "\": the edited claim never applied: " << a.describe()
        << "\n";
  if (!unapplied.empty() && code == 0) code = 1;
  write_ci_output("gate", claim_testcases(report, &edited, settings.strict), settings.junit_path, out);
  if (!broken && code == 0) out << "gate: passed: no counterexample to any touched statement\n";
  out << "gate: replay the counterexamples with `sinkcheck replay " << settings.report_dir << "/report.json`\n";
  return code;
}

}  // namespace sinkcheck
