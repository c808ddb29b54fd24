#include "verify/rational.hpp"

#include <mpfr.h>

#include <cctype>
#include <stdexcept>

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

Rational parse_rational(const std::string& text) {
  auto fail = [&]() -> Rational {
    throw std::invalid_argument("not an exact number: '" + text + "' (expected forms: 3, -3/4, 0.125, 1e-3)");
  };
  if (text.empty()) return fail();
  const auto slash = text.find('/');
  if (slash != std::string::npos) {
    const Rational num = parse_rational(text.substr(0, slash));
    const Rational den = parse_rational(text.substr(slash + 1));
    if (den == 0) throw std::invalid_argument("zero denominator in '" + text + "'");
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
    std::size_t used = 0;
    long e = 0;
    try {
      e = std::stol(text.substr(i), &used);
    } catch (const std::exception&) {
      return fail();
    }
    if (used != text.size() - i || used == 0) return fail();
    if (e > 100000 || e < -100000) throw std::invalid_argument("exponent out of range in '" + text + "'");
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

double to_double(const Rational& q) { return q.convert_to<double>(); }
double to_double_down(const Rational& q) { return to_double_directed(q, MPFR_RNDD); }
double to_double_up(const Rational& q) { return to_double_directed(q, MPFR_RNDU); }

}  // namespace sinkcheck
