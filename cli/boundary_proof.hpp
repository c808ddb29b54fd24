#pragma once
// `sinkcheck boundary --prove DIR`: a threshold bracket proved in Coq.
#include <iosfwd>
#include <string>

#include "engine/coq_boundary_file.hpp"
#include "engine/statement.hpp"

namespace sinkcheck {

struct BracketProofRequest {
  StatementPtr statement;
  BoundaryToProve bracket;
  std::string reading;  // the selected reading the claim belongs to
  DomainTable domain;   // the statement's domain in the theory file
  std::string theory_path, theory_fingerprint;
  std::string report_dir;
};

// Writes DIR/coq/ and DIR/proofs.json (one entry: proved with its scope, or
// open with the reason) and prints the outcome. True when Coq proved it.
bool prove_bracket(const BracketProofRequest& request, std::ostream& out);

}  // namespace sinkcheck
