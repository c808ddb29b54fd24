#pragma once
// Automatic variants of a theory: each changes one claim in one way that
// usually makes it false — a constant moved by 1%, 5% or 10% either way, an
// assumption dropped, an inequality flipped, an additive term removed. The
// suite's power is the share of them it refutes (`sinkcheck mutate`).
#include <string>
#include <vector>

#include "theory/theory_file.hpp"

namespace sinkcheck {

struct Mutant {
  std::string statement;    // "P2.b"
  std::size_t claim_index;  // which claim of the statement changed
  std::string kind;         // "constant x0.95", "assumption dropped", "relation flipped", "term removed"
  std::string original;     // the claim's text before
  ClaimTheory claim;        // the claim after
  std::string text() const; // the claim's text after
};

std::vector<Mutant> mutants_of(const StatementTheory& statement, const std::vector<Variable>& variables);

}  // namespace sinkcheck
