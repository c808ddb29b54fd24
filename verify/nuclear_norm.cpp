// Certified minimum nuclear norm under rank-one linear constraints (see
// nuclear_norm.hpp). DSDP solves the SDP in doubles; everything returned is
// rebuilt from its answer in exact integer/rational arithmetic.
#include "verify/nuclear_norm.hpp"

#include <dsdp5.h>
#include <gmp.h>

#include <Eigen/Dense>
#include <chrono>
#include <cmath>
#include <limits>
#include <algorithm>
#include <limits>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace sinkcheck {

namespace {

using boost::multiprecision::denominator;
using boost::multiprecision::numerator;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void validate(const NuclearNormProgram& program) {
  if (program.dim == 0) throw std::invalid_argument("nuclear-norm program: dimension 0");
  if (program.constraints.empty())
    throw std::invalid_argument("nuclear-norm program: no constraints (the optimum W = 0 needs no certificate)");
  for (std::size_t k = 0; k < program.constraints.size(); ++k) {
    const auto& c = program.constraints[k];
    if (c.left.size() != program.dim || c.right.size() != program.dim)
      throw std::invalid_argument("nuclear-norm program: constraint " + std::to_string(k) + " has vectors of length " +
                                  std::to_string(c.left.size()) + "/" + std::to_string(c.right.size()) +
                                  ", expected " + std::to_string(program.dim));
    auto is_zero = [](const std::vector<Rational>& v) {
      for (const auto& x : v)
        if (x != 0) return false;
      return true;
    };
    if (is_zero(c.left) || is_zero(c.right))
      throw std::invalid_argument("nuclear-norm program: constraint " + std::to_string(k) +
                                  " has a zero vector, so it reads 0 >= 1 (infeasible)");
  }
}

// v = content * primitive, content > 0 rational, primitive an integer vector
// with gcd 1: the exact arithmetic then runs on integers only.
std::vector<Integer> primitive_part(const std::vector<Rational>& v, Rational& content) {
  Integer common = 1;
  for (const auto& x : v) common = boost::multiprecision::lcm(common, denominator(x));
  std::vector<Integer> ints(v.size());
  Integer g = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    ints[i] = numerator(v[i]) * (common / denominator(v[i]));
    g = boost::multiprecision::gcd(g, ints[i]);
  }
  for (auto& x : ints) x /= g;
  content = Rational(g, common);
  return ints;
}

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

std::vector<Direction> distinct_directions(const NuclearNormProgram& program) {
  std::vector<Direction> out;
  std::map<std::pair<std::vector<Integer>, std::vector<Integer>>, std::size_t> index;
  for (std::size_t k = 0; k < program.constraints.size(); ++k) {
    Rational cp, cq;
    std::vector<Integer> P = primitive_part(program.constraints[k].left, cp);
    std::vector<Integer> Q = primitive_part(program.constraints[k].right, cq);
    for (const auto& x : P)
      if (x != 0) {
        if (x < 0) {
          for (auto& y : P) y = -y;
          for (auto& y : Q) y = -y;
        }
        break;
      }
    const Rational rhs = 1 / (cp * cq);
    auto key = std::make_pair(P, Q);
    const auto found = index.find(key);
    if (found != index.end()) {
      Direction& d = out[found->second];
      if (rhs > d.rhs) {
        d.rhs = rhs;
        d.strongest = k;
      }
      continue;
    }
    Direction d;
    d.P = std::move(P);
    d.Q = std::move(Q);
    d.rhs = rhs;
    d.strongest = k;
    double sp = 0, sq = 0;
    for (const auto& x : d.P) sp += std::pow(x.convert_to<double>(), 2);
    for (const auto& x : d.Q) sq += std::pow(x.convert_to<double>(), 2);
    d.norm_P = std::sqrt(sp);
    d.norm_Q = std::sqrt(sq);
    index.emplace(std::move(key), out.size());
    out.push_back(std::move(d));
  }
  return out;
}

struct NumericalSolution {
  Eigen::MatrixXd W;               // original scale
  std::vector<double> multiplier;  // nu_d for <P_d Q_d^T, W> >= rhs_d
  double seconds = 0;
  bool converged = true;
};

