#pragma once
// Exact inputs in stored reports: rationals as "p/q" strings, with errors
// that name the offending field (shared by every proposition's model).
#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include "verify/rational.hpp"

namespace sinkcheck {

inline nlohmann::json rationals_to_json(const std::vector<Rational>& v) {
  nlohmann::json a = nlohmann::json::array();
  for (const Rational& q : v) a.push_back(to_string(q));
  return a;
}

inline Rational rational_from_json(const nlohmann::json& x, const std::string& where) {
  if (!x.is_string()) throw std::invalid_argument(where + ": expected an exact number as a string, e.g. \"-3/4\"");
  try {
    return parse_rational(x.get<std::string>());
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(where + ": " + e.what());
  }
}

inline std::vector<Rational> rationals_from_json(const nlohmann::json& a, const std::string& field) {
  if (!a.is_array()) throw std::invalid_argument(field + ": expected an array of exact numbers");
  std::vector<Rational> out;
  for (std::size_t k = 0; k < a.size(); ++k) out.push_back(rational_from_json(a[k], field + "[" + std::to_string(k) + "]"));
  return out;
}

inline nlohmann::json rational_rows_to_json(const std::vector<std::vector<Rational>>& rows) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& row : rows) a.push_back(rationals_to_json(row));
  return a;
}

// `rows` rows of equal length; `columns` = -1 accepts any common length (including 0).
inline std::vector<std::vector<Rational>> rational_rows_from_json(const nlohmann::json& a, const std::string& field,
                                                                  std::size_t rows, long columns) {
  if (!a.is_array() || a.size() != rows) throw std::invalid_argument(field + ": expected " + std::to_string(rows) + " rows");
  std::vector<std::vector<Rational>> out;
  for (std::size_t r = 0; r < rows; ++r) {
    const std::string where = field + "[" + std::to_string(r) + "]";
    out.push_back(rationals_from_json(a[r], where));
    const std::size_t want = columns >= 0 ? std::size_t(columns) : out.front().size();
    if (out.back().size() != want)
      throw std::invalid_argument(where + ": expected " + std::to_string(want) + " entries, got " +
                                  std::to_string(out.back().size()));
  }
  return out;
}

}  // namespace sinkcheck
