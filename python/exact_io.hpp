#pragma once
// Exact numbers across the Python boundary. The Python side sends every exact
// input as text ("-3/4": a fractions.Fraction, or the exact value of a
// float) and turns exact results, sent back as the same text, into Fractions:
// nothing is rounded on the way. Intervals go back as a pair of doubles
// rounded outward, so they still contain the exact value.
#include <pybind11/pybind11.h>

#include <string>
#include <vector>

#include "verify/psd_certificate.hpp"
#include "verify/rational_matrix.hpp"

namespace sinkcheck::python {

namespace py = pybind11;

using TextRows = std::vector<std::vector<std::string>>;

// `where` names the value in the error message ("Z[1][0]").
Rational rational_from_text(const std::string& text, const std::string& where);
// Rows of equal length; `name` names the matrix in error messages.
RationalMatrix rational_rows(const TextRows& rows, const std::string& name);

py::list text_of(const RationalVector& v);
py::list text_of(const RationalMatrix& m);
py::list doubles_of(const RationalMatrix& m);  // nearest doubles, for display and numpy

// (lo, hi) as doubles rounded outward.
py::tuple outward(const RationalInterval& interval);
py::tuple outward(const Rational& exact);

// A rational enclosure of sqrt(x), x >= 0: [x / u, u] with u >= sqrt(x)
// proven by u^2 >= x; [0, 0] for x = 0.
RationalInterval sqrt_enclosure(const Rational& x);
// The product and quotient of nonnegative intervals (a divisor certified > 0).
RationalInterval times(const RationalInterval& a, const RationalInterval& b);
RationalInterval divided(const RationalInterval& a, const RationalInterval& b);  // b.lo > 0, a.lo >= 0

}  // namespace sinkcheck::python
