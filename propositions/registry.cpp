#include "propositions/registry.hpp"

#include <fnmatch.h>

#include <stdexcept>

#include "propositions/cost_bounds.hpp"
#include "propositions/hard_switch.hpp"
#include "propositions/sink_representability.hpp"
#include "propositions/smoothing.hpp"
#include "theory/suggest.hpp"

namespace sinkcheck {

namespace {

struct Registry {
  std::vector<ModelEntry> models;
  std::vector<StatementPtr> shipped;
  std::vector<std::string> shipped_model;  // the model of each shipped statement

  void add(const PropositionModels& proposition) {
    for (const ModelEntry& m : proposition.models) {
      for (const ModelEntry& known : models)
        if (known.name == m.name) throw std::logic_error("model '" + m.name + "' registered twice");
      models.push_back(m);
    }
    for (const ShippedStatement& s : proposition.statements) {
      const ModelEntry* model = nullptr;
      for (const ModelEntry& m : models)
        if (m.name == s.model) model = &m;
      if (!model) throw std::logic_error(s.id + " is over the unregistered model '" + s.model + "'");
      for (const StatementPtr& known : shipped)
        if (known->info().id == s.id) throw std::logic_error("statement " + s.id + " registered twice");
      shipped.push_back(model->statement(StatementInfo{s.id, s.title, s.provenance, "", {}, s.notes}));
      shipped_model.push_back(s.model);
    }
  }
};

Registry& registry() {
  static Registry r = [] {
    Registry shipped;
    shipped.add(sink_representability_models());
    shipped.add(hard_switch_models());
    shipped.add(smoothing_models());
    shipped.add(cost_bound_models());
    return shipped;
  }();
  return r;
}

// A statement the theory file declares, made from its model.
StatementPtr declared_statement(const StatementTheory& st) {
  const ModelEntry* model = find_model(st.model);
  if (!model) throw std::invalid_argument(st.id + ": unknown model '" + st.model + "'");
  return model->statement(StatementInfo{st.id, st.title, "theory", "", {}, {}});
}

}  // namespace

const std::vector<ModelEntry>& all_models() { return registry().models; }

const ModelEntry* find_model(const std::string& name) {
  for (const ModelEntry& m : all_models())
    if (m.name == name) return &m;
  return nullptr;
}

void add_models(const PropositionModels& proposition) { registry().add(proposition); }

const std::vector<StatementPtr>& all_statements() { return registry().shipped; }

StatementPtr find_statement(const std::string& id) {
  for (const auto& s : all_statements())
    if (s->info().id == id) return s;
  return nullptr;
}

std::vector<StatementPtr> all_statements(const Theory& theory) {
  std::vector<StatementPtr> all = all_statements();
  for (const auto& [id, st] : theory.statements)
    if (!st.model.empty()) all.push_back(declared_statement(st));
  return all;
}

StatementPtr find_statement(const std::string& id, const Theory& theory) {
  const StatementTheory* st = theory.find(id);
  if (st && !st->model.empty()) return declared_statement(*st);
  return find_statement(id);
}

std::vector<std::string> statements_over(const ModelEntry& model, const Theory* theory) {
  std::vector<std::string> ids;
  const Registry& r = registry();
  for (std::size_t i = 0; i < r.shipped.size(); ++i)
    if (r.shipped_model[i] == model.name) ids.push_back(r.shipped[i]->info().id);
  if (theory)
    for (const auto& [id, st] : theory->statements)
      if (st.model == model.name) ids.push_back(id);
  return ids;
}

namespace {

std::vector<StatementPtr> select_among(const std::vector<StatementPtr>& candidates,
                                       const std::vector<std::string>& patterns) {
  std::vector<StatementPtr> chosen;
  for (const std::string& p : patterns) {
    bool matched = false;
    for (const auto& s : candidates) {
      if (p == "all" || fnmatch(p.c_str(), s->info().id.c_str(), 0) == 0) {
        matched = true;
        bool already = false;
        for (const auto& c : chosen) already |= c->info().id == s->info().id;
        if (!already) chosen.push_back(s);
      }
    }
    if (!matched) {
      std::vector<std::string> ids;
      for (const auto& s : all_statements()) ids.push_back(s->info().id);
      throw std::invalid_argument("no statement matches '" + p + "' (see `sinkcheck list`)" + did_you_mean(p, ids));
    }
  }
  return chosen;
}

}  // namespace

std::vector<StatementPtr> select_statements(const std::vector<std::string>& patterns) {
  return select_among(all_statements(), patterns);
}

std::vector<StatementPtr> select_statements(const std::vector<std::string>& patterns, const Theory& theory) {
  return select_among(all_statements(theory), patterns);
}

TheoryVocabulary statement_variables() {
  return {[](const std::string& id) -> const std::vector<Variable>* {
            const StatementPtr s = find_statement(id);
            return s ? &s->info().variables : nullptr;
          },
          [](const std::string& name) -> std::optional<ModelVocabulary> {
            const ModelEntry* m = find_model(name);
            if (!m) return std::nullopt;
            return ModelVocabulary{m->proposition, &m->variables};
          }};
}

}  // namespace sinkcheck
