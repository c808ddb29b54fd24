// `sinkcheck boundary --prove DIR` (docs/propositions/P4-cost-bounds.md, "What
// is proved"): the certified bracket stated as two Coq theorems over the
// statement's symbolic model and checked by coqc; DIR/coq/ holds the model's
// libraries, the bracket's file and a _CoqProject, DIR/proofs.json its entry.
#include <ostream>

#include "cli/boundary_proof.hpp"
#include "cli/coq_folder.hpp"
#include "cli/coq_runner.hpp"
#include "engine/coq_boundary_file.hpp"
#include "propositions/coq_libraries.hpp"
#include "reports/proofs_writer.hpp"
#include "reports/writers.hpp"

namespace sinkcheck {

namespace {

constexpr const char* kVersion = "0.1.0";
constexpr unsigned kCoqTimeoutSeconds = 300;

}  // namespace

bool prove_bracket(const BracketProofRequest& request, std::ostream& out) {
  ClaimProof proof;
  proof.statement = request.bracket.statement_id;
  proof.claim = request.bracket.claim->name;
  proof.reading = request.reading;
  const SymbolicModel* model = request.statement->symbolic();
  std::optional<BoundaryCoqFile> file;
  if (!model) {
    proof.reason = "no symbolic model: " + proof.statement + "'s quantities are not closed forms";
  } else {
    BoundaryCoqResult stated = boundary_coq_file(request.bracket, *model, request.domain, kVersion);
    if (!stated.file) proof.reason = stated.reason;
    file = std::move(stated.file);
  }
  std::vector<CoqSource> libraries, claims;
  if (file) {
    for (const std::string& module : coq_libraries_in_order({model->library}))
      libraries.push_back(CoqSource{module, *coq_library_text(module), {}});
    claims.push_back(CoqSource{file->module, file->text, file->theorems});
    proof.coq = "coq/" + file->module + ".v";
    write_coq_folder(request.report_dir + "/coq", libraries, claims);
    const std::string coqc = find_coqc();
    const CoqVerdict verdict = coqc.empty() ? CoqVerdict{false, "coqc not found (install coq and libcoq-interval)"}
                                            : run_coq(coqc, libraries, claims, 1, kCoqTimeoutSeconds).front();
    if (verdict.accepted) {
      proof.status = ProofStatus::Proved;
      proof.scope = file->scope;
    } else {
      proof.reason = verdict.reason;
    }
  }
  ProofsReport report;
  report.tool_version = kVersion;
  report.theory_path = request.theory_path;
  report.theory_fingerprint = request.theory_fingerprint;
  report.claims.push_back(proof);
  write_file_atomically_in(request.report_dir, "proofs.json", to_json(report).dump(2) + "\n");
  write_file_atomically_in(request.report_dir, "proofs.md", to_markdown(report));
  if (proof.status == ProofStatus::Proved)
    out << "  proved in Coq: " << proof.scope << "\n";
  else
    out << "  not proved: " << proof.reason << "\n";
  out << "  proofs: " << request.report_dir << "/proofs.json, proofs.md" << (file ? ", coq/" : "") << "\n";
  return proof.status == ProofStatus::Proved;
}

}  // namespace sinkcheck
