#pragma once
// The report model: what a run found, statement by statement. Writers
// (JSON, Markdown, console) render it; nothing here knows about formats.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/figure.hpp"
#include "verify/verdict.hpp"

namespace sinkcheck {

// One certified counterexample or undecided case, with everything needed to
// replay it: the exact inputs, the case seed, and the claim's text.
struct CaseRecord {
  std::size_t case_index = 0;
  std::uint64_t case_seed = 0;
  std::string claim;       // the claim's name
  std::string assume;      // its assumptions, "; "-separated, as written
  std::string relation;    // the relation that failed or stayed open
  std::string stage;       // what decided it
  std::string evidence;    // enclosures or exact values
  std::size_t shrink_steps = 0;
  nlohmann::json inputs;   // exact inputs (rationals as "p/q" strings)
  std::vector<Figure> figures;  // pictures of the case (e.g. its attention pattern)
  // With `check --certificates`: the exact certificates this case's verdicts
  // rest on (certificates.json, not report.json); null otherwise.
  nlohmann::json certificate;
};

// A table a statement adds to its report (thresholds, tightness ratios, maps):
// plain text cells, rendered by every writer.
struct Table {
  std::string title;
  std::string caption;
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
};

struct ClaimTally {
  std::string name;
  std::string text;  // "assume … ⇒ holds …"
  std::size_t holds = 0, counterexamples = 0, undecided = 0, vacuous = 0;
};

struct StatementResult {
  std::string id, title;
  std::size_t cases = 0, holds = 0, counterexamples = 0, undecided = 0, vacuous = 0, escalated = 0;
  std::map<std::string, std::size_t> decided_by;  // stage -> claim decisions
  std::vector<ClaimTally> claims;
  std::vector<CaseRecord> counterexample_cases;
  std::vector<CaseRecord> undecided_cases;
  std::vector<std::string> notes;  // declared terms, readings, caveats
  std::vector<Figure> figures;     // statement-level pictures (curves, maps)
  std::vector<Table> tables;       // statement-level tables (thresholds, tightness, maps)
  // For a statement with several readings (theory file `reading = …`): the
  // selected one (these claims), and the others, checked on the same cases
  // and reported, never deciding the verdict or the exit code.
  std::string reading;
  std::vector<StatementResult> other_readings;
  // With `check --certificates` (certificates.json, not report.json): one
  // entry per case in case order ({case, case_seed, inputs, certificate}),
  // and the certificates of statement-level results (P4's thresholds).
  nlohmann::json case_certificates = nlohmann::json::array();
  nlohmann::json statement_certificates = nlohmann::json::array();
  double seconds = 0;              // console only: kept out of the files for reproducibility
  bool interrupted = false;        // stopped before its budget (cases says how far it got)

  Verdict verdict() const {
    if (counterexamples) return Verdict::Counterexample;
    if (undecided) return Verdict::Undecided;
    if (holds) return Verdict::Holds;
    return Verdict::Vacuous;
  }
};

struct RunReport {
  static constexpr const char* schema = "sinkcheck-report/1";
  std::string tool_version;
  std::uint64_t seed = 0;
  std::size_t cases = 0;
  std::string theory_path;
  std::string theory_fingerprint;  // FNV-1a 64 of the theory file's bytes
  std::vector<unsigned> ladder_bits;
  bool complete = false;
  std::vector<StatementResult> statements;
};

}  // namespace sinkcheck

namespace sinkcheck {

// A short, stable fingerprint of a text (FNV-1a 64, hex): enough to tell
// which theory file a report was made from; not a security hash.
std::string fingerprint(const std::string& text);

}  // namespace sinkcheck
