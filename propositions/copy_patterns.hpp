#pragma once
// The two attention patterns of P4's copy task — sink and diagonal — as
// contexts, the margin-κ preferences they ask of W_QK, the seed's two
// constructions, and the softmax pattern a scaled construction realises.
//
// A pattern is built from the model, not listed by hand: every context (a
// query, the keys it sees, and which of them are the pattern's targets)
// yields one preference "target over non-target" for each such pair, so
// (S1)–(S3) and (D1)–(D3) are the same three contexts with different targets:
//   dormant phase:         d_ci sees BOS, every dormant token, every copy query
//                          — sink: BOS; diagonal: d_ci itself;
//   copy, group c present: c_c sees the same keys — both: group c's tokens;
//   copy, group c absent:  c_c sees BOS, the other groups, every copy query
//                          — sink: BOS; diagonal: c_c itself.
// All vectors are in the reduced, rotated coordinates of generators/copy_task.hpp:
// a preference reads x_qᵀ W̃ (x_t − x_k) ≥ 1.
#include <string>
#include <vector>

#include "generators/copy_task.hpp"

namespace sinkcheck {

enum class Pattern { Sink, Diagonal };
const char* name(Pattern p);

struct CopyContext {
  std::string label;                // "dormant d_{c,i}", "copy c_c, group present", …
  std::size_t query = 0;            // index into keys' token table
  std::vector<std::size_t> keys;    // visible tokens
  std::vector<bool> target;         // per visible key
};

// Every token of the task in one table (BOS, copy queries, dormant tokens)
// and the contexts over it.
struct CopyTaskContexts {
  std::vector<RationalVector> tokens;
  std::vector<std::string> token_names;
  std::vector<CopyContext> contexts;
};
CopyTaskContexts copy_task_contexts(const CopyTaskInstance& x, Pattern pattern);

// One margin preference, x_qᵀ W̃ (x_t − x_k) ≥ 1, as the pair (left, right)
// = (x_q, x_t − x_k). Duplicates (the same pair from two contexts) are dropped.
struct Preference {
  RationalVector left, right;
};
std::vector<Preference> pattern_preferences(const CopyTaskContexts& contexts);

// The seed's constructions in reduced units (docs/propositions/P4-cost-bounds.md):
//   sink:     M = a r e_0ᵀ + b Σ_c e_{C+c} e_cᵀ, a = 1/min(λ,1), b = (1 + a)/λ;
//   diagonal: M = s Σ e_c e_cᵀ + a Σ e_{C+c} e_{C+c}ᵀ + b Σ e_{C+c} e_cᵀ,
//             s = 1/λ², a = 1, b = 2/λ, plus α P_η with α = alpha_numerator/Δ̃
//             (2/Δ̃ for the reading α_diag = 2κ√d/Δ_diag; 2/(d Δ̃) for 2κ/(√d Δ_diag)).
// W̃ = Πᵀ M Π (+ α P_η), in the rotated coordinates, exact.
RationalMatrix sink_construction(const CopyTaskInstance& x);
RationalMatrix diagonal_construction(const CopyTaskInstance& x, const Rational& alpha);
// α of the two readings, reduced units.
Rational diagonal_alpha(const CopyTaskInstance& x, bool alpha_over_sqrt_d_reading);
// The same from Δ̃ (reduced units) and d, when the statistics are at hand.
Rational diagonal_alpha(const Rational& Delta_diag, long dim, bool alpha_over_sqrt_d_reading);

// Every preference met exactly (≥ 1)? The first that fails, or "".
std::string first_unmet_preference(const RationalMatrix& W, const CopyTaskContexts& contexts);

// Closed forms of the constructions' nuclear norms in reduced units
// (derived in docs/propositions/P4-cost-bounds.md, checked in the tests
// against a certified nuclear norm of the matrices above):
//   sink:     (C − 1) b + sqrt(2C a² + b² + 2√C a b)
//   diagonal: C sqrt((s + 1)² + b²) + α r_η
// (copy_patterns_costs.hpp, templated over the scalar).

// The softmax of each context under W_QK = t (κ/√d) W̃: scores
// t κ x_qᵀ W̃ x_k (exact rationals), and the mass off the targets.
struct RealisedContext {
  std::vector<Rational> scores;  // per visible key
  std::vector<bool> target;
  std::size_t others = 0;        // non-target keys
};
std::vector<RealisedContext> realised_scores(const RationalMatrix& W, const CopyTaskContexts& contexts,
                                             const Rational& kappa, const Rational& scale);

}  // namespace sinkcheck

#include "propositions/copy_patterns_costs.hpp"
