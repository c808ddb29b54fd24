// PROPOSER. Minimum-norm points found by Wolfe's algorithm, in double (the
// fast path) and then in exact integer arithmetic (FLINT solves); every
// result is accepted only through the trusted check of min_norm_check.cpp.
#include "verify/convex_hull.hpp"

#include <gmp.h>
#include <flint/fmpz.h>
#include <flint/fmpz_mat.h>

#include <Eigen/LU>
#include <algorithm>
#include <numeric>
#include <optional>

namespace sinkcheck {

namespace {

// ---------------------------------------------------------------------------
// The fast path: Wolfe's algorithm in double.
// ---------------------------------------------------------------------------

// Weights (summing to 1) of the point of aff{x_s : s ∈ S} nearest 0, from the
// bordered system [G 1; 1ᵀ 0][w; -λ] = [0; 1], G the Gram matrix of S.
Eigen::VectorXd affine_weights(const Eigen::MatrixXd& gram) {
  const Eigen::Index k = gram.rows();
  Eigen::MatrixXd m(k + 1, k + 1);
  m.topLeftCorner(k, k) = gram;
  m.col(k).head(k).setOnes();
  m.row(k).head(k).setOnes();
  m(k, k) = 0;
  Eigen::VectorXd rhs = Eigen::VectorXd::Zero(k + 1);
  rhs(k) = 1;
  return m.partialPivLu().solve(rhs).head(k);
}

}  // namespace

ApproximateMinNorm wolfe_min_norm(const Eigen::MatrixXd& X) {
  const Eigen::Index n = X.cols();
  ApproximateMinNorm out;
  if (n == 0) return out;
  const Eigen::VectorXd squared = X.colwise().squaredNorm();
  const double scale = std::max(squared.maxCoeff(), 1e-300);
  Eigen::Index first = 0;
  squared.minCoeff(&first);
  std::vector<std::size_t> S{std::size_t(first)};
  std::vector<double> lambda{1.0};
  Eigen::MatrixXd gram(1, 1);
  gram(0, 0) = squared(first);
  Eigen::VectorXd x = X.col(first);

  auto point_of = [&] {
    Eigen::VectorXd p = Eigen::VectorXd::Zero(X.rows());
    for (std::size_t s = 0; s < S.size(); ++s) p += lambda[s] * X.col(Eigen::Index(S[s]));
    return p;
  };
  auto remove = [&](std::size_t s) {
    const Eigen::Index k = gram.rows(), r = Eigen::Index(s);
    Eigen::MatrixXd g(k - 1, k - 1);
    g.topLeftCorner(r, r) = gram.topLeftCorner(r, r);
    g.topRightCorner(r, k - 1 - r) = gram.topRightCorner(r, k - 1 - r);
    g.bottomLeftCorner(k - 1 - r, r) = gram.bottomLeftCorner(k - 1 - r, r);
    g.bottomRightCorner(k - 1 - r, k - 1 - r) = gram.bottomRightCorner(k - 1 - r, k - 1 - r);
    gram = std::move(g);
    S.erase(S.begin() + long(s));
    lambda.erase(lambda.begin() + long(s));
  };

  const std::size_t max_major = 4 * std::size_t(n) + 4 * std::size_t(X.rows()) + 20;
  for (; out.iterations < max_major; ++out.iterations) {
    const Eigen::VectorXd projections = X.transpose() * x;
    Eigen::Index j = 0;
    const double lowest = projections.minCoeff(&j);
    if (x.squaredNorm() - lowest <= 1e-14 * scale) break;
    if (std::find(S.begin(), S.end(), std::size_t(j)) != S.end()) break;  // stalled: the exact step takes over
    // Add x_j to S (Gram matrix grows by one row and column).
    const Eigen::Index k = gram.rows();
    Eigen::VectorXd row(k);
    for (Eigen::Index s = 0; s < k; ++s) row(s) = X.col(Eigen::Index(S[std::size_t(s)])).dot(X.col(j));
    gram.conservativeResize(k + 1, k + 1);
    gram.row(k).head(k) = row.transpose();
    gram.col(k).head(k) = row;
    gram(k, k) = squared(j);
    S.push_back(std::size_t(j));
    lambda.push_back(0.0);
    // Minor cycles: move toward the affine minimiser until it lies in conv(S).
    for (std::size_t minor = 0; minor <= S.size() + 1; ++minor) {
      const Eigen::VectorXd w = affine_weights(gram);
      if (!w.allFinite()) break;
      if ((w.array() > 0).all()) {
        lambda.assign(w.data(), w.data() + w.size());
        break;
      }
      double theta = 1;
      std::size_t leaving = 0;
      for (std::size_t s = 0; s < S.size(); ++s)
        if (w(Eigen::Index(s)) <= 0) {
          const double t = lambda[s] <= 0 ? 0 : lambda[s] / (lambda[s] - w(Eigen::Index(s)));
          if (t < theta) theta = t, leaving = s;
        }
      for (std::size_t s = 0; s < S.size(); ++s) lambda[s] = (1 - theta) * lambda[s] + theta * w(Eigen::Index(s));
      remove(leaving);
      for (std::size_t s = S.size(); s-- > 0;)
        if (lambda[s] <= 0 && S.size() > 1) remove(s);
    }
    x = point_of();
  }
  out.support = S;
  out.weights = lambda;
  out.point = x;
  return out;
}

// ---------------------------------------------------------------------------
// The exact step: Wolfe in integers scaled from the rational input.
// ---------------------------------------------------------------------------

namespace {

// RAII for FLINT matrices.
struct FmpzMat {
  fmpz_mat_t m;
  FmpzMat(slong rows, slong cols) { fmpz_mat_init(m, rows, cols); }
  ~FmpzMat() { fmpz_mat_clear(m); }
  FmpzMat(const FmpzMat&) = delete;
  FmpzMat& operator=(const FmpzMat&) = delete;
  void set(slong i, slong j, const Integer& v) { fmpz_set_mpz(fmpz_mat_entry(m, i, j), v.backend().data()); }
  Integer get(slong i, slong j) const {
    Integer r;
    fmpz_get_mpz(r.backend().data(), fmpz_mat_entry(m, i, j));
    return r;
  }
};

// Exact weights of the point of aff{x_s} nearest 0; nothing if S is affinely dependent.
std::optional<std::vector<Rational>> exact_affine_weights(const IntegerPoints& X, const std::vector<std::size_t>& S) {
  const slong k = slong(S.size());
  FmpzMat A(k + 1, k + 1), B(k + 1, 1), W(k + 1, 1);
  for (slong a = 0; a < k; ++a) {
    for (slong b = a; b < k; ++b) {
      const Integer g = integer_dot(X.x[S[std::size_t(a)]], X.x[S[std::size_t(b)]]);
      A.set(a, b, g);
      A.set(b, a, g);
    }
    fmpz_one(fmpz_mat_entry(A.m, a, k));
    fmpz_one(fmpz_mat_entry(A.m, k, a));
  }
  fmpz_one(fmpz_mat_entry(B.m, k, 0));
  fmpz_t den;
  fmpz_init(den);
  const int nonsingular = fmpz_mat_solve(W.m, den, A.m, B.m);
  Integer d;
  fmpz_get_mpz(d.backend().data(), den);
  fmpz_clear(den);
  if (!nonsingular || d == 0) return std::nullopt;
  std::vector<Rational> w;
  w.reserve(std::size_t(k));
  for (slong s = 0; s < k; ++s) w.emplace_back(W.get(s, 0), d);
  return w;
}

// p = num / (den * scale) for weights w on S: num = Σ (w_s den) x_s.
struct ScaledPoint {
  std::vector<Integer> num;
  Integer den = 1;
};

ScaledPoint combine(const IntegerPoints& X, const std::vector<std::size_t>& S, const std::vector<Rational>& w) {
  ScaledPoint p;
  for (const Rational& q : w) p.den = boost::multiprecision::lcm(p.den, Integer(boost::multiprecision::denominator(q)));
  const std::size_t dim = X.x.empty() ? 0 : X.x[0].size();
  p.num.assign(dim, Integer(0));
  for (std::size_t s = 0; s < S.size(); ++s) {
    const Integer c = Integer(boost::multiprecision::numerator(w[s])) * (p.den / boost::multiprecision::denominator(w[s]));
    if (c == 0) continue;
    for (std::size_t k = 0; k < dim; ++k) mpz_addmul(p.num[k].backend().data(), c.backend().data(), X.x[S[s]][k].backend().data());
  }
  return p;
}

// The generator minimising ⟨p, x_j⟩, and whether ⟨p, x_j⟩ ≥ ‖p‖² holds for it
// (hence for all): den ⟨num, x_j⟩ ≥ ‖num‖².
std::pair<std::size_t, bool> most_violated(const IntegerPoints& X, const ScaledPoint& p) {
  const Integer norm2 = integer_dot(p.num, p.num);
  std::size_t best = 0;
  Integer lowest;
  for (std::size_t j = 0; j < X.x.size(); ++j) {
    const Integer v = integer_dot(p.num, X.x[j]);
    if (j == 0 || v < lowest) lowest = v, best = j;
  }
  return {best, p.den * lowest >= norm2};
}

// Wolfe's algorithm in exact arithmetic from a point of conv(S) with positive
// weights lambda (S affinely independent). Terminates: ‖p‖ strictly decreases
// between major cycles and there are finitely many faces.
MinNormCertificate exact_wolfe(const IntegerPoints& X, std::vector<std::size_t> S, std::vector<Rational> lambda) {
  MinNormCertificate c;
  for (;;) {
    for (;;) {
      const auto w = exact_affine_weights(X, S);
      ++c.exact_solves;
      if (!w) throw CertificateError("exact Wolfe step: affinely dependent support");
      if (std::all_of(w->begin(), w->end(), [](const Rational& q) { return q > 0; })) {
        lambda = *w;
        break;
      }
      Rational theta = 1;
      for (std::size_t s = 0; s < S.size(); ++s)
        if ((*w)[s] <= 0) theta = std::min(theta, lambda[s] <= 0 ? Rational(0) : Rational(lambda[s] / (lambda[s] - (*w)[s])));
      for (std::size_t s = 0; s < S.size(); ++s) lambda[s] = (1 - theta) * lambda[s] + theta * (*w)[s];
      for (std::size_t s = S.size(); s-- > 0;)
        if (lambda[s] <= 0) {
          S.erase(S.begin() + long(s));
          lambda.erase(lambda.begin() + long(s));
        }
      if (S.empty()) throw CertificateError("exact Wolfe step: empty support");
    }
    const ScaledPoint p = combine(X, S, lambda);
    const auto [j, optimal] = most_violated(X, p);
    if (optimal) break;
    if (std::find(S.begin(), S.end(), j) != S.end()) throw CertificateError("exact Wolfe step: no progress");
    S.push_back(j);
    lambda.push_back(0);
  }
  // Canonical order of the support.
  std::vector<std::size_t> order(S.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return S[a] < S[b]; });
  for (std::size_t o : order) {
    c.support.push_back(S[o]);
    c.weights.push_back(lambda[o]);
  }
  c.point = convex_combination(X, c.support, c.weights);
  c.norm2 = dot(c.point, c.point);
  return c;
}

}  // namespace

