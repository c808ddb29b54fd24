#pragma once
// Exact rationals: the representation of every instance's inputs, so that a
// counterexample can be stored and replayed without loss.
#include <boost/multiprecision/gmp.hpp>
#include <string>

namespace sinkcheck {

using Rational = boost::multiprecision::mpq_rational;
using Integer = boost::multiprecision::mpz_int;

// Accepts "7", "-3/4", "0.125", "1e-3", "-2.5E+4". Throws std::invalid_argument
// naming the offending text.
Rational parse_rational(const std::string& text);

// Canonical text: "p" or "p/q" (lowest terms), the form reports store.
std::string to_string(const Rational& q);

// For messages: the canonical text if it has at most `max_chars`
// characters, else the magnitude and the number of digits
// ("about 1.0000e+100000 (an integer of 100001 digits)").
std::string to_short_string(const Rational& q, std::size_t max_chars = 40);
// For messages: `text` cut to `max_chars` characters, saying how long it was.
std::string abbreviated(const std::string& text, std::size_t max_chars = 40);

// Round-to-nearest double; only for display and for the unverified fast path.
double to_double(const Rational& q);

// Directed conversions, used to enclose an exact input in a double interval.
double to_double_down(const Rational& q);
double to_double_up(const Rational& q);

}  // namespace sinkcheck
