#pragma once
// P1 — sink representability and the alignment it needs (paper Prop. 4.1,
// reconstructed; docs/propositions/P1-sink-representability.md). Statements P1.a (ρ_Q > 0 and ρ_K > 0 iff some
// W sinks J), P1.b (the exact cost κ√d/(ρ_Q ρ_K), primal W* and dual μ),
// P1.c (softmax sink masses of the scaled W*, the ε-sink cost sandwich),
// P1.d (LayerNorm-scale embeddings, the bounds in c_max). Their claims are
// the relations in the theory file's [P1.*] tables, over the quantities below.
#include <optional>
#include <vector>

#include "generators/sink_geometry.hpp"
#include "engine/statement.hpp"
#include "propositions/pattern_optimum.hpp"
#include "verify/convex_hull.hpp"

namespace sinkcheck {

// The quantities P1.a, P1.b and P1.d may name (docs/propositions/P1-sink-representability.md).
const std::vector<Variable>& sink_geometry_variables();
// Those of P1.c: the above, then ε and the per-query softmax quantities.
const std::vector<Variable>& sink_softmax_variables();

// The exact facts of one instance: both minimum-norm certificates, the
// explicit sink or the infeasibility certificate, and what the quantities
// are made of. Throws CertificateError if a certificate fails its exact check.
struct SinkFacts {
  std::size_t dim = 0, T = 0;
  std::vector<std::size_t> K;
  MinNormCertificate queries;  // conv{z_i : i ∈ J}: p_Q, α, ρ_Q²
  MinNormCertificate keys;     // conv{z_0 − z_j : j ∈ K}: p_K, β, ρ_K²
  bool q_blocked = false;      // Σ α_i z_i = 0 checked exactly
  bool k_blocked = false;      // Σ β_j z_j = z_0 checked exactly
  bool sinkable = false;       // the explicit W* meets every constraint (checked exactly)
  std::vector<Rational> a;     // ⟨p_Q, z_i⟩, i ∈ J
  std::vector<Rational> b;     // ⟨p_K, z_0 − z_j⟩, j ∈ K
  Rational primal_margin;      // min_{i,j} z_iᵀ W* (z_0 − z_j)/√d (when ρ_Q, ρ_K > 0)
  Rational u_norm2, v_norm2;   // ‖Σ α_i z_i‖², ‖Σ β_j (z_0 − z_j)‖², from the weights (dual check)
  bool c_max_defined = false;
  Rational c_max_dot, c_max_norms2;  // c_max = dot / sqrt(norms2), at the maximising key
  Rational norm_spread;              // max_j |‖z_j‖² − d|
};

SinkFacts sink_facts(const SinkInstance& instance);

// P1.b's cross-check: the minimal cost from P4's certified nuclear-norm
// program over z_iᵀ W̃ (z_0 − z_j) ≥ 1 (i ∈ J, then j ∈ K, in order), where it
// is small and well scaled (d ≤ 16, |J| |K| ≤ 2000, ρ_Q² ρ_K² ≥ 1e-8);
// nothing elsewhere or when the solver fails.
std::optional<PatternOptimum> nuclear_norm_cross_check(const SinkInstance& instance, const SinkFacts& facts);

// The staged quantities of one instance (for P1.c with the softmax ones).
StagedQuantities sink_staged_quantities(const SinkInstance& instance, bool softmax, bool cross_check = false);

std::vector<StatementPtr> sink_representability_statements();

}  // namespace sinkcheck
