#pragma once
// A certified nuclear-norm program:
//     minimise ||W||_*  over W in R^{n x n}  s.t.  p_k^T W q_k >= 1  (k = 1..K).
// A numerical SDP solver — our interior-point method, or DSDP — only
// proposes a primal W and dual multipliers; they are rounded into exact
// witnesses and the returned interval [lower, upper] is accepted only when
// the trusted check of nuclear_norm_certificate.hpp confirms it, so it
// contains the true optimum whatever the solver's accuracy.
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "verify/nuclear_norm_certificate.hpp"

namespace sinkcheck {

struct NuclearNormOptions {
  // The solver's relative duality-gap target; the certified gap ends up
  // within a small factor of it.
  double gap_tolerance = 1e-9;
  int max_iterations = 500;
  // The numerical proposer; the certificate does not depend on which.
  // interior_point (ours, nuclear_norm_interior_point.cpp) forms its normal matrix with
  // dense BLAS-3 products; DSDP's LP Hessian is a sparse product per
  // variable, ~2 K n^4 flops per iteration without BLAS. Measured on the
  // planted programs: n=8/K~800 0.04 s vs 0.5 s, n=16/K~1700 0.9 s vs 13 s,
  // n=24/K~3400 10 s vs 175 s, both with certified gaps of a few 1e-9.
  // automatic: ours first, then DSDP when ours fails or its certified gap
  // exceeds fallback_gap (at the λ extremes of P4's widest tables our start
  // can be far from an optimum in the hundreds and stall); each end of the
  // interval then comes from the solver that certified the better one.
  enum class Solver { interior_point, dsdp, automatic };
  Solver solver = Solver::interior_point;
  double fallback_gap = 1e-7;
  // How the distinct constraints reach the solver. Only ~n^2 of them end up
  // active: active_set solves on a growing working set (several smaller
  // solves); all_at_once is one solve. For DSDP, whose cost is linear in K,
  // active_set wins when K >> n^2 (n=8, K=4092: 1.7 s vs 2.7 s) and loses
  // otherwise (n=16, K~1700: 42 s vs 13 s); automatic uses it only for DSDP
  // with K > 16 n^2.
  enum class Strategy { automatic, all_at_once, active_set };
  Strategy strategy = Strategy::automatic;
};

// Throws std::invalid_argument for an empty program, mismatched lengths or a
// constraint whose left or right vector is zero (0 >= 1 cannot hold);
// std::runtime_error naming the reason when the program is infeasible or the
// solver fails, or when its rounded answer does not pass the exact check.
NuclearNormCertificate certify_min_nuclear_norm(const NuclearNormProgram& program,
                                                const NuclearNormOptions& options = {});

// Exact (de)serialisation so that external solvers run on the same
// instances: {"dim": n, "constraints": [{"left": ["1/2", ...], "right": [...]}]}.
nlohmann::json nuclear_norm_program_to_json(const NuclearNormProgram& program);
NuclearNormProgram nuclear_norm_program_from_json(const nlohmann::json& json);

}  // namespace sinkcheck
