#pragma once
// P3 checked symbolically (GiNaC): for symbolic n×n matrices W, B (symmetric)
// and μ, and symbols β, λ, k, the model's exact moments are built as
// expressions and every equality claim of the theory's P3 statements is
// tested as an identity — a proof for that size, not a sample. GiNaC stays
// inside the .cpp.
#include <string>
#include <vector>

#include "theory/theory_file.hpp"

namespace sinkcheck {

struct SymbolicCheck {
  enum class Outcome {
    Identity,     // lhs - rhs vanishes identically
    NotIdentity,  // it does not, and the claim has no assumption: the claim is false somewhere
    Open,         // it does not, but the claim's assumptions may still make it hold
    Skipped,      // an inequality, or a quantity with no symbolic form (a max over [0,1], a flag)
  };
  std::string subject;   // "built-in" or "P3.a \"at every lam\""
  std::string relation;  // as written
  Outcome outcome = Outcome::Skipped;
  std::string detail;    // why skipped, or the size of a nonzero residual
};

const char* to_string(SymbolicCheck::Outcome outcome);

// The two trace identities of docs/propositions/P3-smoothing.md (D_k from
// the moments is the trace expression (1 - 1/k) tr((βI + (1-λ)W) B (βI + (1-λ)W)ᵀ); its λ-derivative is P3.a's formula), then every claim of every
// reading of the theory's P3 statements, for symbolic n×n matrices.
std::vector<SymbolicCheck> smoothing_symbolic_checks(const Theory& theory, unsigned n);

}  // namespace sinkcheck
