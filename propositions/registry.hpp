#pragma once
// Every model sinkcheck knows, and every statement: the shipped ones, by id,
// in the order of the statements table (P1.a … P4.L_sink; README "What is
// checked"), and those a theory file declares over a registered model.
#include <string>
#include <vector>

#include "engine/model_entry.hpp"
#include "engine/statement.hpp"
#include "theory/theory_file.hpp"

namespace sinkcheck {

// The registered models, P1's to P4's, then any added by add_model.
const std::vector<ModelEntry>& all_models();
const ModelEntry* find_model(const std::string& name);
// Registers a proposition's models and shipped statements after the shipped
// ones (the tests' toy proposition); names and ids must be new.
void add_models(const PropositionModels& proposition);

// The shipped statements.
const std::vector<StatementPtr>& all_statements();
StatementPtr find_statement(const std::string& id);
// The shipped statements, then the ones `theory` declares (in id order).
std::vector<StatementPtr> all_statements(const Theory& theory);
StatementPtr find_statement(const std::string& id, const Theory& theory);
// The shipped statements over a model, then the ones `theory` declares over it.
std::vector<std::string> statements_over(const ModelEntry& model, const Theory* theory = nullptr);

// Ids matching a list of ids and glob patterns ("P2.*", "all"), among the
// shipped statements and those `theory` declares; throws
// std::invalid_argument naming a pattern that matches nothing.
std::vector<StatementPtr> select_statements(const std::vector<std::string>& patterns);
std::vector<StatementPtr> select_statements(const std::vector<std::string>& patterns, const Theory& theory);

// What the theory loader may name: the shipped statements' quantities and
// the registered models'.
TheoryVocabulary statement_variables();

}  // namespace sinkcheck
