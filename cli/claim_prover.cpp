#include "cli/claim_prover.hpp"

#include <algorithm>
#include <ostream>

#include "cli/commands.hpp"
#include "cli/proof_cache.hpp"
#include "propositions/coq_libraries.hpp"

namespace sinkcheck {

std::vector<CoqSource> libraries_of(const std::vector<ProofAnswer>& answers) {
  std::vector<std::string> modules;
  for (const ProofAnswer& a : answers)
    if (a.file && std::find(modules.begin(), modules.end(), a.file->library) == modules.end())
      modules.push_back(a.file->library);
  std::vector<CoqSource> libraries;
  for (const std::string& module : coq_libraries_in_order(modules))
    libraries.push_back(CoqSource{module, *coq_library_text(module), {}});
  return libraries;
}

std::vector<ProofAnswer> prove_claims(const std::vector<ProofRequest>& requests, const ProverSettings& settings,
                                      std::ostream& err) {
  std::vector<ProofAnswer> answers(requests.size());
  std::vector<ProofCacheKey> keys(requests.size());
  std::vector<std::size_t> to_compile;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const ProofRequest& r = requests[i];
    ProofAnswer& a = answers[i];
    a.witnessed = r.witnessed || r.claim->assume.empty();
    const SymbolicModel* model = r.statement->symbolic();
    if (!model) {
      a.reason = "no symbolic model: " + r.statement->info().id + "'s quantities are not closed forms";
      continue;
    }
    const ClaimToProve claim{r.statement->info().id, r.title, r.claim, r.number, &r.statement->info().variables};
    ClaimCoqResult file = claim_coq_file(claim, *model, r.domain, kToolVersion);
    if (!file.file) {
      a.reason = file.open_reason;
      continue;
    }
    a.file = std::move(file.file);
    a.scope = model->scope(r.domain);
    keys[i] = proof_cache_key(r.statement->info().id, *r.claim, r.domain, *a.file, kToolVersion);
    if (const std::optional<CachedProof> cached = cached_proof(keys[i])) {
      a.accepted = true;
      a.witnessed = a.witnessed || cached->witnessed;
      if (r.witnessed && !cached->witnessed) store_proof(keys[i], a.scope, true);
      continue;
    }
    to_compile.push_back(i);
  }
  if (to_compile.empty()) return answers;
  const std::string coqc = settings.run_coqc ? find_coqc() : std::string();
  if (coqc.empty()) {
    for (std::size_t i : to_compile)
      answers[i].reason = settings.run_coqc ? "coqc not found (install coq and libcoq-interval)" : "no cached proof";
    return answers;
  }
  std::vector<CoqSource> claims;
  std::vector<ProofAnswer> compiled;
  for (std::size_t i : to_compile) {
    claims.push_back(CoqSource{answers[i].file->module, answers[i].file->text, answers[i].file->theorems});
    compiled.push_back(answers[i]);
  }
  const std::vector<CoqSource> libraries = libraries_of(compiled);
  err << "  coqc: " << libraries.size() << " librar" << (libraries.size() == 1 ? "y" : "ies") << ", " << claims.size()
      << " claim file" << (claims.size() == 1 ? "" : "s") << "\n";
  const std::vector<CoqVerdict> verdicts = run_coq(coqc, libraries, claims, settings.jobs, settings.timeout_seconds);
  for (std::size_t k = 0; k < to_compile.size(); ++k) {
    ProofAnswer& a = answers[to_compile[k]];
    a.accepted = verdicts[k].accepted;
    a.reason = verdicts[k].reason;
    if (a.accepted) store_proof(keys[to_compile[k]], a.scope, a.witnessed);
  }
  return answers;
}

}  // namespace sinkcheck
