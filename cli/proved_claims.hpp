#pragma once
// `check --prove` and `gate`: claims with a cached proof (cli/proof_cache.hpp)
// are shown as proved and not sampled; the others run as usual.
#include <iosfwd>
#include <map>
#include <string>

#include "engine/statement.hpp"

namespace sinkcheck {

// Claim index in the statement's theory -> the scope of its cached proof.
using ProvedClaims = std::map<std::size_t, std::string>;

// The claims proved for every instance, with a witness: from the proof cache
// only, or (`run_coqc`, for gate) by Coq where the cache has no proof yet —
// then only claims without assumptions count, any instance being their witness.
ProvedClaims cached_proofs_of(const Statement& statement, const StatementTheory& theory, const DomainTable& domain,
                              bool run_coqc, unsigned jobs, std::ostream& err);
// The theory without those claims: what is left to sample.
StatementTheory without_proved(const StatementTheory& theory, const ProvedClaims& proved);
// The run's result with the proved claims put back, in theory order.
void show_proved(StatementResult& result, const StatementTheory& theory, const ProvedClaims& proved);

}  // namespace sinkcheck
