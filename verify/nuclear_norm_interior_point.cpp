// PROPOSER. A dedicated primal-dual interior-point method for the
// nuclear-norm program (see nuclear_norm_solvers.hpp): it proposes W and the
// multipliers; the exact certificate decides.
#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "verify/nuclear_norm_solvers.hpp"

namespace sinkcheck::nuclear_norm_detail {

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

}  // namespace sinkcheck::nuclear_norm_detail
