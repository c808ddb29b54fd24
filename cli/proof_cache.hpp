#pragma once
// The proofs `sinkcheck prove` found, kept for `check --prove`, `gate` and
// `mutate` (docs/proving.md#the-proof-cache). An entry is keyed by what the
// proof is about — the statement, the claim's assumptions and relation, the
// domain tables, the Coq theorems as generated, the models' libraries and
// sinkcheck's version — never by the claim's name: a claim edited under the
// same name misses the cache. The whole key is stored and compared on
// lookup, so a hash collision of file names cannot return a wrong proof.
#include <optional>
#include <string>

#include "engine/coq_claim_file.hpp"

namespace sinkcheck {

struct ProofCacheKey {
  std::string text;
  std::string file_name() const;  // "<hash>.json"
};

ProofCacheKey proof_cache_key(const std::string& statement_id, const ClaimTheory& claim, const DomainTable& domain,
                              const ClaimCoqFile& file, const std::string& tool_version);

// The cache's folder: $SINKCHECK_PROOF_CACHE, else $XDG_CACHE_HOME/sinkcheck/proofs,
// else ~/.cache/sinkcheck/proofs; "" when none can be named (no cache).
std::string proof_cache_folder();

struct CachedProof {
  std::string scope;
  // An instance where the claim's assumptions hold was seen (by `prove`'s
  // sampling): the proof is not vacuous.
  bool witnessed = false;
};

std::optional<CachedProof> cached_proof(const ProofCacheKey& key);
// Records that Coq accepted the claim's theorems (written atomically; a
// folder that cannot be written is skipped).
void store_proof(const ProofCacheKey& key, const std::string& scope, bool witnessed);

}  // namespace sinkcheck
