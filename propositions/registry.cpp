#include "propositions/registry.hpp"

#include <fnmatch.h>

#include <stdexcept>

#include "propositions/cost_bounds.hpp"
#include "propositions/hard_switch.hpp"
#include "propositions/sink_representability.hpp"
#include "propositions/smoothing.hpp"
#include "theory/suggest.hpp"

namespace sinkcheck {

const std::vector<StatementPtr>& all_statements() {
  static const std::vector<StatementPtr> statements = [] {
    std::vector<StatementPtr> all;
    for (auto& s : sink_representability_statements()) all.push_back(s);
    for (auto& s : hard_switch_statements()) all.push_back(s);
    for (auto& s : smoothing_statements()) all.push_back(s);
    for (auto& s : cost_bound_statements()) all.push_back(s);
    return all;
  }();
  return statements;
}

StatementPtr find_statement(const std::string& id) {
  for (const auto& s : all_statements())
    if (s->info().id == id) return s;
  return nullptr;
}

std::vector<StatementPtr> select_statements(const std::vector<std::string>& patterns) {
  std::vector<StatementPtr> chosen;
  for (const std::string& p : patterns) {
    bool matched = false;
    for (const auto& s : all_statements()) {
      if (p == "all" || fnmatch(p.c_str(), s->info().id.c_str(), 0) == 0) {
        matched = true;
        bool already = false;
        for (const auto& c : chosen) already |= c == s;
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

VariableLookup statement_variables() {
  return [](const std::string& id) -> const std::vector<Variable>* {
    const StatementPtr s = find_statement(id);
    return s ? &s->info().variables : nullptr;
  };
}

}  // namespace sinkcheck
