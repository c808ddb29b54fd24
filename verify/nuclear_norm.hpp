#pragma once
// A certified nuclear-norm program:
//     minimise ||W||_*  over W in R^{n x n}  s.t.  p_k^T W q_k >= 1  (k = 1..K).
// A numerical SDP solver (DSDP) only proposes a primal W and dual multipliers;
// the returned interval [lower, upper] is re-derived in exact rationals, so it
// contains the true optimum whatever the solver's accuracy:
//   upper: W = s * L R^T is feasible (checked exactly) and
//          ||W||_* <= s (||L||_F^2 + ||R||_F^2) / 2;
//   lower: mu >= 0, G = sum_k mu_k p_k q_k^T, ||G||_op <= t (t^2 I - G^T G
//          proven positive definite), so for every feasible W
//          sum_k mu_k <= <G, W> <= t ||W||_*, i.e. lower = sum_k mu_k / t.
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "verify/psd_certificate.hpp"
#include "verify/rational.hpp"

namespace sinkcheck {

// left^T W right >= 1.
struct RankOneConstraint {
  std::vector<Rational> left, right;
};

struct NuclearNormProgram {
  std::size_t dim = 0;  // W is dim x dim
  std::vector<RankOneConstraint> constraints;
};

struct NuclearNormOptions {
  // The solver's relative duality-gap target; the certified gap ends up
  // within a small factor of it.
  double gap_tolerance = 1e-9;
  int max_iterations = 500;
  // The numerical proposer; the certificate does not depend on which.
  // interior_point (ours, nuclear_norm.cpp) forms its normal matrix with
  // dense BLAS-3 products; DSDP's LP Hessian is a sparse product per
  // variable, ~2 K n^4 flops per iteration without BLAS. Measured on the
  // planted programs: n=8/K~800 0.04 s vs 0.5 s, n=16/K~1700 0.9 s vs 13 s,
  // n=24/K~3400 10 s vs 175 s, both with certified gaps of a few 1e-9.
  enum class Solver { interior_point, dsdp };
  Solver solver = Solver::interior_point;
  // How the distinct constraints reach the solver. Only ~n^2 of them end up
  // active: active_set solves on a growing working set (several smaller
  // solves); all_at_once is one solve. For DSDP, whose cost is linear in K,
  // active_set wins when K >> n^2 (n=8, K=4092: 1.7 s vs 2.7 s) and loses
  // otherwise (n=16, K~1700: 42 s vs 13 s); automatic uses it only for DSDP
  // with K > 16 n^2.
  enum class Strategy { automatic, all_at_once, active_set };
  Strategy strategy = Strategy::automatic;
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
  double solve_seconds = 0;    // numerical solver only
  double certify_seconds = 0;  // exact rounding and checks
  std::size_t distinct_constraints = 0;
  std::string solver;  // solver, rounds and working-set size
  // (upper - lower) / upper, as a double for display.
  double relative_gap() const;
};

// Throws std::invalid_argument for an empty program, mismatched lengths or a
// constraint whose left or right vector is zero (0 >= 1 cannot hold);
// std::runtime_error naming the reason when the program is infeasible or the
// solver fails.
NuclearNormCertificate certify_min_nuclear_norm(const NuclearNormProgram& program,
                                                const NuclearNormOptions& options = {});

// Re-checks a certificate from scratch in exact arithmetic (nothing derived
// is trusted): multipliers >= 0, t > 0 with t^2 I - G^T G > 0, lower <=
// sum mu / t, W = s L R^T, every constraint, upper >= s (|L|^2 + |R|^2)/2,
// lower <= upper. Returns "" when it holds, otherwise the first failure.
std::string verify_nuclear_norm_certificate(const NuclearNormProgram& program,
                                            const NuclearNormCertificate& certificate);

// Exact (de)serialisation so that external solvers run on the same
// instances: {"dim": n, "constraints": [{"left": ["1/2", ...], "right": [...]}]}.
nlohmann::json nuclear_norm_program_to_json(const NuclearNormProgram& program);
NuclearNormProgram nuclear_norm_program_from_json(const nlohmann::json& json);

}  // namespace sinkcheck
