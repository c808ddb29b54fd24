#pragma once
// Exact inputs in reports: rationals as "p/q" strings, read back with every
// error naming its field ("inputs.W[1][2]: …"), so a stored counterexample
// replays without loss and a malformed one says where it is wrong.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "verify/rational.hpp"

namespace sinkcheck {

nlohmann::json rationals_to_json(const std::vector<Rational>& v);
nlohmann::json rational_rows_to_json(const std::vector<std::vector<Rational>>& rows);

// Each throws std::invalid_argument naming `field` (and the index) on a bad entry.
Rational rational_from_json(const nlohmann::json& j, const std::string& field);
std::vector<Rational> rationals_from_json(const nlohmann::json& a, const std::string& field);
// Rows of equal length; `columns` = -1 accepts any common length (including 0).
std::vector<std::vector<Rational>> rational_rows_from_json(const nlohmann::json& a, const std::string& field,
                                                           std::size_t rows, long columns);

}  // namespace sinkcheck
