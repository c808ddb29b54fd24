#include "verify/rational.hpp"

#include <mpfr.h>

#include <cctype>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "verify/exact_double.hpp"
#include "verify/input_limits.hpp"

namespace sinkcheck {

namespace {

Rational pow10(long e) {
  Integer ten_pow = boost::multiprecision::pow(Integer(10), static_cast<unsigned>(e < 0 ? -e : e));
  return e < 0 ? Rational(Integer(1), ten_pow) : Rational(ten_pow);
}

double to_double_directed(const Rational& q, mpfr_rnd_t mode) {
  mpfr_t x;
  mpfr_init2(x, 53);
  mpfr_set_q(x, q.backend().data(), mode);
  double d = mpfr_get_d(x, mode);
  mpfr_clear(x);
  return d;
}

}  // namespace

std::string abbreviated(const std::string& text, std::size_t max_chars) {
  if (text.size() <= max_chars) return text;
  return text.substr(0, max_chars) + "... (" + std::to_string(text.size()) + " characters)";
}

std::string to_short_string(const Rational& q, std::size_t max_chars) {
  std::string exact = q.str();
  if (exact.size() <= max_chars) return exact;
  // Its magnitude instead: MPFR prints any exponent, where a double overflows.
  mpfr_t x;
  mpfr_init2(x, 64);
  mpfr_set_q(x, q.backend().data(), MPFR_RNDN);
  char buffer[96];
  mpfr_snprintf(buffer, sizeof buffer, "%.4Re", x);
  mpfr_clear(x);
  const std::size_t slash = exact.find('/');
  return std::string("about ") + buffer + " (" +
         (slash == std::string::npos ? "an integer of " + std::to_string(exact.size() - (q < 0)) + " digits"
                                     : "a fraction of " + std::to_string(exact.size() - 1 - (q < 0)) + " digits") +
         ")";
}

Rational parse_rational(const std::string& text) {
  auto fail = [&]() -> Rational {
    throw std::invalid_argument("not an exact number: '" + abbreviated(text) +
                                "' (expected forms: 3, -3/4, 0.125, 1e-3)");
  };
  if (text.empty()) return fail();
  // Refused before GMP sees it: the digits become one allocation.
  if (text.size() > limits::number_length)
    throw std::invalid_argument("number written with " + std::to_string(text.size()) + " characters, more than the " +
                                std::to_string(limits::number_length) + " an exact number may have");
  const auto slash = text.find('/');
  if (slash != std::string::npos) {
    if (text.find('/', slash + 1) != std::string::npos) return fail();  // "1/2/3"
    const Rational num = parse_rational(text.substr(0, slash));
    const Rational den = parse_rational(text.substr(slash + 1));
    if (den == 0) throw std::invalid_argument("zero denominator in '" + abbreviated(text) + "'");
    return num / den;
  }
  std::size_t i = 0;
  bool negative = false;
  if (text[i] == '+' || text[i] == '-') negative = text[i++] == '-';
  std::string digits;
  long exponent = 0;
  bool seen_digit = false, seen_point = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits += c;
      seen_digit = true;
      if (seen_point) --exponent;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (!seen_digit) return fail();
  if (i < text.size()) {
    if (text[i] != 'e' && text[i] != 'E') return fail();
    ++i;
    // An optional sign and digits only (std::stol would also take spaces).
    bool negative_exponent = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative_exponent = text[i++] == '-';
    if (i == text.size()) return fail();
    long e = 0;
    for (; i < text.size(); ++i) {
      if (!std::isdigit(static_cast<unsigned char>(text[i]))) return fail();
      if (e <= limits::number_exponent) e = 10 * e + (text[i] - '0');  // stops growing once out of range
    }
    if (negative_exponent) e = -e;
    if (e > limits::number_exponent || e < -limits::number_exponent)
      throw std::invalid_argument("exponent out of range in '" + abbreviated(text) + "' (at most 1e" +
                                  std::to_string(limits::number_exponent) + " either way)");
    exponent += e;
  }
  // Leading zeros go: GMP reads a string with a leading 0 as octal ("0.25"
  // would be 025 = 21 hundredths, "0.9" no number at all).
  const std::size_t first = digits.find_first_not_of('0');
  digits = first == std::string::npos ? "0" : digits.substr(first);
  Rational value = Rational(Integer(digits)) * pow10(exponent);
  return negative ? Rational(-value) : value;
}

std::string to_string(const Rational& q) { return q.str(); }

namespace {

void require_finite(double x, const char* what) {
  if (!std::isfinite(x))
    throw NonFiniteDouble(std::string(what) + ": a floating-point value overflowed (" +
                          (std::isnan(x) ? "NaN" : "infinite") + "), so no exact value can be taken from it");
}

}  // namespace

Rational exact_rational(double x, const char* what) {
  require_finite(x, what);
  return Rational(x);
}

Integer exact_integer(double x, const char* what) {
  require_finite(x, what);
  return Integer(x);
}

double to_double(const Rational& q) { return q.convert_to<double>(); }
double to_double_down(const Rational& q) { return to_double_directed(q, MPFR_RNDD); }
double to_double_up(const Rational& q) { return to_double_directed(q, MPFR_RNDU); }

}  // namespace sinkcheck
