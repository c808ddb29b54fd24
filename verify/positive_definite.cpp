// TRUSTED. Sylvester's criterion by Bareiss elimination (see positive_definite.hpp).
#include "verify/positive_definite.hpp"

#include <gmp.h>

#include <stdexcept>

namespace sinkcheck {

namespace {

using boost::multiprecision::denominator;
using boost::multiprecision::numerator;

// Leading principal minors of a symmetric integer matrix, all > 0? Bareiss's
// fraction-free elimination keeps every intermediate an integer (the
// divisions are exact), and its k-th pivot is the k-th leading minor.
bool leading_minors_positive(std::vector<std::vector<Integer>> M) {
  const std::size_t n = M.size();
  Integer previous_pivot = 1;
  mpz_t scratch;
  mpz_init(scratch);
  for (std::size_t k = 0; k < n; ++k) {
    if (M[k][k] <= 0) {
      mpz_clear(scratch);
      return false;
    }
    mpz_srcptr pivot = M[k][k].backend().data();
    for (std::size_t i = k + 1; i < n; ++i)
      for (std::size_t j = i; j < n; ++j) {  // symmetric: the upper triangle suffices
        mpz_ptr target = M[i][j].backend().data();
        mpz_mul(scratch, pivot, target);
        mpz_submul(scratch, M[k][i].backend().data(), M[k][j].backend().data());
        mpz_divexact(target, scratch, previous_pivot.backend().data());
      }
    for (std::size_t i = k + 1; i < n; ++i)
      for (std::size_t j = k + 1; j < i; ++j) M[i][j] = M[j][i];
    previous_pivot = M[k][k];
  }
  mpz_clear(scratch);
  return true;
}

}  // namespace

bool certify_positive_definite(const RationalMatrix& symmetric) {
  for (const auto& row : symmetric)
    if (row.size() != symmetric.size()) throw std::invalid_argument("certify_positive_definite: matrix is not square");
  const std::size_t n = symmetric.size();
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (symmetric[i][j] != symmetric[j][i]) return false;
  // Multiplying by a positive common denominator keeps definiteness.
  Integer common = 1;
  for (const auto& row : symmetric)
    for (const auto& x : row) common = boost::multiprecision::lcm(common, denominator(x));
  std::vector<std::vector<Integer>> M(n, std::vector<Integer>(n));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) M[i][j] = numerator(symmetric[i][j]) * (common / denominator(symmetric[i][j]));
  return leading_minors_positive(std::move(M));
}

bool certify_positive_definite(std::vector<std::vector<Integer>> symmetric) {
  for (const auto& row : symmetric)
    if (row.size() != symmetric.size()) throw std::invalid_argument("certify_positive_definite: matrix is not square");
  return leading_minors_positive(std::move(symmetric));
}

}  // namespace sinkcheck
