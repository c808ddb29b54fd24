#pragma once
// The exact stage for statements that involve exp of rational scores.
//
// An instance whose scores are rationals with common denominator D lives in
// the field Q(t), t = e^{1/D}: every softmax weight is t^{n}, every output a
// rational function of t with rational coefficients. t is transcendental
// (Lindemann–Weierstrass), so such an expression is zero exactly when it is
// zero as a rational function. That turns identities (P2.a) and tight
// inequalities (ties) into decidable polynomial arithmetic.
//
// Represented as a fraction of sparse Laurent polynomials in t with exact
// rational coefficients (sorted vectors of terms); no gcd is needed, because a zero test only asks
// whether the numerator vanishes.
//
// Operations outside the field (sqrt of a non-square, log of a non-monomial)
// throw NotExact: the caller falls back to
// intervals, it never guesses.
#include <memory>
#include <stdexcept>
#include <string>

#include "verify/rational.hpp"

namespace sinkcheck {

struct NotExact : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The field a new t-dependent value is made in: exp(q) of a rational q is
// t^(qD) in Q(e^{1/D}). Opened by the ladder (StagedQuantities::exact) around
// one evaluation of an instance's quantities; every value made records its D,
// so reading a value (its sign, its text, its log) never depends on the
// scope it is read in, and values of two fields never combine silently.
// Each scope also has its own work budget (limits::exact_evaluation_work),
// past which any operation is NotExact.
class ExactField {
 public:
  explicit ExactField(const Integer& common_denominator);
  ~ExactField();
  ExactField(const ExactField&) = delete;
  ExactField& operator=(const ExactField&) = delete;
  static const Integer& denominator();

 private:
  Integer saved_;
  double saved_work_left_;
};

class ExactValue {
 public:
  ExactValue();
  ExactValue(const Rational& q);
  ExactValue(int n) : ExactValue(Rational(n)) {}
  ExactValue(const ExactValue&);
  // A moved-from value may only be assigned to or destroyed.
  ExactValue(ExactValue&&) noexcept;
  ExactValue& operator=(const ExactValue&);
  ExactValue& operator=(ExactValue&&) noexcept;
  ~ExactValue();

  friend ExactValue operator+(const ExactValue& a, const ExactValue& b);
  friend ExactValue operator-(const ExactValue& a, const ExactValue& b);
  friend ExactValue operator*(const ExactValue& a, const ExactValue& b);
  friend ExactValue operator/(const ExactValue& a, const ExactValue& b);
  friend ExactValue operator-(const ExactValue& a);
  ExactValue& operator+=(const ExactValue& b) { return *this = *this + b; }
  ExactValue& operator-=(const ExactValue& b) { return *this = *this - b; }
  ExactValue& operator*=(const ExactValue& b) { return *this = *this * b; }
  ExactValue& operator/=(const ExactValue& b) { return *this = *this / b; }

  friend ExactValue exp(const ExactValue& a);   // rational a only: t^(aD)
  friend ExactValue log(const ExactValue& a);   // t^k only: k/D
  friend ExactValue sqrt(const ExactValue& a);  // squares of rationals only
  friend ExactValue abs(const ExactValue& a);
  friend ExactValue min(const ExactValue& a, const ExactValue& b);
  friend ExactValue max(const ExactValue& a, const ExactValue& b);
  friend ExactValue pow(const ExactValue& a, long n);

  // A value the exact field cannot hold on this instance (e.g. e^m with m
  // off the instance's lattice): any use of it throws NotExact(reason), so a
  // relation that reads it is left to the interval stages.
  static ExactValue undefined(const std::string& reason);

  bool is_zero() const;
  bool is_rational() const;      // no t left after normalisation
  Rational to_rational() const;  // throws NotExact unless is_rational()
  // Exact for rationals; for t-dependent values (certified nonzero) the sign
  // at t = e^{1/D} from MPFI enclosures at growing precision.
  int sign() const;
  std::string str() const;

 private:
  friend struct ExactAccess;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sinkcheck
