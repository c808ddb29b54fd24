#pragma once
// Lets Eigen matrices hold the certified scalar types, so one kernel serves
// double, DoubleInterval, Mpfi, Arb and ExactValue.
#include <Eigen/Core>
#include <boost/multiprecision/eigen.hpp>

#include "verify/scalar.hpp"

namespace Eigen {

template <>
struct NumTraits<sinkcheck::DoubleInterval> : GenericNumTraits<sinkcheck::DoubleInterval> {
  using Real = sinkcheck::DoubleInterval;
  using NonInteger = sinkcheck::DoubleInterval;
  using Nested = sinkcheck::DoubleInterval;
  enum { IsComplex = 0, IsInteger = 0, IsSigned = 1, RequireInitialization = 0,
         ReadCost = 2, AddCost = 4, MulCost = 8 };
};

template <>
struct NumTraits<sinkcheck::Mpfi> : GenericNumTraits<sinkcheck::Mpfi> {
  using Real = sinkcheck::Mpfi;
  using NonInteger = sinkcheck::Mpfi;
  using Nested = sinkcheck::Mpfi;
  enum { IsComplex = 0, IsInteger = 0, IsSigned = 1, RequireInitialization = 1,
         ReadCost = 10, AddCost = 20, MulCost = 40 };
};

template <>
struct NumTraits<sinkcheck::Arb> : GenericNumTraits<sinkcheck::Arb> {
  using Real = sinkcheck::Arb;
  using NonInteger = sinkcheck::Arb;
  using Nested = sinkcheck::Arb;
  enum { IsComplex = 0, IsInteger = 0, IsSigned = 1, RequireInitialization = 1,
         ReadCost = 10, AddCost = 20, MulCost = 40 };
};

template <>
struct NumTraits<sinkcheck::ExactValue> : GenericNumTraits<sinkcheck::ExactValue> {
  using Real = sinkcheck::ExactValue;
  using NonInteger = sinkcheck::ExactValue;
  using Nested = sinkcheck::ExactValue;
  enum { IsComplex = 0, IsInteger = 0, IsSigned = 1, RequireInitialization = 1,
         ReadCost = 100, AddCost = 1000, MulCost = 1000 };
};

}  // namespace Eigen

namespace sinkcheck {

template <class S>
using Vector = Eigen::Matrix<S, Eigen::Dynamic, 1>;
template <class S>
using Matrix = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;

// Converts an exact input to the working scalar (enclosing it for intervals).
template <class S>
Matrix<S> convert(const Matrix<Rational>& exact) {
  Matrix<S> out(exact.rows(), exact.cols());
  for (Eigen::Index j = 0; j < exact.cols(); ++j)
    for (Eigen::Index i = 0; i < exact.rows(); ++i) out(i, j) = from_rational<S>(exact(i, j));
  return out;
}

}  // namespace sinkcheck
