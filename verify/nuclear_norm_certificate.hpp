#pragma once
// TRUSTED. The certified nuclear-norm program and the exact check of its
// certificate — what an enclosure of the optimum rests on:
//     minimise ||W||_*  over W in R^{n x n}  s.t.  p_k^T W q_k >= 1  (k = 1..K).
// A certificate is an interval [lower, upper] with its witnesses:
//   upper: W = s * L R^T meets every constraint (checked exactly) and
//          ||W||_* <= s (||L||_F^2 + ||R||_F^2) / 2  (AM-GM on the factors);
//   lower: mu >= 0, G = sum_k mu_k p_k q_k^T, t > 0 with t^2 I - G^T G
//          positive definite (so ||G||_op < t), hence for every feasible W
//          sum_k mu_k <= <G, W> <= t ||W||_*  (weak duality):
//          lower <= sum_k mu_k / t.
// Nothing here depends on how the witnesses were found (the numerical
// solvers in nuclear_norm.cpp only propose them).
#include <string>
#include <vector>

#include "verify/rational_matrix.hpp"

namespace sinkcheck {

// left^T W right >= 1.
struct RankOneConstraint {
  std::vector<Rational> left, right;
};

struct NuclearNormProgram {
  std::size_t dim = 0;  // W is dim x dim
  std::vector<RankOneConstraint> constraints;
};

struct NuclearNormCertificate {
  Rational lower, upper;
  // Feasible point, exactly: W = factor_scale * factor_left * factor_right^T.
  RationalMatrix W;
  RationalMatrix factor_left, factor_right;
  Rational factor_scale;
  // One per constraint of the program (duplicates and dominated copies get 0).
  std::vector<Rational> multipliers;
  Rational op_norm_bound;  // t >= ||sum_k mu_k p_k q_k^T||_op
  // Diagnostics of the proposer, for display only (never checked).
  double solve_seconds = 0;    // numerical solver
  double certify_seconds = 0;  // exact rounding and checks
  std::size_t distinct_constraints = 0;
  std::size_t rounds = 0;        // solves of the active-set loop (1 when all rows went in at once)
  std::size_t working_rows = 0;  // distinct rows the last solve saw
  std::string solver;  // solver, rounds and working-set size, as text
  // (upper - lower) / upper, as a double for display.
  double relative_gap() const;
};

// Throws std::invalid_argument for an empty program, mismatched lengths or a
// constraint whose left or right vector is zero (0 >= 1 cannot hold).
void validate_nuclear_norm_program(const NuclearNormProgram& program);

// Re-checks a certificate from scratch in exact arithmetic (nothing derived
// is trusted): multipliers >= 0, t > 0 with t^2 I - G^T G > 0, lower <=
// sum mu / t, W = s L R^T, every constraint, upper >= s (|L|^2 + |R|^2)/2,
// lower <= upper. Returns "" when it holds, otherwise the first failure.
std::string verify_nuclear_norm_certificate(const NuclearNormProgram& program,
                                            const NuclearNormCertificate& certificate);

}  // namespace sinkcheck
