#pragma once
// Small dense matrices over Q, rows of exact rationals: the exact side of
// constructions and statistics (sizes up to a few dozen; Gaussian
// elimination over Q is plenty there).
#include <vector>

#include "verify/rational.hpp"

namespace sinkcheck {

using RationalVector = std::vector<Rational>;
using RationalMatrix = std::vector<RationalVector>;  // rows

Rational dot(const RationalVector& a, const RationalVector& b);
RationalMatrix multiply(const RationalMatrix& a, const RationalMatrix& b);
RationalMatrix transpose(const RationalMatrix& a);
RationalVector multiply(const RationalMatrix& a, const RationalVector& v);
// Indices of a maximal linearly independent subset of the rows, greedily in order.
std::vector<std::size_t> independent_rows(const RationalMatrix& rows);
// Throws std::invalid_argument when the matrix is singular or not square.
RationalMatrix inverse(RationalMatrix a);
// The orthogonal projection onto the span of the rows (exact: B (BᵀB)⁻¹ Bᵀ
// over an independent subset B).
RationalMatrix projection_onto_span(const RationalMatrix& rows, std::size_t dim);

}  // namespace sinkcheck
