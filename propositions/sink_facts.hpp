#pragma once
// P1's exact facts of one instance: the two certified minimum-norm points,
// the explicit sink W* or the exact infeasibility certificate. Kept apart
// from the statements (sink_representability) so that code without the
// generators and the engine (the Python module) can use them.
#include <vector>

#include "generators/sink_geometry.hpp"
#include "verify/convex_hull.hpp"

namespace sinkcheck {

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

}  // namespace sinkcheck
