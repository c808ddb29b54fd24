#pragma once
// Doubles made exact. A double is a dyadic rational, but one that overflowed
// (±inf) or a NaN has no exact value, and GMP's mpq_set_d and mpz_set_d
// (boost's Rational(double), Integer(double)) raise SIGFPE on them, killing
// the process or the Python interpreter. Every double -> exact conversion goes
// through these two (defined in rational.cpp; tests/check_double_conversions.py
// keeps every other object file of the product off those GMP functions).
#include <stdexcept>

#include "verify/rational.hpp"

namespace sinkcheck {

// A non-finite double met where an exact value was needed: the numerical
// side of a stage gave up. A runtime_error, so that the stages that catch a
// failed certificate leave the quantity undefined (the claim undecided); the
// Python module raises ValueError.
struct NonFiniteDouble : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The exact value of `x`; throws NonFiniteDouble naming `what` when x is not finite.
Rational exact_rational(double x, const char* what);
// The integer part of `x` (truncated toward zero), likewise.
Integer exact_integer(double x, const char* what);

}  // namespace sinkcheck
