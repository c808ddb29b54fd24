#pragma once
// Every statement sinkcheck knows, by id, in the order of the statements
// table (P1.a … P4.L_sink; README "What is checked").
#include <string>
#include <vector>

#include "engine/statement.hpp"

namespace sinkcheck {

const std::vector<StatementPtr>& all_statements();
StatementPtr find_statement(const std::string& id);

// Ids matching a list of ids and glob patterns ("P2.*", "all"); throws
// std::invalid_argument naming a pattern that matches nothing.
std::vector<StatementPtr> select_statements(const std::vector<std::string>& patterns);

// The lookup the theory loader uses to parse each statement's formulas.
VariableLookup statement_variables();

}  // namespace sinkcheck