// The SDP in DSDP's dual form (max b^T y, C - sum y_i A_i >= 0, LP c - A^T y >= 0):
//   y = (W, X1, X2), the slack matrix [[X1, W], [W^T, X2]] >= 0,
//   objective -(tr X1 + tr X2)/2, LP rows <u_d v_d^T, W> >= rho_d
// with unit vectors u, v (conditioning) and rho scaled to max 1. DSDP's
// primal LP variables x_d are then the multipliers of these rows.
// The directions in double precision: unit vectors u, v and the rhs rho of
// <u v^T, W> >= rho.
struct UnitRows {
  std::vector<Eigen::VectorXd> u, v;
  std::vector<double> rho;
};

UnitRows unit_rows(std::size_t n, const std::vector<Direction>& directions) {
  UnitRows out;
  const Eigen::Index N = Eigen::Index(n);
  for (const Direction& dir : directions) {
    Eigen::VectorXd u(N), v(N);
    for (Eigen::Index i = 0; i < N; ++i) {
      u(i) = dir.P[std::size_t(i)].convert_to<double>() / dir.norm_P;
      v(i) = dir.Q[std::size_t(i)].convert_to<double>() / dir.norm_Q;
    }
    out.u.push_back(std::move(u));
    out.v.push_back(std::move(v));
    out.rho.push_back(to_double(dir.rhs) / (dir.norm_P * dir.norm_Q));
  }
  return out;
}

