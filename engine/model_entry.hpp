#pragma once
// Models as the registry lists them (propositions/registry.hpp). A model is
// what a statement's claims are decided over — a generator, an instance
// type, its quantities and its domain — registered once under a name. A
// statement is a named group of claims over a model: the shipped ones are
// listed with the model they are over, and a theory file may declare more
// (`[P2.e]` with `model = "switch/sink"`).
#include <functional>
#include <string>
#include <vector>

#include "engine/statement.hpp"

namespace sinkcheck {

struct ModelEntry {
  std::string name;         // "switch/sink"
  std::string proposition;  // "P2": whose [domain] table the generator reads; its statements' ids start with it
  std::string doc;          // the documentation page of its quantities
  std::vector<Variable> variables;
  // A statement over this model (its claims come from the theory file); the
  // model fills in the info's doc and variables.
  std::function<StatementPtr(StatementInfo)> statement;
};

// A shipped statement: its own parts, and the model it is over.
struct ShippedStatement {
  std::string model;
  std::string id;
  std::string title;
  std::string provenance;  // "seed", "recon": where the statement comes from
  std::vector<std::string> notes = {};
};

// A proposition's models, and its shipped statements in the order of the
// statements table (README "What is checked").
struct PropositionModels {
  std::vector<ModelEntry> models;
  std::vector<ShippedStatement> statements;
};

}  // namespace sinkcheck
