#include "verify/rational_matrix.hpp"

#include <stdexcept>

namespace sinkcheck {

Rational dot(const RationalVector& a, const RationalVector& b) {
  Rational s = 0;
  for (std::size_t k = 0; k < a.size(); ++k) s += a[k] * b[k];
  return s;
}

RationalMatrix transpose(const RationalMatrix& a) {
  if (a.empty()) return {};
  RationalMatrix t(a[0].size(), RationalVector(a.size()));
  for (std::size_t i = 0; i < a.size(); ++i)
    for (std::size_t j = 0; j < a[i].size(); ++j) t[j][i] = a[i][j];
  return t;
}

RationalMatrix multiply(const RationalMatrix& a, const RationalMatrix& b) {
  const std::size_t inner = b.size(), cols = b.empty() ? 0 : b[0].size();
  RationalMatrix p(a.size(), RationalVector(cols));
  for (std::size_t i = 0; i < a.size(); ++i)
    for (std::size_t k = 0; k < inner; ++k) {
      if (a[i][k] == 0) continue;
      for (std::size_t j = 0; j < cols; ++j) p[i][j] += a[i][k] * b[k][j];
    }
  return p;
}

RationalVector multiply(const RationalMatrix& a, const RationalVector& v) {
  RationalVector p(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) p[i] = dot(a[i], v);
  return p;
}

std::vector<std::size_t> independent_rows(const RationalMatrix& rows) {
  // Each accepted row is reduced against the earlier ones (kept in echelon
  // form with their pivot columns); a row that reduces to zero is dependent.
  std::vector<std::size_t> chosen;
  std::vector<RationalVector> echelon;
  std::vector<std::size_t> pivots;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    RationalVector v = rows[r];
    for (std::size_t e = 0; e < echelon.size(); ++e) {
      const Rational f = v[pivots[e]] / echelon[e][pivots[e]];
      if (f == 0) continue;
      for (std::size_t k = 0; k < v.size(); ++k) v[k] -= f * echelon[e][k];
    }
    std::size_t pivot = 0;
    while (pivot < v.size() && v[pivot] == 0) ++pivot;
    if (pivot == v.size()) continue;
    chosen.push_back(r);
    echelon.push_back(std::move(v));
    pivots.push_back(pivot);
  }
  return chosen;
}

RationalMatrix inverse(RationalMatrix a) {
  const std::size_t n = a.size();
  RationalMatrix inv(n, RationalVector(n));
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i].size() != n) throw std::invalid_argument("inverse: the matrix is not square");
    inv[i][i] = 1;
  }
  for (std::size_t col = 0; col < n; ++col) {
    std::size_t pivot = col;
    while (pivot < n && a[pivot][col] == 0) ++pivot;
    if (pivot == n) throw std::invalid_argument("inverse: the matrix is singular");
    std::swap(a[pivot], a[col]);
    std::swap(inv[pivot], inv[col]);
    const Rational p = a[col][col];
    for (std::size_t k = 0; k < n; ++k) {
      a[col][k] /= p;
      inv[col][k] /= p;
    }
    for (std::size_t r = 0; r < n; ++r) {
      if (r == col || a[r][col] == 0) continue;
      const Rational f = a[r][col];
      for (std::size_t k = 0; k < n; ++k) {
        a[r][k] -= f * a[col][k];
        inv[r][k] -= f * inv[col][k];
      }
    }
  }
  return inv;
}

RationalMatrix projection_onto_span(const RationalMatrix& rows, std::size_t dim) {
  RationalMatrix basis;  // B as rows
  for (std::size_t r : independent_rows(rows)) basis.push_back(rows[r]);
  if (basis.empty()) return RationalMatrix(dim, RationalVector(dim));
  const RationalMatrix gram_inverse = inverse(multiply(basis, transpose(basis)));
  return multiply(transpose(basis), multiply(gram_inverse, basis));
}

}  // namespace sinkcheck