// Solves the program restricted to the directions in `working` (indices);
// multipliers come back in the same order.
NumericalSolution solve_with_dsdp(std::size_t n, const UnitRows& all, const std::vector<std::size_t>& working,
                                  const NuclearNormOptions& options) {
  // DSDP keeps process-wide state (its event log, its info printing): two
  // solves at once race on it, and its timing check then prints "Timing
  // error: ... Call begin without calling end" on stdout. One solve at a
  // time; DSDP is only the fallback when our interior-point solver fails.
  static std::mutex dsdp_mutex;
  const std::lock_guard<std::mutex> one_at_a_time(dsdp_mutex);
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

// A dedicated primal-dual interior-point method for the same SDP, written
// because DSDP's LP Hessian (a sparse product per variable, no BLAS) makes it
// slow at n >= 16 with thousands of rows. Variables: the whole slack matrix
// Z = [[X1, W], [W^T, X2]] as x = svec(Z) (off-diagonals times sqrt 2, so
// that <A, B> = svec(A)^T svec(B)):
//   min c^T x,  c = svec(I/2)    s.t.  B x_W - rho = s >= 0,  smat(x) >= 0;
// dual: y >= 0, S = smat(c - B^T y) >= 0, i.e. ||sum y_k u_k v_k^T||_op <= 1.
// Nesterov-Todd scaling, Mehrotra predictor-corrector (second-order term on
// the LP part only), infeasible start. Per iteration: the normal matrix
// H_NT + B_W^T D B_W (m = 2n^2 + n) with the K n^4 part as one dense GEMM,
// then a Cholesky factorisation.
NumericalSolution solve_with_interior_point(std::size_t n, const UnitRows& all, const std::vector<std::size_t>& working,
                                            const NuclearNormOptions& options) {
  using Eigen::Index;
  using Eigen::MatrixXd;
  using Eigen::VectorXd;
  const auto start = Clock::now();
  const Index N = Index(n), D = 2 * N, m = D * (D + 1) / 2, K = Index(working.size());
  const double root2 = std::sqrt(2.0);
  auto idx = [D](Index i, Index j) {
    if (i < j) std::swap(i, j);
    return j * D - j * (j - 1) / 2 + (i - j);
  };
  auto smat = [&](const VectorXd& v) {
    MatrixXd M(D, D);
    for (Index j = 0; j < D; ++j)
      for (Index i = j; i < D; ++i) M(i, j) = M(j, i) = i == j ? v(idx(i, j)) : v(idx(i, j)) / root2;
    return M;
  };
  auto svec = [&](const MatrixXd& M) {
    VectorXd v(m);
    for (Index j = 0; j < D; ++j)
      for (Index i = j; i < D; ++i) v(idx(i, j)) = i == j ? M(i, j) : root2 * 0.5 * (M(i, j) + M(j, i));
    return v;
  };

  VectorXd rho(K);
  for (Index k = 0; k < K; ++k) rho(k) = all.rho[working[std::size_t(k)]];
  const double rho_max = rho.maxCoeff();
  rho /= rho_max;
  // B: row k holds <u_k v_k^T, W> on the W coordinates (x = sqrt2 * W_ab).
  const Index w_count = N * N;
  MatrixXd B(K, w_count);
  std::vector<Index> w_index(static_cast<std::size_t>(w_count));
  for (Index a = 0; a < N; ++a)
    for (Index b = 0; b < N; ++b) w_index[std::size_t(a * N + b)] = idx(N + b, a);
  for (Index k = 0; k < K; ++k) {
    const VectorXd& u = all.u[working[std::size_t(k)]];
    const VectorXd& v = all.v[working[std::size_t(k)]];
    for (Index a = 0; a < N; ++a)
      for (Index b = 0; b < N; ++b) B(k, a * N + b) = u(a) * v(b) / root2;
  }
  auto gather_w = [&](const VectorXd& v) {
    VectorXd out(w_count);
    for (Index p = 0; p < w_count; ++p) out(p) = v(w_index[std::size_t(p)]);
    return out;
  };
  auto scatter_w = [&](const VectorXd& w) {
    VectorXd out = VectorXd::Zero(m);
    for (Index p = 0; p < w_count; ++p) out(w_index[std::size_t(p)]) = w(p);
    return out;
  };
  VectorXd c = VectorXd::Zero(m);
  for (Index i = 0; i < D; ++i) c(idx(i, i)) = 0.5;

  // Largest step in [0, inf) keeping M + alpha dM positive semidefinite.
  auto max_step_matrix = [](const MatrixXd& M, const MatrixXd& dM) {
    Eigen::LLT<MatrixXd> llt(M);
    const MatrixXd L = llt.matrixL();
    const MatrixXd T = L.triangularView<Eigen::Lower>().solve(
        L.triangularView<Eigen::Lower>().solve(dM).transpose());
    const double lowest = Eigen::SelfAdjointEigenSolver<MatrixXd>(0.5 * (T + T.transpose()), Eigen::EigenvaluesOnly)
                              .eigenvalues()(0);
    return lowest >= 0 ? 1e300 : -1.0 / lowest;
  };
  auto max_step_vector = [](const VectorXd& v, const VectorXd& dv) {
    double step = 1e300;
    for (Index i = 0; i < v.size(); ++i)
      if (dv(i) < 0) step = std::min(step, -v(i) / dv(i));
    return step;
  };

  VectorXd x = svec(MatrixXd::Identity(D, D)), s = VectorXd::Ones(K), y = VectorXd::Ones(K);
  MatrixXd Z = MatrixXd::Identity(D, D);
  const double cones = double(K + D);
  bool converged = false;
  double best_merit = std::numeric_limits<double>::infinity();
  int best_iteration = 0;
  VectorXd best_x = x, best_y = y;
  for (int iteration = 0; iteration < options.max_iterations; ++iteration) {
    const MatrixXd X = smat(x);
    const VectorXd xW = gather_w(x);
    const VectorXd r_primal = B * xW - rho - s;
    const VectorXd r_dual = c - scatter_w(B.transpose() * y) - svec(Z);
    const double mu = (s.dot(y) + (X.cwiseProduct(Z)).sum()) / cones;
    // Iterates running off to infinity mean an unbounded dual, i.e. an
    // infeasible program (Farkas); stop before they become NaN.
    if (!std::isfinite(mu) || mu > 1e12 || !x.allFinite() || !y.allFinite())
      throw std::runtime_error(
          "nuclear-norm program is infeasible or numerically out of reach: the interior-point iterates diverge "
          "(no W satisfies the constraints, or their scale is extreme)");
    const double pobj = c.dot(x), dobj = rho.dot(y);
    const double gap = std::abs(pobj - dobj) / (1 + std::abs(pobj) + std::abs(dobj));
    // Near the optimum rounding stalls progress; keep the best iterate and
    // stop once it has not improved for a few iterations.
    const double merit = std::max({gap, r_primal.lpNorm<Eigen::Infinity>(), r_dual.lpNorm<Eigen::Infinity>()});
    if (merit < best_merit) {
      best_merit = merit;
      best_iteration = iteration;
      best_x = x;
      best_y = y;
    }
    if (merit < options.gap_tolerance) {
      converged = true;
      break;
    }
    if (iteration - best_iteration >= 6) {
      converged = best_merit < 10 * options.gap_tolerance;
      break;
    }
    // NT scaling point: Wnt Z Wnt = X.
    Eigen::SelfAdjointEigenSolver<MatrixXd> eig_X(X);
    const VectorXd x_values = eig_X.eigenvalues().cwiseMax(1e-300);
    const MatrixXd X_half = eig_X.eigenvectors() * x_values.cwiseSqrt().asDiagonal() * eig_X.eigenvectors().transpose();
    const MatrixXd X_half_inv =
        eig_X.eigenvectors() * x_values.cwiseSqrt().cwiseInverse().asDiagonal() * eig_X.eigenvectors().transpose();
    Eigen::SelfAdjointEigenSolver<MatrixXd> eig_M(X_half * Z * X_half);
    const VectorXd m_values = eig_M.eigenvalues().cwiseMax(1e-300);
    const MatrixXd W_inv = X_half_inv * eig_M.eigenvectors() * m_values.cwiseSqrt().asDiagonal() *
                           eig_M.eigenvectors().transpose() * X_half_inv;
    const MatrixXd X_inv = X_half_inv * X_half_inv;

    // Normal matrix H = (W^-1 . W^-1) + B_W^T diag(y/s) B_W.
    MatrixXd H(m, m);
    for (Index l = 0; l < D; ++l)
      for (Index k = l; k < D; ++k) {
        const Index column = idx(k, l);
        for (Index j = 0; j < D; ++j)
          for (Index i = j; i < D; ++i) {
            double value;
            if (k == l) {
              value = W_inv(i, k) * W_inv(j, k);
            } else {
              value = (W_inv(i, k) * W_inv(j, l) + W_inv(i, l) * W_inv(j, k)) / root2;
            }
            H(idx(i, j), column) = i == j ? value : root2 * value;
          }
      }
    const VectorXd d = y.cwiseQuotient(s);
    const MatrixXd Bs = d.cwiseSqrt().asDiagonal() * B;
    MatrixXd lp_block = MatrixXd::Zero(w_count, w_count);
    lp_block.selfadjointView<Eigen::Lower>().rankUpdate(Bs.transpose());
    for (Index q = 0; q < w_count; ++q)
      for (Index p = q; p < w_count; ++p) {
        const double value = lp_block(p, q);
        H(w_index[std::size_t(p)], w_index[std::size_t(q)]) += value;
        if (p != q) H(w_index[std::size_t(q)], w_index[std::size_t(p)]) += value;
      }
    // Near the optimum H grows ill-conditioned; a ridge far below the
    // step's accuracy needs keeps the factorisation going.
    Eigen::LLT<MatrixXd> normal(H);
    for (double ridge = 1e-14; normal.info() != Eigen::Success && ridge < 1e-6; ridge *= 100) {
      H.diagonal().array() += ridge * H.diagonal().maxCoeff();
      normal.compute(H);
    }
    if (normal.info() != Eigen::Success) break;

    struct Step {
      VectorXd dx, ds, dy;
      MatrixXd dZ;
    };
    auto direction = [&](double target, const VectorXd& lp_second_order) {
      Step st;
      const VectorXd lp_term = (VectorXd::Constant(K, target) - lp_second_order).cwiseQuotient(s) - y - d.cwiseProduct(r_primal);
      const VectorXd rhs = scatter_w(B.transpose() * lp_term) + svec(target * X_inv - Z) - r_dual;
      st.dx = normal.solve(rhs);
      st.ds = B * gather_w(st.dx) + r_primal;
      st.dy = (VectorXd::Constant(K, target) - lp_second_order).cwiseQuotient(s) - y - d.cwiseProduct(st.ds);
      const MatrixXd dX = smat(st.dx);
      st.dZ = target * X_inv - Z - W_inv * dX * W_inv;
      st.dZ = 0.5 * (st.dZ + st.dZ.transpose());
      return st;
    };
    auto steps = [&](const Step& st, double& primal, double& dual) {
      primal = std::min(max_step_matrix(X, smat(st.dx)), max_step_vector(s, st.ds));
      dual = std::min(max_step_matrix(Z, st.dZ), max_step_vector(y, st.dy));
    };
    const Step affine = direction(0.0, VectorXd::Zero(K));
    double ap = 0, ad = 0;
    steps(affine, ap, ad);
    ap = std::min(1.0, ap);
    ad = std::min(1.0, ad);
    const double mu_affine = ((s + ap * affine.ds).dot(y + ad * affine.dy) +
                              (smat(x + ap * affine.dx).cwiseProduct(Z + ad * affine.dZ)).sum()) /
                             cones;
    const double sigma = std::clamp(std::pow(mu_affine / mu, 3), 0.0, 1.0);
    const Step step = direction(sigma * mu, affine.ds.cwiseProduct(affine.dy));
    steps(step, ap, ad);
    ap = std::min(1.0, 0.98 * ap);
    ad = std::min(1.0, 0.98 * ad);
    x += ap * step.dx;
    s += ap * step.ds;
    y += ad * step.dy;
    Z += ad * step.dZ;
  }
  NumericalSolution out;
  out.converged = converged;  // reported only: the exact certificate judges the result
  x = best_x;
  y = best_y;
  out.W.resize(N, N);
  for (Index a = 0; a < N; ++a)
    for (Index b = 0; b < N; ++b) out.W(a, b) = rho_max * x(idx(N + b, a)) / root2;
  out.multiplier.resize(std::size_t(K));
  for (Index k = 0; k < K; ++k) out.multiplier[std::size_t(k)] = std::max(0.0, y(k));
  out.seconds = seconds_since(start);
  return out;
}

// DSDP assembles its LP Hessian without BLAS, at ~2 K n^4 flops per
// iteration for K rows (a sparse product per variable: 78% of the time in a
// profile at n=12), so K dominates the solve time; yet only ~n^2 rows end up
// active. Active set: solve on the rows with the largest
// normalised rhs (the hardest to meet), add the rows the answer violates,
// repeat. Rows never added get multiplier 0, which weak duality permits, and
// the final W meets every row up to 1e-10 (the exact rescaling absorbs it).
NumericalSolution solve_numerically(std::size_t n, const std::vector<Direction>& directions,
                                    const NuclearNormOptions& options, std::string& summary) {
  const UnitRows all = unit_rows(n, directions);
  const std::size_t total = directions.size();
  std::vector<std::size_t> order(total);
  for (std::size_t d = 0; d < total; ++d) order[d] = d;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return all.rho[a] > all.rho[b]; });
  using Strategy = NuclearNormOptions::Strategy;
  const bool active_set =
      options.strategy == Strategy::active_set ||
      (options.strategy == Strategy::automatic && options.solver == NuclearNormOptions::Solver::dsdp &&
       total > 16 * n * n);
  const std::size_t initial = active_set ? std::max<std::size_t>(2 * n * n, 64) : total;
  const std::size_t batch = std::max<std::size_t>(n * n, 32);
  std::vector<std::size_t> working(order.begin(), order.begin() + std::ptrdiff_t(std::min(initial, total)));
  std::vector<bool> in_working(total, false);
  for (std::size_t d : working) in_working[d] = true;

  double seconds = 0;
  for (int round = 1;; ++round) {
    NumericalSolution partial = options.solver == NuclearNormOptions::Solver::dsdp
                                    ? solve_with_dsdp(n, all, working, options)
                                    : solve_with_interior_point(n, all, working, options);
    seconds += partial.seconds;
    std::vector<std::pair<double, std::size_t>> violated;  // (relative shortfall, row)
    for (std::size_t d = 0; d < total; ++d) {
      if (in_working[d]) continue;
      const double value = all.u[d].dot(partial.W * all.v[d]);
      const double shortfall = (all.rho[d] - value) / all.rho[d];
      if (shortfall > 1e-10) violated.emplace_back(shortfall, d);
    }
    if (violated.empty() || round >= 50) {
      NumericalSolution out;
      out.W = std::move(partial.W);
      out.seconds = seconds;
      out.converged = partial.converged;
      out.multiplier.assign(total, 0.0);
      // Row d reads <P Q^T, W> >= rhs after multiplying by |P||Q|.
      for (std::size_t i = 0; i < working.size(); ++i) {
        const Direction& dir = directions[working[i]];
        out.multiplier[working[i]] = partial.multiplier[i] / (dir.norm_P * dir.norm_Q);
      }
      summary = std::string(options.solver == NuclearNormOptions::Solver::dsdp ? "DSDP 5.8" : "interior point") +
                ", " + std::to_string(round) + " round(s), " + std::to_string(working.size()) + " of " +
                std::to_string(total) + " distinct rows" + (out.converged ? "" : ", NOT converged");
      return out;
    }
    std::sort(violated.rbegin(), violated.rend());
    for (std::size_t i = 0; i < std::min(batch, violated.size()); ++i) {
      working.push_back(violated[i].second);
      in_working[violated[i].second] = true;
    }
  }
}

