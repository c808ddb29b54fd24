// PROPOSER. The nuclear-norm program handed to DSDP 5.8 (Debian's libdsdp),
// the fallback when our interior-point method does not converge. DSDP's
// header stays in this file.
#include <dsdp5.h>

#include <algorithm>
#include <mutex>
#include <stdexcept>

#include "verify/nuclear_norm_solvers.hpp"
#include "verify/silenced_stdout.hpp"

namespace sinkcheck::nuclear_norm_detail {

// The SDP in DSDP's dual form (max b^T y, C - sum y_i A_i >= 0, LP c - A^T y >= 0):
//   y = (W, X1, X2), the slack matrix [[X1, W], [W^T, X2]] >= 0,
//   objective -(tr X1 + tr X2)/2, LP rows <u_d v_d^T, W> >= rho_d
// with unit vectors u, v (conditioning) and rho scaled to max 1. DSDP's
// primal LP variables x_d are then the multipliers of these rows.
namespace {

NumericalSolution solve_in_dsdp(std::size_t n, const UnitRows& all, const std::vector<std::size_t>& working,
                                const NuclearNormOptions& options) {
  const auto start = Clock::now();
  const int N = int(n);
  const int w_count = N * N, x_count = N * (N + 1) / 2;
  const int m = w_count + 2 * x_count;
  const int rows = int(working.size());

  std::vector<double> rho(rows);
  double rho_max = 0;
  std::vector<Eigen::VectorXd> u(rows), v(rows);
  for (int d = 0; d < rows; ++d) {
    u[d] = all.u[working[std::size_t(d)]];
    v[d] = all.v[working[std::size_t(d)]];
    rho[d] = all.rho[working[std::size_t(d)]];
    rho_max = std::max(rho_max, rho[d]);
  }

  DSDP dsdp = nullptr;
  if (DSDPCreate(m, &dsdp) != 0) throw std::runtime_error("DSDP: could not create the solver");
  struct Destroy {
    DSDP& p;
    ~Destroy() { DSDPDestroy(p); }
  } destroy{dsdp};

  // SDP block: one nonzero per variable, packed lower triangle row by row
  // (entry (r, c), r >= c, at r(r+1)/2 + c; an off-diagonal value stands for
  // both symmetric entries). DSDP keeps pointers to these arrays.
  SDPCone sdp = nullptr;
  DSDPCreateSDPCone(dsdp, 1, &sdp);
  SDPConeSetBlockSize(sdp, 0, 2 * N);
  SDPConeSetSparsity(sdp, 0, m);
  std::vector<int> packed_index(std::size_t(m) + 1);
  static const double minus_one = -1.0;
  auto packed = [](int r, int c) { return r * (r + 1) / 2 + c; };
  int var = 1;
  for (int a = 0; a < N; ++a)
    for (int b = 0; b < N; ++b) packed_index[std::size_t(var++)] = packed(N + b, a);
  for (int block = 0; block < 2; ++block)
    for (int a = 0; a < N; ++a)
      for (int b = 0; b <= a; ++b) {
        packed_index[std::size_t(var)] = packed(block * N + a, block * N + b);
        if (a == b) DSDPSetDualObjective(dsdp, var, -0.5);
        ++var;
      }
  for (int i = 1; i <= m; ++i)
    SDPConeSetASparseVecMat(sdp, 0, i, 2 * N, 1.0, 0, &packed_index[std::size_t(i)], &minus_one, 1);

  // LP block in compressed columns; column 0 is c.
  std::vector<int> column_start(std::size_t(m) + 2, 0), row_of;
  std::vector<double> value;
  row_of.reserve(std::size_t(rows) * std::size_t(w_count + 1));
  value.reserve(row_of.capacity());
  for (int d = 0; d < rows; ++d) {
    row_of.push_back(d);
    value.push_back(-rho[d] / rho_max);
  }
  column_start[1] = rows;
  for (int a = 0, col = 1; a < N; ++a)
    for (int b = 0; b < N; ++b, ++col) {
      for (int d = 0; d < rows; ++d) {
        const double coefficient = u[d](a) * v[d](b);
        if (coefficient == 0) continue;
        row_of.push_back(d);
        value.push_back(-coefficient);
      }
      column_start[std::size_t(col) + 1] = int(row_of.size());
    }
  for (int col = w_count + 1; col <= m; ++col) column_start[std::size_t(col) + 1] = int(row_of.size());
  LPCone lp = nullptr;
  DSDPCreateLPCone(dsdp, &lp);
  LPConeSetData(lp, rows, column_start.data(), row_of.data(), value.data());

  DSDPSetGapTolerance(dsdp, options.gap_tolerance);
  DSDPSetMaxIts(dsdp, options.max_iterations);
  if (DSDPSetup(dsdp) != 0) throw std::runtime_error("DSDP: setup failed");
  const int solve_info = DSDPSolve(dsdp);
  if (solve_info != 0) throw std::runtime_error("DSDP: solve failed (code " + std::to_string(solve_info) + ")");
  DSDPSolutionType type;
  DSDPGetSolutionType(dsdp, &type);
  if (type == DSDP_INFEASIBLE)
    throw std::runtime_error("nuclear-norm program is infeasible (DSDP: no W satisfies the constraints)");
  if (DSDPComputeX(dsdp) != 0) throw std::runtime_error("DSDP: could not compute the dual multipliers");

  std::vector<double> y(static_cast<std::size_t>(m));
  DSDPGetY(dsdp, y.data(), m);
  NumericalSolution out;
  out.W.resize(N, N);
  for (int a = 0; a < N; ++a)
    for (int b = 0; b < N; ++b) out.W(a, b) = rho_max * y[std::size_t(a * N + b)];
  double* x = nullptr;
  int x_count_out = 0;
  LPConeGetXArray(lp, &x, &x_count_out);
  if (x_count_out != rows) throw std::runtime_error("DSDP: unexpected multiplier count");
  out.multiplier.resize(std::size_t(rows));
  for (int d = 0; d < rows; ++d) out.multiplier[std::size_t(d)] = std::max(0.0, x[d]);
  out.seconds = seconds_since(start);
  return out;
}

}  // namespace

// DSDP keeps global state (its event log), so one solve at a time; its
// printf output is kept off stdout.
NumericalSolution solve_with_dsdp(std::size_t n, const UnitRows& all, const std::vector<std::size_t>& working,
                                  const NuclearNormOptions& options) {
  static std::mutex one_at_a_time;
  std::lock_guard<std::mutex> lock(one_at_a_time);
  NumericalSolution out;
  with_c_stdout_silenced([&] { out = solve_in_dsdp(n, all, working, options); });
  return out;
}

}  // namespace sinkcheck::nuclear_norm_detail
