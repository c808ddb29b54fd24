#pragma once
// Instances of P4's copy task (docs/propositions/P4-cost-bounds.md) and their
// exact statistics.
//
// Units. Every token of the task is √d times a vector of norm O(1) (the BOS
// token is √d u_0), and every preference reads qᵀ W (t − k)/√d ≥ κ. Writing a
// token as √d x and W_QK = (κ/√d) W̃ turns each preference into
// x_qᵀ W̃ (x_t − x_k) ≥ 1, with x rational. So the instance stores the
// "reduced" coordinates x (exact rationals), every constraint and
// construction is exact in them, and the paper's quantities follow by exact
// factors: ‖W_QK‖_* = (κ/√d) ‖W̃‖_*, δ² = d δ̃², Δ_diag = d Δ̃.
//
// Coordinates. The task lives in the span of the signal space S (u_0 … u_2C)
// and the nuisance space N (r basis vectors): D = 2C + 1 + r coordinates,
// signal first. The ambient dimension d ≥ D enters only through the units.
// A product of exact (Pythagorean) Givens rotations turns the whole space so
// that no checker can rely on tokens being axis-aligned.
#include <rapidcheck/Gen.h>

#include <string>
#include <vector>

#include "verify/rational_matrix.hpp"

namespace sinkcheck {

// A rotation by the angle θ with tan(θ/2) = t in the plane of coordinates
// (i, j): cos θ = (1 − t²)/(1 + t²), sin θ = 2t/(1 + t²), both rational.
struct GivensRotation {
  std::size_t i = 0, j = 1;
  Rational t;
};

struct CopyTaskInstance {
  long groups = 1;          // C
  long per_group = 2;       // n, dormant tokens per group
  long dim = 4;             // d, the ambient dimension (d ≥ D)
  Rational kappa = 1;       // the margin κ of every preference
  Rational lambda = 1;      // λ, the weight of the group direction in a dormant token
  Rational scale = 4;       // t, the scale of the realised attention (W_QK scaled by t)
  // eta[c][i]: the nuisance of dormant token i of group c, in reduced units and
  // in the nuisance basis (r coordinates).
  std::vector<std::vector<RationalVector>> eta;
  std::vector<GivensRotation> rotation;
  std::string family;       // where the generator placed it (informational)

  std::size_t nuisance_dim() const { return eta.empty() || eta[0].empty() ? 0 : eta[0][0].size(); }
  std::size_t signal_dim() const { return std::size_t(2 * groups + 1); }
  std::size_t space_dim() const { return signal_dim() + nuisance_dim(); }
};

// The largest instance validate() accepts: what the widest legal
// [P4.domain] generates (and a sweep's canonical instance, whose nuisance has
// C n coordinates), so that an instance read from a report or built from
// --set asks for no more work than the generator's worst case.
struct CopyTaskLimits {
  static constexpr long groups = 12, per_group = 8, nuisance_dim = 32, extra_dim = 4096, rotations = 64;
  static Rational lambda_min() { return Rational(1, 64); }
  static Rational lambda_max() { return Rational(64); }
  static Rational scale_min() { return Rational(1, 1024); }  // kappa and t
  static Rational scale_max() { return Rational(1024); }
};

// Throws std::invalid_argument naming what is wrong: sizes or values beyond
// CopyTaskLimits, C < 1, n < 2 (a group
// of one token has no diagonal pattern), κ ≤ 0, λ ≤ 0, t ≤ 0, d < D,
// nuisance vectors of different lengths, a group whose nuisance is not
// centred (H1), Δ_diag ≤ 0 (two dormant tokens the diagonal pattern cannot
// tell apart), a rotation plane out of range.
void validate(const CopyTaskInstance& x);

// The tokens in reduced, rotated coordinates (length D each).
struct CopyTaskTokens {
  RationalVector bos;                            // u_0
  std::vector<RationalVector> copy;              // c_c = u_{C+c}, c = 1..C
  std::vector<std::vector<RationalVector>> dormant;  // λ u_c + η_ci
  std::vector<RationalVector> signal_basis;      // the rotated u_0 … u_2C (Π = their transpose)
  std::vector<RationalVector> nuisance_basis;    // the rotated nuisance basis
};
CopyTaskTokens copy_task_tokens(const CopyTaskInstance& x);

// The exact nuisance statistics, in reduced units (multiply by d for the
// paper's δ² and Δ_diag; r_eff and r_η are scale-free).
struct NuisanceStatistics {
  RationalMatrix sigma_D;  // mean over same-group pairs {i,j} of (η_ci − η_cj)(η_ci − η_cj)ᵀ
  Rational trace_sigma_D;      // tr Σ_D
  Rational delta2;             // δ² = tr Σ_D / 2
  Rational Delta_diag;         // 2 min over ordered pairs (ci) ≠ (c'j) of ‖η_ci‖² − ⟨η_ci, η_c'j⟩
  long rank = 0;               // r_η = rank span{η_ci}
};
NuisanceStatistics nuisance_statistics(const CopyTaskInstance& x);

// The generator's parameter domain, editable in [P4.domain].
struct CopyTaskDomain {
  long groups_max = 3;        // C
  long per_group_max = 3;     // n
  long nuisance_dim_max = 3;  // r, the nuisance basis
  Rational lambda_min{1, 8};
  Rational lambda_max{4};
  long extra_dim_max = 8;     // d − D
  long rotations_max = 3;     // Givens rotations applied to the whole space
};

// Families: generic nuisance; equal-norm nuisance (±v pairs of equal
// norm); λ exactly 1 (the kink of the sink construction), λ at 1/2 (the
// shipped theory's assumption) and just beside it; tiny λ (below every
// threshold); one nuisance pair nearly collinear (Δ_diag small); a small
// nuisance at the largest λ (where L_diag is nearly tight).
// Every family stays inside the domain: a family whose λ cannot (λ = 1 with
// lambda_max < 1, say) is left out, and copy_task_skipped_families names it.
rc::Gen<CopyTaskInstance> copy_task_gen(const CopyTaskDomain& domain);

// The families this domain leaves out, one sentence each for the report.
std::vector<std::string> copy_task_skipped_families(const CopyTaskDomain& domain);

// A canonical instance for parameter sweeps (`sinkcheck boundary`): C groups
// of n tokens, each group's nuisance ±(1/2)(its own basis vector), so that
// Δ_diag, δ and r_eff are simple; no rotation.
CopyTaskInstance canonical_copy_task(long groups, long per_group, const Rational& lambda, const Rational& kappa,
                                     long dim, const Rational& scale);

}  // namespace sinkcheck
