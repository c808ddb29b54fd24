// verify/convex_hull: minimum-norm points with exact certificates — hand
// cases, degenerate input, rejected certificates, and a property against an
// independent brute-force reference (every face, exact Gaussian elimination).
#include <rapidcheck/catch.h>

#include <catch2/catch.hpp>
#include <algorithm>
#include <random>

#include "generators/rationals.hpp"
#include "verify/convex_hull.hpp"

using namespace sinkcheck;

namespace {

RationalPoints points(std::initializer_list<std::initializer_list<Rational>> rows) {
  RationalPoints out;
  for (const auto& r : rows) out.emplace_back(r);
  return out;
}

// Solves A x = b exactly (Gauss–Jordan); nothing if A is singular.
std::optional<std::vector<Rational>> solve(std::vector<std::vector<Rational>> A, std::vector<Rational> b) {
  const std::size_t n = A.size();
  for (std::size_t c = 0; c < n; ++c) {
    std::size_t p = c;
    while (p < n && A[p][c] == 0) ++p;
    if (p == n) return std::nullopt;
    std::swap(A[p], A[c]);
    std::swap(b[p], b[c]);
    for (std::size_t r = 0; r < n; ++r) {
      if (r == c || A[r][c] == 0) continue;
      const Rational f = A[r][c] / A[c][c];
      for (std::size_t k = c; k < n; ++k) A[r][k] -= f * A[c][k];
      b[r] -= f * b[c];
    }
  }
  for (std::size_t r = 0; r < n; ++r) b[r] /= A[r][r];
  return b;
}

// dist(0, conv)² by brute force: the nearest point of every subset's affine
// hull that lies inside the subset's hull; the least of them.
Rational brute_force_norm2(const RationalPoints& x) {
  const std::size_t n = x.size();
  std::optional<Rational> best;
  for (unsigned mask = 1; mask < (1u << n); ++mask) {
    std::vector<std::size_t> S;
    for (std::size_t i = 0; i < n; ++i)
      if (mask & (1u << i)) S.push_back(i);
    const std::size_t k = S.size();
    std::vector<std::vector<Rational>> A(k + 1, std::vector<Rational>(k + 1, Rational(0)));
    std::vector<Rational> b(k + 1, Rational(0));
    for (std::size_t a = 0; a < k; ++a) {
      for (std::size_t c = 0; c < k; ++c) A[a][c] = dot(x[S[a]], x[S[c]]);
      A[a][k] = A[k][a] = 1;
    }
    b[k] = 1;
    const auto w = solve(A, b);
    if (!w) continue;
    bool inside = true;
    for (std::size_t a = 0; a < k; ++a) inside &= (*w)[a] >= 0;
    if (!inside) continue;
    std::vector<Rational> p(x[0].size(), Rational(0));
    for (std::size_t a = 0; a < k; ++a)
      for (std::size_t c = 0; c < p.size(); ++c) p[c] += (*w)[a] * x[S[a]][c];
    const Rational n2 = dot(p, p);
    if (!best || n2 < *best) best = n2;
  }
  return *best;
}

}  // namespace

TEST_CASE("minimum-norm points of hand-made hulls") {
  SECTION("a segment whose nearest point is its midpoint") {
    const auto c = min_norm_point(points({{1, 1}, {1, -1}}));
    CHECK(c.point == std::vector<Rational>{1, 0});
    CHECK(c.norm2 == 1);
    CHECK(c.weights == std::vector<Rational>{Rational(1, 2), Rational(1, 2)});
  }
  SECTION("a vertex") {
    const auto c = min_norm_point(points({{3, 4}, {6, 8}, {3, 9}}));
    CHECK(c.point == std::vector<Rational>{3, 4});
    CHECK(c.support == std::vector<std::size_t>{0});
  }
  SECTION("the origin inside: an exact convex combination equal to 0") {
    const RationalPoints x = points({{1, 0}, {-1, 1}, {-1, -1}, {5, 5}});
    const auto c = min_norm_point(x);
    CHECK(c.norm2 == 0);
    CHECK(convex_combination(to_integers(x), c.support, c.weights) == std::vector<Rational>{0, 0});
  }
  SECTION("d = 1, duplicates, collinear points") {
    CHECK(min_norm_point(points({{Rational(-3, 2)}, {Rational(5, 7)}})).norm2 == 0);
    CHECK(min_norm_point(points({{2}, {2}, {Rational(7, 3)}})).norm2 == 4);
    const auto c = min_norm_point(points({{1, 0}, {1, 0}, {2, 0}, {1, 0}}));
    CHECK(c.point == std::vector<Rational>{1, 0});
    CHECK(verify_min_norm(points({{1, 0}, {1, 0}, {2, 0}, {1, 0}}), c).empty());
  }
  SECTION("a near-opposite pair: distance 10^-20, exactly") {
    const Rational delta = parse_rational("1e-20");
    // a = (3, 0, 0), b = (−3, δ, 0): the nearest point a + t (b − a),
    // t = −⟨a, b − a⟩/‖b − a‖² = 18/(36 + δ²), is 3 − 6t ≈ 0 along e_1 and tδ ≈ δ/2.
    const auto c = min_norm_point(points({{3, 0, 0}, {-3, delta, 0}}));
    const Rational t = Rational(18) / (36 + delta * delta);
    CHECK(c.point == std::vector<Rational>{3 - 6 * t, t * delta, 0});
    CHECK(c.norm2 < delta * delta / 4);
    CHECK(c.norm2 > delta * delta / 5);
  }
}

