#include "cli/proved_claims.hpp"

#include "cli/claim_prover.hpp"

namespace sinkcheck {

ProvedClaims cached_proofs_of(const Statement& statement, const StatementTheory& theory, const DomainTable& domain,
                              bool run_coqc, unsigned jobs, std::ostream& err) {
  std::vector<ProofRequest> requests;
  for (std::size_t k = 0; k < theory.claims.size(); ++k)
    requests.push_back(ProofRequest{&statement, theory.title, &theory.claims[k], k + 1, domain, false});
  ProverSettings settings;
  settings.run_coqc = run_coqc;
  settings.jobs = jobs;
  const std::vector<ProofAnswer> answers = prove_claims(requests, settings, err);
  ProvedClaims proved;
  for (std::size_t k = 0; k < answers.size(); ++k)
    if (answers[k].proved()) proved[k] = answers[k].scope;
  return proved;
}

StatementTheory without_proved(const StatementTheory& theory, const ProvedClaims& proved) {
  StatementTheory rest = theory;
  rest.claims.clear();
  for (std::size_t k = 0; k < theory.claims.size(); ++k)
    if (!proved.count(k)) rest.claims.push_back(theory.claims[k]);
  return rest;
}

namespace {

// The tallies of one reading in theory order, proved claims among them.
void merge_reading(StatementResult& result, const StatementTheory& theory, const ProvedClaims& proved,
                   const std::string& reading) {
  std::vector<ClaimTally> merged;
  for (std::size_t k = 0; k < theory.claims.size(); ++k) {
    const ClaimTheory& c = theory.claims[k];
    const bool in_reading = c.reading.empty() || c.reading == reading;
    if (!in_reading) continue;
    if (const auto p = proved.find(k); p != proved.end()) {
      ClaimTally t;
      t.name = c.name;
      t.text = claim_text(c);
      t.proof_scope = p->second;
      merged.push_back(std::move(t));
      continue;
    }
    for (const ClaimTally& t : result.claims)
      if (t.name == c.name) merged.push_back(t);
  }
  result.claims = std::move(merged);
}

}  // namespace

void show_proved(StatementResult& result, const StatementTheory& theory, const ProvedClaims& proved) {
  if (proved.empty()) return;
  merge_reading(result, theory, proved, theory.reading);
  for (StatementResult& other : result.other_readings) merge_reading(other, theory, proved, other.reading);
}

}  // namespace sinkcheck