MinNormCertificate min_norm_point(const RationalPoints& generators) {
  if (generators.empty()) throw CertificateError("the convex hull of no points has no minimum-norm point");
  for (const auto& g : generators)
    if (g.size() != generators[0].size()) throw CertificateError("points of different dimensions");
  return min_norm_point(to_integers(generators));
}

MinNormCertificate min_norm_point(const IntegerPoints& integers) {
  if (integers.x.empty()) throw CertificateError("the convex hull of no points has no minimum-norm point");
  const std::size_t dim = integers.x[0].size();
  if (dim == 0) throw CertificateError("points of dimension 0");
  for (const auto& g : integers.x)
    if (g.size() != dim) throw CertificateError("points of different dimensions");

  Eigen::MatrixXd X(Eigen::Index(dim), Eigen::Index(integers.x.size()));
  const double inverse_scale = 1.0 / integers.scale.convert_to<double>();
  for (std::size_t j = 0; j < integers.x.size(); ++j)
    for (std::size_t k = 0; k < dim; ++k)
      X(Eigen::Index(k), Eigen::Index(j)) = mpz_get_d(integers.x[j][k].backend().data()) * inverse_scale;
  const ApproximateMinNorm guess = wolfe_min_norm(X);

  // Warm start: the fast path's face with uniform weights, if it is affinely
  // independent; otherwise a cold start from the shortest generator.
  std::vector<std::size_t> S = guess.support;
  std::sort(S.begin(), S.end());
  S.erase(std::unique(S.begin(), S.end()), S.end());
  MinNormCertificate c;
  if (!S.empty() && exact_affine_weights(integers, S).has_value()) {
    c = exact_wolfe(integers, S, std::vector<Rational>(S.size(), Rational(1, long(S.size()))));
  } else {
    std::size_t shortest = 0;
    Integer best = integer_dot(integers.x[0], integers.x[0]);
    for (std::size_t j = 1; j < integers.x.size(); ++j) {
      const Integer n = integer_dot(integers.x[j], integers.x[j]);
      if (n < best) best = n, shortest = j;
    }
    c = exact_wolfe(integers, {shortest}, {Rational(1)});
  }
  const std::string failure = verify_min_norm(integers, c);
  if (!failure.empty()) throw CertificateError("minimum-norm certificate failed its exact check: " + failure);
  return c;
}

}  // namespace sinkcheck