TEST_CASE("degenerate input is rejected with a clear error") {
  CHECK_THROWS_AS(min_norm_point(RationalPoints{}), CertificateError);
  CHECK_THROWS_WITH(min_norm_point(points({{1, 2}, {1}})), Catch::Contains("different dimensions"));
  CHECK_THROWS_WITH(min_norm_point(RationalPoints{{}}), Catch::Contains("dimension 0"));
}

TEST_CASE("the exact check rejects wrong certificates") {
  const RationalPoints x = points({{1, 1}, {1, -1}, {4, 0}});
  const MinNormCertificate good = min_norm_point(x);
  REQUIRE(verify_min_norm(x, good).empty());
  MinNormCertificate bad = good;
  bad.support = {2};  // a point of the hull, but not the nearest
  bad.weights = {1};
  bad.point = {4, 0};
  bad.norm2 = 16;
  CHECK_THAT(verify_min_norm(x, bad), Catch::Contains("nearer the origin"));
  bad = good;
  bad.weights[0] += Rational(1, 1000);
  CHECK_THAT(verify_min_norm(x, bad), Catch::Contains("sum to"));
  bad = good;
  bad.norm2 += 1;
  CHECK_THAT(verify_min_norm(x, bad), Catch::Contains("squared norm"));
  bad = good;
  bad.weights = {Rational(3, 2), Rational(-1, 2)};
  CHECK_THAT(verify_min_norm(x, bad), Catch::Contains("negative weight"));
}

TEST_CASE("certified distances agree with a brute-force reference (rapidcheck)") {
  rc::prop("min_norm_point == min over faces, and its certificate checks", [] {
    const std::size_t d = *rc::gen::inRange<std::size_t>(1, 4);
    const std::size_t n = *rc::gen::inRange<std::size_t>(1, 7);
    RationalPoints x;
    for (std::size_t i = 0; i < n; ++i)
      x.push_back(*rc::gen::container<std::vector<Rational>>(d, gen::rational(-4, 4, {1, 2, 3})));
    if (*rc::gen::element(false, true)) x.push_back(x[0]);  // a duplicate
    const MinNormCertificate c = min_norm_point(x);
    RC_ASSERT(verify_min_norm(x, c).empty());
    RC_ASSERT(c.norm2 == brute_force_norm2(x));
  });
}

TEST_CASE("the fast path finds the face; the exact step needs one solve when it is right") {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int> noise(-4, 4), along(40, 160);
  RationalPoints x(256, std::vector<Rational>(64));
  for (auto& z : x) {
    z[0] = along(rng);
    for (std::size_t k = 1; k < z.size(); ++k) z[k] = Rational(noise(rng), 2);
  }
  const MinNormCertificate c = min_norm_point(x);
  CHECK(verify_min_norm(x, c).empty());
  // The work, not the wall clock: one exact affine solve means the double
  // fast path's face was the optimal one (timings are in bench/).
  CHECK(c.exact_solves == 1);
  const ApproximateMinNorm guess = wolfe_min_norm([&] {
    Eigen::MatrixXd X(64, 256);
    for (Eigen::Index j = 0; j < 256; ++j)
      for (Eigen::Index k = 0; k < 64; ++k) X(k, j) = to_double(x[std::size_t(j)][std::size_t(k)]);
    return X;
  }());
  std::vector<std::size_t> face = guess.support;
  std::sort(face.begin(), face.end());
  CHECK(face == c.support);
}

TEST_CASE("an exact infeasibility certificate in general position needs d + 1 points") {
  // 0 inside the hull of 40 random points in R^8: a combination of 9 of them.
  std::mt19937_64 rng(3);
  std::uniform_int_distribution<int> coordinate(-9, 9);
  RationalPoints x(40, std::vector<Rational>(8));
  for (auto& z : x)
    for (auto& q : z) q = Rational(coordinate(rng), 3);
  const MinNormCertificate c = min_norm_point(x);
  REQUIRE(c.norm2 == 0);
  CHECK(c.support.size() <= 9);
  CHECK(convex_combination(to_integers(x), c.support, c.weights) == std::vector<Rational>(8, Rational(0)));
}