using IntegerMatrix = std::vector<std::vector<Integer>>;

// Doubles as integers over 2^exponent, chosen so the largest entry uses
// ~52 bits: rounding is the only loss, and it is accounted for exactly later.
IntegerMatrix to_scaled_integers(const Eigen::MatrixXd& M, int& exponent) {
  const double largest = M.cwiseAbs().maxCoeff();
  int e = 0;
  std::frexp(largest, &e);
  exponent = 52 - e;
  IntegerMatrix out(std::size_t(M.rows()), std::vector<Integer>(std::size_t(M.cols())));
  for (Eigen::Index i = 0; i < M.rows(); ++i)
    for (Eigen::Index j = 0; j < M.cols(); ++j)
      out[std::size_t(i)][std::size_t(j)] = Integer(std::llround(std::ldexp(M(i, j), exponent)));
  return out;
}

Rational power_of_two(int e) {
  Integer p = 1;
  p <<= unsigned(std::abs(e));
  return e >= 0 ? Rational(p) : Rational(Integer(1), p);
}

// P^T W Q with integer data, through W Q first (n^2 + n products).
Integer bilinear(const std::vector<Integer>& P, const IntegerMatrix& W, const std::vector<Integer>& Q) {
  const std::size_t n = P.size();
  Integer total = 0, row = 0;
  for (std::size_t a = 0; a < n; ++a) {
    if (P[a] == 0) continue;
    row = 0;
    for (std::size_t b = 0; b < n; ++b)
      if (Q[b] != 0) mpz_addmul(row.backend().data(), W[a][b].backend().data(), Q[b].backend().data());
    mpz_addmul(total.backend().data(), P[a].backend().data(), row.backend().data());
  }
  return total;
}

}  // namespace

