#pragma once
// Instances of P3's model (docs/propositions/P3-smoothing.md): k i.i.d. tokens z_1..z_k with mean μ
// and covariance B = L Lᵀ (so B ⪰ 0 exactly), residual X = βZ, head W = W_OV,
// Y(λ) = βZ + W Z A(λ)ᵀ with A(λ) = (1−λ) I + (λ/k) 11ᵀ. Every entry is
// rational, so every quantity of P3 is an exact rational and a boundary such
// as β tr(BW) = 0 can be hit exactly.
#include <rapidcheck/Gen.h>

#include <string>
#include <vector>

#include "verify/rational.hpp"

namespace sinkcheck {

struct SmoothingInstance {
  long k = 2;                              // tokens (k >= 2)
  Rational beta;                           // residual weight
  std::vector<Rational> mu;                // mean of a token, dimension d
  std::vector<std::vector<Rational>> L;    // d rows of r entries (r >= 0): B = L Lᵀ
  std::vector<std::vector<Rational>> W;    // d x d
  std::string family;                      // where the generator placed it (informational)

  std::size_t dim() const { return mu.size(); }
  std::size_t rank() const { return L.empty() ? 0 : L.front().size(); }
};

// The exact traces the boundary families are built from.
struct SmoothingTraces {
  Rational trB, trBW, trBWtW;  // tr B, tr(BW), tr(B Wᵀ W)
};
SmoothingTraces exact_traces(const SmoothingInstance& instance);

// The generator's parameter domain, editable in [P3.domain].
struct SmoothingDomain {
  long dim_max = 4;        // token dimension d
  long k_max = 512;        // tokens k
  long entry_max = 4;      // numerators of the entries of β, μ, L, W lie in [-entry_max, entry_max]
  long eps_bits_max = 120; // instances beside a boundary sit at ±2^-e, e in [1, eps_bits_max]
};

// Families, mixed by weight: generic; red (β tr(BW) > 0) and blue
// (β tr(BW) + tr(BWᵀW) < 0) heads; on the boundary β tr(BW) = 0 (β = 0, tr(BW)
// = 0 by a shift W - cI, antisymmetric W); at ±ε beside it; on the boundary
// β tr(BW) + tr(BWᵀW) = 0 (β solved for) and at ±ε beside it; strictly between
// the two conditions; degenerate heads (W = 0, B = 0, W L = 0).
// `focus` shifts the weights toward the families a statement's assumptions
// select (red heads for P3.b, blue and between for P3.c, boundaries for P3.d);
// every family keeps a positive weight.
enum class SmoothingFocus { Mixed, Red, Blue, Boundary };
rc::Gen<SmoothingInstance> smoothing_instance_gen(const SmoothingDomain& domain,
                                                  SmoothingFocus focus = SmoothingFocus::Mixed);

}  // namespace sinkcheck
