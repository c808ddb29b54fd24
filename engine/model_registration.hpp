#pragma once
// How a proposition source registers a model. Every statement over the
// model, shipped or declared in a theory file, is the same ModelStatement
// with its own id, title and claims. Included only by proposition sources
// (and the tests' toy model).
#include <utility>

#include "engine/model_entry.hpp"
#include "engine/model_statement.hpp"

namespace sinkcheck {

template <class Model>
ModelEntry register_model(std::string name, std::string proposition, std::string doc, std::vector<Variable> variables,
                          Model model) {
  ModelEntry entry{std::move(name), std::move(proposition), std::move(doc), std::move(variables), nullptr};
  entry.statement = [model = std::move(model), doc = entry.doc, variables = entry.variables](StatementInfo info) {
    info.doc = doc;
    info.variables = variables;
    return make_statement(std::move(info), model);
  };
  return entry;
}

}  // namespace sinkcheck
