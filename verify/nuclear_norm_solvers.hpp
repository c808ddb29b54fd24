#pragma once
// PROPOSER, internal to the nuclear-norm program (verify/nuclear_norm*.cpp).
// The program's distinct directions, the numerical solvers that propose a W
// and multipliers for them (our interior-point method, DSDP), and the
// rounding of a numerical answer into an exact candidate certificate. None of
// this is trusted: certify_min_nuclear_norm() returns a certificate only
// after verify_nuclear_norm_certificate() (nuclear_norm_certificate.cpp) has
// accepted it.
#include <Eigen/Core>
#include <chrono>
#include <string>
#include <vector>

#include "verify/nuclear_norm.hpp"

namespace sinkcheck::nuclear_norm_detail {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point start);

// One distinct rank-one direction P Q^T (P, Q primitive integer vectors, the
// first nonzero of P positive): the constraints p^T W q >= 1 with p q^T a
// positive multiple of P Q^T all read <P Q^T, W> >= rhs, and only the
// largest rhs matters.
struct Direction {
  std::vector<Integer> P, Q;
  Rational rhs;                 // the strongest member's
  std::size_t strongest = 0;    // index into program.constraints
  double norm_P = 0, norm_Q = 0;
};
std::vector<Direction> distinct_directions(const NuclearNormProgram& program);

// The directions in double precision: unit vectors u, v and the rhs rho of
// <u v^T, W> >= rho (unit vectors for conditioning).
struct UnitRows {
  std::vector<Eigen::VectorXd> u, v;
  std::vector<double> rho;
};
UnitRows unit_rows(std::size_t n, const std::vector<Direction>& directions);

struct NumericalSolution {
  Eigen::MatrixXd W;               // original scale
  std::vector<double> multiplier;  // nu_d for <P_d Q_d^T, W> >= rhs_d
  double seconds = 0;
  bool converged = true;
  std::size_t rounds = 1, working_rows = 0;  // of the active-set loop
};

// Each solves the program restricted to the rows in `working` (indices into
// `all`); multipliers come back in the same order. Both throw
// std::runtime_error when the program is infeasible or the solve fails.
NumericalSolution solve_with_interior_point(std::size_t n, const UnitRows& all,
                                            const std::vector<std::size_t>& working,
                                            const NuclearNormOptions& options);
NumericalSolution solve_with_dsdp(std::size_t n, const UnitRows& all, const std::vector<std::size_t>& working,
                                  const NuclearNormOptions& options);

// The numerical answer rounded into exact witnesses: W's SVD factors as
// dyadic rationals, scaled exactly onto the feasible set; the multipliers
// taken exactly as the doubles they are, with the smallest t the exact
// positive-definiteness test accepts. Throws std::runtime_error when the
// answer cannot be rounded (a constraint of the wrong sign, no multiplier).
NuclearNormCertificate round_to_certificate(const NuclearNormProgram& program, const std::vector<Direction>& directions,
                                            const NumericalSolution& numerical, const std::string& summary);

}  // namespace sinkcheck::nuclear_norm_detail
