#pragma once
// Claims to Coq and back, for every command that proves (prove, check
// --prove, gate, mutate): each claim's file from its statement's symbolic
// model, the proof cache consulted, coqc run on the rest, accepted proofs
// cached. Whether a proved claim also has a witness (an instance where its
// assumptions hold) is the caller's to know; the cache remembers it.
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "cli/coq_runner.hpp"
#include "engine/coq_claim_file.hpp"
#include "engine/statement.hpp"

namespace sinkcheck {

struct ProofRequest {
  const Statement* statement = nullptr;
  std::string title;
  const ClaimTheory* claim = nullptr;  // a claim of the theory, or a variant of one (mutate)
  std::size_t number = 0;              // its 1-based place among the statement's claims
  DomainTable domain;
  bool witnessed = false;  // the caller saw an instance where its assumptions hold
};

struct ProofAnswer {
  bool accepted = false;   // Coq accepted the claim's theorems (now, or cached from before)
  bool witnessed = false;  // the request's witness, a cached one, or none needed (no assumptions)
  std::string scope;       // accepted: the domain the proof covers
  std::string reason;      // not accepted: why
  std::optional<ClaimCoqFile> file;
  bool proved() const { return accepted && witnessed; }
};

struct ProverSettings {
  unsigned jobs = 1;
  bool run_coqc = true;  // false: the cache only (check --prove)
  unsigned timeout_seconds = 300;
};

std::vector<ProofAnswer> prove_claims(const std::vector<ProofRequest>& requests, const ProverSettings& settings,
                                      std::ostream& err);

// The libraries the answers' files import, in the order to compile them.
std::vector<CoqSource> libraries_of(const std::vector<ProofAnswer>& answers);

}  // namespace sinkcheck