double NuclearNormCertificate::relative_gap() const {
  if (upper == 0) return 0.0;
  return to_double((upper - lower) / upper);
}

NuclearNormCertificate certify_min_nuclear_norm(const NuclearNormProgram& program, const NuclearNormOptions& options) {
  validate(program);
  const std::size_t n = program.dim;
  const std::vector<Direction> directions = distinct_directions(program);
  std::string summary;
  const NumericalSolution numerical = solve_numerically(n, directions, options, summary);
  const auto certify_start = Clock::now();

  NuclearNormCertificate cert;
  cert.solver = summary;
  cert.solve_seconds = numerical.seconds;
  cert.distinct_constraints = directions.size();

  // ---- upper end: W = s * L R^T, L = U sqrt(S), R = V sqrt(S) rounded.
  Eigen::JacobiSVD<Eigen::MatrixXd> svd(numerical.W, Eigen::ComputeFullU | Eigen::ComputeFullV);
  const Eigen::VectorXd root = svd.singularValues().cwiseSqrt();
  const Eigen::MatrixXd Ld = svd.matrixU() * root.asDiagonal();
  const Eigen::MatrixXd Rd = svd.matrixV() * root.asDiagonal();
  Eigen::MatrixXd both(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(2 * n));
  both << Ld, Rd;
  int factor_exponent = 0;
  const IntegerMatrix LR = to_scaled_integers(both, factor_exponent);
  IntegerMatrix L(n, std::vector<Integer>(n)), R(n, std::vector<Integer>(n));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      L[i][j] = LR[i][j];
      R[i][j] = LR[i][n + j];
    }
  IntegerMatrix W0(n, std::vector<Integer>(n, Integer(0)));  // L R^T, over 2^(2 exponent)
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j)
      for (std::size_t k = 0; k < n; ++k)
        mpz_addmul(W0[i][j].backend().data(), L[i][k].backend().data(), R[j][k].backend().data());
  const Rational denominator_W0 = power_of_two(2 * factor_exponent);  // W = W0 / that
  // Every right-hand side is positive, so scaling by the worst ratio makes
  // the tightest constraint exactly active and all others hold.
  Rational scale = 0;
  for (const Direction& d : directions) {
    const Integer value = bilinear(d.P, W0, d.Q);
    if (value <= 0)
      throw std::runtime_error(
          "nuclear-norm certificate: the solver's W violates a constraint's sign (" + summary +
          "): the program is infeasible or the solver failed");
    const Rational needed = d.rhs * denominator_W0 / Rational(value);
    if (needed > scale) scale = needed;
  }
  Integer squares = 0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) squares += L[i][j] * L[i][j] + R[i][j] * R[i][j];
  cert.factor_scale = scale;
  cert.upper = scale * Rational(squares) / (2 * denominator_W0);
  const Rational unit = power_of_two(-factor_exponent);
  cert.factor_left.assign(n, std::vector<Rational>(n));
  cert.factor_right.assign(n, std::vector<Rational>(n));
  cert.W.assign(n, std::vector<Rational>(n));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      cert.factor_left[i][j] = Rational(L[i][j]) * unit;
      cert.factor_right[i][j] = Rational(R[i][j]) * unit;
      cert.W[i][j] = scale * Rational(W0[i][j]) / denominator_W0;
    }

  // ---- lower end: nu_d taken exactly as the doubles they are (a double is
  // a dyadic rational) over a common 2^E, G = sum nu_d P Q^T / 2^E,
  // ||G|| <= T / 2^E. A fixed 62-bit rounding relative to the largest
  // multiplier would zero the small ones: directions whose integer vectors
  // are huge (inputs with 2^60 denominators) carry multipliers 2^-120 times
  // smaller, and dropping them loses most of the bound.
  int nu_exponent = std::numeric_limits<int>::min();
  for (double nu : numerical.multiplier) {
    if (!(nu >= 1e-300)) continue;  // negative, zero or denormal: left out (any mu >= 0 is valid)
    int e = 0;
    std::frexp(nu, &e);
    nu_exponent = std::max(nu_exponent, 53 - e);
  }
  if (nu_exponent == std::numeric_limits<int>::min())
    throw std::runtime_error("nuclear-norm certificate: the solver returned no positive multiplier (" + summary + ")");
  std::vector<Integer> nu(directions.size());
  IntegerMatrix G(n, std::vector<Integer>(n, Integer(0)));
  Integer nu_P;
  Rational dual_value = 0;  // sum_d nu_d rhs_d, times 2^E
  for (std::size_t d = 0; d < directions.size(); ++d) {
    const double value = numerical.multiplier[d];
    if (!(value >= 1e-300)) continue;
    int e = 0;
    const double mantissa = std::frexp(value, &e);  // value = mantissa 2^e, mantissa in [1/2, 1)
    nu[d] = Integer(static_cast<long long>(std::ldexp(mantissa, 53)));
    nu[d] <<= unsigned(nu_exponent - (53 - e));  // exact: value 2^E
    dual_value += Rational(nu[d]) * directions[d].rhs;
    for (std::size_t a = 0; a < n; ++a) {
      if (directions[d].P[a] == 0) continue;
      nu_P = nu[d] * directions[d].P[a];
      for (std::size_t b = 0; b < n; ++b)
        mpz_addmul(G[a][b].backend().data(), nu_P.backend().data(), directions[d].Q[b].backend().data());
    }
  }
  Eigen::MatrixXd Gd(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n));
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = 0; b < n; ++b) Gd(Eigen::Index(a), Eigen::Index(b)) = G[a][b].convert_to<double>();
  const double sigma_max = Eigen::JacobiSVD<Eigen::MatrixXd>(Gd).singularValues()(0);
  IntegerMatrix GtG(n, std::vector<Integer>(n, Integer(0)));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i; j < n; ++j) {
      for (std::size_t k = 0; k < n; ++k)
        mpz_addmul(GtG[i][j].backend().data(), G[k][i].backend().data(), G[k][j].backend().data());
      GtG[j][i] = GtG[i][j];
    }
  Integer T;
  bool certified = false;
  for (double inflation = 1e-12; inflation < 1e-2 && !certified; inflation *= 10) {
    T = Integer(std::ceil(sigma_max * (1 + inflation))) + 1;
    IntegerMatrix M = GtG;
    const Integer T2 = T * T;
    for (std::size_t i = 0; i < n; ++i) {
      for (auto& x : M[i]) x = -x;
      M[i][i] += T2;
    }
    certified = certify_positive_definite(std::move(M));
  }
  if (!certified) throw std::runtime_error("nuclear-norm certificate: could not certify the operator-norm bound");
  const Rational two_E = power_of_two(nu_exponent);
  cert.op_norm_bound = Rational(T) / two_E;
  cert.lower = dual_value / Rational(T);
  cert.multipliers.assign(program.constraints.size(), Rational(0));
  for (std::size_t d = 0; d < directions.size(); ++d)
    // mu p q^T = nu P Q^T and p q^T = P Q^T / rhs for the strongest member.
    cert.multipliers[directions[d].strongest] = Rational(nu[d]) / two_E * directions[d].rhs;
  cert.certify_seconds = seconds_since(certify_start);
  return cert;
}

