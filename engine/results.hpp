#pragma once
// The report model: what a run found, statement by statement. Writers
// (JSON, Markdown, console) render it; nothing here knows about formats.
#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/figure.hpp"
#include "verify/slack.hpp"
#include "verify/verdict.hpp"

namespace sinkcheck {

// The values behind a counterexample, in decimal (engine/falsifying_example.hpp):
// each quantity its claim names, then the two sides of the failing relation,
// printed with enough digits to tell lhs from rhs. For reading only: the
// verdict rests on the exact inputs and the certified stage, never on these.
struct FalsifyingExample {
  struct Value {
    std::string name;   // "g", or "K[2]" for a coordinate of a vector quantity
    std::string value;  // "0.3678794412", or "undefined"
  };
  std::vector<Value> values;
  std::string lhs, rhs;
  bool empty() const { return values.empty() && lhs.empty() && rhs.empty(); }
};

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
  // "random": a generated case (case_index, case_seed say which); "targeted":
  // found by the targeted phase's search that started from case case_index
  // (case_seed is then the search's seed).
  std::string found_by = "random";
  // A counterexample's values by name (empty for an undecided case).
  FalsifyingExample example;
  // `sinkcheck gate`: the theory edits this counterexample is blamed on,
  // each as a sentence ("broken by the edit …"); empty elsewhere.
  std::vector<std::string> broken_by;
};

// How close the search came to refuting a claim: among the instances on
// which the claim applied (its assumptions held at the fast path and were
// not certified false), the one with the smallest slack (verify/slack.hpp),
// a fast-path estimate. A certified "holds" counts as slack >= 0 (and a
// ratio <= 1): an estimate below 0 there was rounding at a tie.
struct ClosestApproach {
  bool seen = false;
  double slack = 0;
  std::optional<double> ratio;  // for a bound with both sides positive
  std::string ratio_sides;      // "lhs / rhs" (upper bounds) or "rhs / lhs" (lower bounds)
  std::string found_by;         // "random" or "targeted"
  std::size_t case_index = 0;   // the case, or the case the search started from
  std::uint64_t case_seed = 0;  // the case's seed, or the search's
  std::string assume, relation; // the claim's text, as a stored case has it (for replay)
  nlohmann::json inputs;        // exact inputs (null when too large to store; see inputs_omitted)
  std::string inputs_omitted;   // why the inputs are not stored
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
  ClosestApproach closest;
  // `check --prove`: the claim was proved for every instance of this scope
  // (a cached proof, docs/proving.md) and not sampled; empty otherwise.
  std::string proof_scope;
  bool proved() const { return !proof_scope.empty(); }
};

// What the targeted phase did (engine/targeted_search.hpp). The instances it
// sent to the certified ladder are counted in the statement's cases and
// tallies like any other case; `cases` says how many of them it added.
struct TargetedSummary {
  std::size_t budget = 0;       // fast-path evaluations allotted
  std::size_t evaluations = 0;  // fast-path evaluations made
  std::size_t searches = 0;     // local searches run (one per claim and start case)
  std::size_t cases = 0;        // instances decided by the certified ladder
  std::size_t counterexamples = 0;  // of them, certified counterexamples
  // Per claim (in claim order): the smallest slack seen after each
  // evaluation of its searches, searches concatenated in order, starting
  // from the random phase's smallest. For the HTML picture only.
  std::vector<std::vector<double>> traces;
};

// A random case the targeted phase may start from (engine/case_outcome.hpp's
// StartPicker), with its fast-path slacks.
struct SearchStart {
  std::size_t case_index = 0;
  ClaimSlack slack;
};

// A stored instance decided before the generated cases: pinned in the
// theory file ([[P2.b.example]]) or kept in the example database from an
// earlier run (--database). Reported apart from the generated cases and not
// in their tallies; a refuted one fails the statement all the same.
struct ExampleOutcome {
  std::string source;  // "theory" or "database"
  Verdict verdict = Verdict::Undecided;
  CaseRecord record;   // its claim, inputs, stage and evidence
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
  TargetedSummary targeted;
  std::vector<ExampleOutcome> examples;  // decided first, in the order given
  // A part of a run (StatementLedger::part: a shard's, an MPI chunk's):
  // per claim, its closest random cases, for the targeted phase once
  // the parts are merged. Empty in every finished result and report.
  std::vector<std::vector<SearchStart>> search_starts;
  double seconds = 0;              // console only: kept out of the files for reproducibility
  bool interrupted = false;        // stopped before its budget (cases says how far it got)

  bool example_refuted() const {
    for (const ExampleOutcome& e : examples)
      if (e.verdict == Verdict::Counterexample) return true;
    return false;
  }
  Verdict verdict() const {
    if (counterexamples || example_refuted()) return Verdict::Counterexample;
    if (undecided) return Verdict::Undecided;
    if (holds) return Verdict::Holds;
    // Every claim proved (check --prove), none left to sample.
    if (!claims.empty() && std::all_of(claims.begin(), claims.end(), [](const ClaimTally& c) { return c.proved(); }))
      return Verdict::Holds;
    return Verdict::Vacuous;
  }
};

struct RunReport {
  // 2: case_seed is a decimal string (docs/report-schema.md); replay reads 1 too.
  static constexpr const char* schema = "sinkcheck-report/2";
  std::string tool_version;
  std::uint64_t seed = 0;
  std::size_t cases = 0;
  std::string theory_path;
  std::string theory_fingerprint;  // FNV-1a 64 of the theory file's bytes
  std::vector<unsigned> ladder_bits;
  double targeted_share = 0;  // the targeted phase's share of each statement's cases (--targeted)
  bool complete = false;
  std::vector<StatementResult> statements;
};

}  // namespace sinkcheck

namespace sinkcheck {

// A short, stable fingerprint of a text (FNV-1a 64, hex): enough to tell
// which theory file a report was made from; not a security hash.
std::string fingerprint(const std::string& text);

}  // namespace sinkcheck
