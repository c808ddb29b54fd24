#pragma once
// The sinkcheck subcommands, one file each; app.cpp parses and dispatches.
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/safetensors.hpp"
#include "propositions/registry.hpp"
#include "engine/results.hpp"
#include "engine/shard.hpp"

namespace sinkcheck {

// sinkcheck's version: in every report, Coq file and proof-cache key.
inline constexpr const char* kToolVersion = "0.1.0";

// A usage or input error: exit code 2, message on stderr.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct CheckSettings {
  std::size_t cases = 1000;
  std::uint64_t seed = 1;
  unsigned max_bits = 32768;
  std::string report_dir = "sinkcheck-report";
  bool strict = false;
  bool cases_given = false;  // --cases on the command line: it overrides [P<n>.domain] default_cases
  bool certificates = false;  // --certificates: also write certificates.json
  bool prove_survivors = true;  // mutate: try to prove each survivor true with Coq (--no-prove: sampling only)
  unsigned jobs = 0;         // --jobs: threads; 0 = one per core
  double targeted_share = 1.0 / 3;  // --targeted: the targeted phase's share of the cases (RunOptions)
  // --time: run cases until this many seconds are spent (shared equally by
  // the statements); the report records the cases reached. Not reproducible
  // byte for byte: --cases is.
  std::optional<double> time_seconds;
  // --shard I/N: run only shard I's cases of every statement and write its
  // record (shard.json) instead of the report; `sinkcheck merge` joins them.
  std::optional<ShardSpec> shard;
  // --database DIR: counterexamples are kept there and decided first by the
  // next run with the flag (cli/stored_examples.hpp); empty: none.
  std::string database_dir;
  // --junit FILE: JUnit XML, one testcase per claim (cli/ci_output.hpp).
  std::string junit_path;
  bool verbose = false;  // -v: closest approaches, readings not selected, examples that held
  // --prove: claims with a cached proof (written by `sinkcheck prove`) are
  // shown as proved and not sampled (docs/proving.md).
  bool prove = false;
  // With prove: Coq runs first on the claims the cache has no proof of
  // (`gate`: what an edit touches is proved first, sampled only if still open).
  bool prove_first = false;
};

// Cases per statement: --cases when given, else the proposition's
// `default_cases` ([P4.domain]: each of its cases solves a semidefinite
// program), else the global default.
std::size_t cases_for(const CheckSettings& settings, const DomainTable& domain);

PrecisionPolicy policy_up_to(unsigned max_bits);
// The run seed from its text: decimal digits only, at most 2^64 - 1 (throws
// UsageError otherwise; -1 and 2^64 must not wrap to a different run).
std::uint64_t parse_seed(const std::string& text);
Theory load_theory_file(const std::string& path);
// "P2" of "P2.b": the proposition whose [domain] table a statement reads.
std::string proposition_of(const std::string& id);

// Runs the statements against the theory: the console table, progress on
// `err`, the report rewritten after every statement. Stops early (and marks
// the report incomplete) on SIGINT/SIGTERM.
// `annotate`, when given, amends each statement's result before it is
// printed and written (gate: which edit broke which counterexample).
using ResultAnnotator = std::function<void(StatementResult&)>;
RunReport run_checks(const std::vector<StatementPtr>& statements, const Theory& theory, const CheckSettings& settings,
                     std::ostream& out, std::ostream& err, const ResultAnnotator& annotate = nullptr);

// 0 no counterexample, 1 counterexample (or undecided with strict), 130
// interrupted. A shard's run exits 0 once complete: its verdict is the merge's.
int exit_code(const RunReport& report, bool strict, std::ostream& out);

int check_command(const std::vector<std::string>& patterns, const std::string& theory_path,
                  const CheckSettings& settings, std::ostream& out, std::ostream& err);
// `sinkcheck replay REPORT`: re-decides every stored counterexample of a
// report (on --jobs threads), under the claims it stores, or with
// --theory FILE under that file's claims (a fix checked against old failures).
struct ReplaySettings {
  unsigned max_bits = 32768;
  unsigned jobs = 0;
  std::string theory_path;  // --theory: empty = the claims as the report stores them
  std::string junit_path;   // --junit
};
int replay_command(const std::string& report_path, const ReplaySettings& settings, std::ostream& out);
// replay_command on a report's text already read (`report_path` names it in
// messages): the entry point of the report reader's fuzzer too. Throws
// UsageError for anything malformed.
int replay_report(const std::string& text, const std::string& report_path, const ReplaySettings& settings,
                  std::ostream& out);
int gate_command(const std::string& theory_path, const std::string& base_path, const CheckSettings& settings,
                 std::ostream& out, std::ostream& err);
// `sinkcheck merge DIR…`: the shards of one run -> its report (settings.report_dir).
// `theory_path` empty: the theory file the shards recorded (its fingerprint is checked either way).
int merge_command(const std::vector<std::string>& shard_dirs, const std::string& theory_path,
                  const CheckSettings& settings, std::ostream& out);
int mutate_command(const std::vector<std::string>& patterns, const std::string& theory_path,
                   const CheckSettings& settings, std::ostream& out, std::ostream& err);

// `sinkcheck prove` (docs/proving.md): proofs.json, proofs.md and coq/ in
// settings.report_dir beside the sampling run's report. 0 when no claim of a
// selected reading is refuted, 1 otherwise.
int prove_command(const std::vector<std::string>& patterns, const std::string& theory_path, CheckSettings settings,
                  std::ostream& out, std::ostream& err);

// `sinkcheck boundary`: the certified bracket of the threshold of `param`
// below which a claim of `statement_id` fails (assumptions ignored), on the
// statement's canonical instance with the `set` parameters.
struct BoundarySettings {
  std::string statement_id, param = "lambda", claim;
  std::vector<std::string> set;  // "C=3", "n=2", …
  std::string from = "1/64", to = "4", width = "1/10000";
  unsigned max_bits = 32768;
  unsigned jobs = 0;  // threads for the scan
  // --prove DIR: the bracket as Coq theorems ("fails at lo", "holds for every
  // value >= hi"), checked by coqc; DIR/coq/ and DIR/proofs.json.
  std::string prove_dir;
};
int boundary_command(const BoundarySettings& settings, const std::string& theory_path, std::ostream& out);

// P3's equality claims as identities for symbolic matrices of the given
// sizes (GiNaC). 0 when no claim is refuted, 1 otherwise.
int symbolic_command(const std::string& theory_path, const std::vector<unsigned>& sizes, std::ostream& out);

// Figure 8's class of every head in a safetensors file (beta [H],
// B [H, d, d], W [H, d, d]). Throws std::invalid_argument naming the file and
// what is wrong with it.
// With `json`, the classes as one JSON document (schema sinkcheck-heads/1,
// docs/report-schema.md) instead of the table.
int heads_command(const std::string& path, const PrecisionPolicy& policy, std::ostream& out, bool json = false);
// heads_command on a file already read: the entry point of the safetensors fuzzer too.
int heads_report(const SafetensorsFile& file, const std::string& path, const PrecisionPolicy& policy, std::ostream& out,
                 bool json = false);

}  // namespace sinkcheck