std::string verify_nuclear_norm_certificate(const NuclearNormProgram& program,
                                            const NuclearNormCertificate& c) {
  try {
    validate(program);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  const std::size_t n = program.dim, K = program.constraints.size();
  if (c.multipliers.size() != K) return "multiplier count differs from the constraint count";
  if (c.W.size() != n) return "W has the wrong number of rows";
  for (const auto& row : c.W)
    if (row.size() != n) return "W has a row of the wrong length";
  if (c.factor_left.size() != n || c.factor_right.size() != n) return "factors have the wrong number of rows";
  const std::size_t r = n == 0 ? 0 : c.factor_left[0].size();
  for (std::size_t i = 0; i < n; ++i)
    if (c.factor_left[i].size() != r || c.factor_right[i].size() != r) return "factors have ragged or unequal widths";

  // Lower end: weak duality.
  Rational dual_sum = 0;
  RationalMatrix G(n, std::vector<Rational>(n, Rational(0)));
  for (std::size_t k = 0; k < K; ++k) {
    const Rational& mu = c.multipliers[k];
    if (mu < 0) return "multiplier " + std::to_string(k) + " is negative";
    if (mu == 0) continue;
    dual_sum += mu;
    const auto& con = program.constraints[k];
    for (std::size_t a = 0; a < n; ++a) {
      if (con.left[a] == 0) continue;
      const Rational mp = mu * con.left[a];
      for (std::size_t b = 0; b < n; ++b)
        if (con.right[b] != 0) G[a][b] += mp * con.right[b];
    }
  }
  const Rational& t = c.op_norm_bound;
  if (t <= 0) return "operator-norm bound is not positive";
  RationalMatrix M(n, std::vector<Rational>(n, Rational(0)));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      Rational s = 0;
      for (std::size_t k = 0; k < n; ++k) s += G[k][i] * G[k][j];
      M[i][j] = (i == j ? t * t : Rational(0)) - s;
    }
  if (!certify_positive_definite(M)) return "t^2 I - G^T G is not positive definite: ||G||_op <= t fails";
  if (c.lower > dual_sum / t) return "lower exceeds sum(mu) / t";

  // Upper end: the factorisation, feasibility, the AM-GM bound.
  if (c.factor_scale < 0) return "factor scale is negative";
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      Rational s = 0;
      for (std::size_t k = 0; k < r; ++k) s += c.factor_left[i][k] * c.factor_right[j][k];
      if (c.W[i][j] != c.factor_scale * s) return "W differs from scale * L R^T";
    }
  for (std::size_t k = 0; k < K; ++k) {
    const auto& con = program.constraints[k];
    Rational value = 0;
    for (std::size_t a = 0; a < n; ++a) {
      if (con.left[a] == 0) continue;
      Rational row = 0;
      for (std::size_t b = 0; b < n; ++b)
        if (con.right[b] != 0) row += c.W[a][b] * con.right[b];
      value += con.left[a] * row;
    }
    if (value < 1) return "W violates constraint " + std::to_string(k);
  }
  Rational squares = 0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t k = 0; k < r; ++k)
      squares += c.factor_left[i][k] * c.factor_left[i][k] + c.factor_right[i][k] * c.factor_right[i][k];
  if (c.upper < c.factor_scale * squares / 2) return "upper is below scale * (|L|^2 + |R|^2) / 2";
  if (c.lower > c.upper) return "lower exceeds upper";
  return "";
}

nlohmann::json nuclear_norm_program_to_json(const NuclearNormProgram& program) {
  nlohmann::json constraints = nlohmann::json::array();
  auto strings = [](const std::vector<Rational>& v) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& x : v) out.push_back(to_string(x));
    return out;
  };
  for (const auto& c : program.constraints)
    constraints.push_back({{"left", strings(c.left)}, {"right", strings(c.right)}});
  return {{"dim", program.dim}, {"constraints", constraints}};
}

NuclearNormProgram nuclear_norm_program_from_json(const nlohmann::json& json) {
  NuclearNormProgram program;
  program.dim = json.at("dim").get<std::size_t>();
  auto rationals = [](const nlohmann::json& array) {
    std::vector<Rational> out;
    for (const auto& x : array) out.push_back(x.is_string() ? parse_rational(x.get<std::string>())
                                                            : parse_rational(x.dump()));
    return out;
  };
  for (const auto& c : json.at("constraints"))
    program.constraints.push_back({rationals(c.at("left")), rationals(c.at("right"))});
  return program;
}

}  // namespace sinkcheck
