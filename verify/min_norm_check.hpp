#pragma once
// TRUSTED. The exact check of a minimum-norm point of a convex hull — what
// dist(0, conv{x_i}) rests on in P1 — and the exact integer helpers it uses.
//
// A certificate (support, weights, point, norm2) proves dist(0, conv)² = norm2 when
//   p = Σ_s w_s x_s with w_s ≥ 0, Σ w_s = 1   (p lies in the hull),
//   ‖p‖² = norm2, and
//   ⟨p, x_i⟩ ≥ ‖p‖² for every generator i    (the hull lies beyond the
//                                              hyperplane through p ⊥ p).
// With p = 0 the weights are an exact convex combination equal to 0 (the
// infeasibility certificates of P1.a). How the certificate was found (Wolfe's
// algorithm, convex_hull.cpp) does not matter.
#include <string>
#include <vector>

#include "verify/certificate_error.hpp"
#include "verify/rational_matrix.hpp"

namespace sinkcheck {

// Generators x_1 … x_n, each a vector of the same dimension.
using RationalPoints = std::vector<std::vector<Rational>>;

struct MinNormCertificate {
  std::vector<std::size_t> support;  // indices of the generators with positive weight
  std::vector<Rational> weights;     // w_s > 0 on the support, summing to 1
  std::vector<Rational> point;       // p = Σ w_s x_s
  Rational norm2;                    // ‖p‖² = dist(0, conv)²
  std::size_t exact_solves = 0;      // diagnostics of the search (not checked)
};

// Generators in integer form: generator i is x[i] / scale (the exact work is
// done in integers; one conversion serves every pass over the points).
struct IntegerPoints {
  std::vector<std::vector<Integer>> x;
  Integer scale = 1;
};
IntegerPoints to_integers(const RationalPoints& generators);

Integer integer_dot(const std::vector<Integer>& a, const std::vector<Integer>& b);

// ⟨p, generator_j⟩ for every generator j, exactly (one integer pass).
std::vector<Rational> projections(const IntegerPoints& generators, const std::vector<Rational>& p);

// An exact convex combination Σ w_s x_s (the weights need not be normalised).
std::vector<Rational> convex_combination(const IntegerPoints& generators, const std::vector<std::size_t>& support,
                                         const std::vector<Rational>& weights);

// The exact check of a certificate; "" if it holds, otherwise what fails.
std::string verify_min_norm(const IntegerPoints& generators, const MinNormCertificate& certificate);
std::string verify_min_norm(const RationalPoints& generators, const MinNormCertificate& certificate);

}  // namespace sinkcheck
