#pragma once
// Renderings of a RunReport. The files (JSON, Markdown) are deterministic:
// the same seed and theory give the same bytes; timings go to the console only.
#include <functional>
#include <iosfwd>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/results.hpp"

namespace sinkcheck {

nlohmann::json to_json(const RunReport& report);
std::string to_markdown(const RunReport& report);
// A self-contained page (inline CSS and SVG, no scripts, no network).
std::string to_html(const RunReport& report);
// The console's row of a statement, its counterexamples with their
// falsifying examples and its vacuous claims; `verbose` (-v) adds the closest
// approaches, the examples that held and the readings not selected.
void print_table(std::ostream& out, const StatementResult& result, bool verbose);

// "slack 3.1e-05, rhs / lhs = 0.99994 (targeted search from case 17)": a
// claim's closest approach in words, the same in every format.
std::string describe_closest(const ClosestApproach& closest);
// The last column of a claim's row: "refuted", "proved: <scope>" or its closest approach.
std::string describe_claim_outcome(const ClaimTally& claim);
// "1200 of 1500 evaluations in 12 searches, 37 instances certified, 1
// counterexample" (singular and plural as the counts ask), or "off".
std::string describe_targeted(const TargetedSummary& targeted);
void print_table_header(std::ostream& out);
// What the table's budget, cases and escalated columns count, in one line.
void print_table_legend(std::ostream& out);
// The run's last line: the statements by verdict and the files written.
void print_run_summary(std::ostream& out, const RunReport& report, const std::string& files);

// A statement's budget: its random cases plus its targeted evaluations.
std::size_t case_budget(const StatementResult& s);
// What "budget", "cases" and "escalated" count, in one sentence.
const char* cases_legend();
// decided_by in order of precision: double, arb-128, arb-256, …, exact,
// undefined, cap-N (a JSON object keeps its keys sorted as text).
std::vector<std::pair<std::string, std::size_t>> stages_by_precision(const std::map<std::string, std::size_t>& decided_by);

// A counterexample's exact inputs in short form: "scores = [3, 1/2], query = 1".
std::string short_inputs(const nlohmann::json& inputs);
// Its falsifying example, a line each: "g = 0.36787944117", …, "lhs = …", "rhs = …".
std::vector<std::string> falsifying_lines(const CaseRecord& record);
// "case 17, case seed 123" or "targeted search from case 17, search seed 123".
std::string describe_origin(const CaseRecord& record);

// Writes `content` to `path` through a temporary file and rename(2), so a
// reader (or an interrupted run) never sees a half-written file.
void write_file_atomically(const std::string& path, const std::string& content);

// The same for a file written piece by piece (too large to hold in memory):
// `path` appears, whole, at commit(); a file never committed is dropped.
// Under mpirun only rank 0 writes (a worker's AtomicFile does nothing).
class AtomicFile {
 public:
  explicit AtomicFile(std::string path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  void append(std::string_view bytes);
  void commit();

 private:
  std::string path_, temporary_;
  int fd_ = -1;
};

// Writes `directory`/`name` atomically, creating the directory if needed.
void write_file_atomically_in(const std::string& directory, const std::string& name, const std::string& content);

// Removes `directory`/`name` if it exists (a file an earlier run left).
void remove_file_in(const std::string& directory, const std::string& name);

// report.json and report.md in `directory` (created if missing).
void write_report(const std::string& directory, const RunReport& report);

// certificates.json (`check --certificates`): schema sinkcheck-certificates/1.
nlohmann::json certificates_json(const RunReport& report);

// Where `check --certificates` keeps the case certificates while it runs:
// one spool file per statement beside the report, filled in case order as
// the cases complete (RunOptions::case_certificate_sink), so that a run holds
// one batch of certificates in memory, not all of them. The spools are
// removed when this is destroyed.
class CertificateSpool {
 public:
  explicit CertificateSpool(std::string directory);
  ~CertificateSpool();
  CertificateSpool(const CertificateSpool&) = delete;
  CertificateSpool& operator=(const CertificateSpool&) = delete;
  // The sink of statement `index` (its place in the report); called from one
  // thread at a time, in case order.
  std::function<void(nlohmann::json&&)> sink(std::size_t index);
  // Appends the spooled certificates of statement `index` as the elements of
  // a JSON array ("a,b,c"); false when it spooled none.
  bool copy_to(std::size_t index, AtomicFile& out);

 private:
  struct Spool;
  std::string directory_;
  std::vector<std::unique_ptr<Spool>> spools_;
};

// certificates.json of `report` in `directory`, byte for byte
// certificates_json(report).dump() + "\n", with each statement's cases taken
// from `spool` where it has them; written piece by piece, atomically.
void write_certificates(const std::string& directory, const RunReport& report, CertificateSpool* spool = nullptr);

}  // namespace sinkcheck
