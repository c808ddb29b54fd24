#pragma once
// Small dense matrices over Q, rows of exact rationals: the exact side of
// constructions and statistics (sizes up to a few dozen; Gaussian
// elimination over Q is plenty there).
#include <vector>

#include "verify/rational.hpp"

namespace sinkcheck {

using RationalVector = std::vector<Rational>;
using RationalMatrixRows = std::vector<RationalVector>;

Rational dot(const RationalVector& a, const RationalVector& b);
RationalMatrixRows multiply(const RationalMatrixRows& a, const RationalMatrixRows& b);
RationalMatrixRows transpose(const RationalMatrixRows& a);
RationalVector multiply(const RationalMatrixRows& a, const RationalVector& v);
// Indices of a maximal linearly independent subset of the rows, greedily in order.
std::vector<std::size_t> independent_rows(const RationalMatrixRows& rows);
// Throws std::invalid_argument when the matrix is singular or not square.
RationalMatrixRows inverse(RationalMatrixRows a);
// The orthogonal projection onto the span of the rows (exact: B (BᵀB)⁻¹ Bᵀ
// over an independent subset B).
RationalMatrixRows projection_onto_span(const RationalMatrixRows& rows, std::size_t dim);

}  // namespace sinkcheck
