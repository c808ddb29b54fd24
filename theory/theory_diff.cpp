#include "theory/theory_diff.hpp"

namespace sinkcheck {

namespace {

std::string proposition_of(const std::string& id) { return id.substr(0, id.find('.')); }

// The same claim in the other file: same name and reading (two readings may
// phrase the same claim under one name), else the same name alone (a claim
// moved to another reading).
const ClaimTheory* counterpart(const StatementTheory& s, const ClaimTheory& claim) {
  for (const ClaimTheory& c : s.claims)
    if (c.name == claim.name && c.reading == claim.reading) return &c;
  for (const ClaimTheory& c : s.claims)
    if (c.name == claim.name) return &c;
  return nullptr;
}

std::vector<std::string> domain_changes(const Theory& base, const Theory& edited, const std::string& proposition) {
  std::vector<std::string> changes;
  const DomainTable before_table = base.domain(proposition), after_table = edited.domain(proposition);
  const auto& before = before_table.entries();
  const auto& after = after_table.entries();
  for (const auto& [key, entry] : after) {
    const auto it = before.find(key);
    if (it == before.end())
      changes.push_back(proposition + ".domain." + key + " set to " + to_string(entry.value));
    else if (it->second.value != entry.value)
      changes.push_back(proposition + ".domain." + key + ": " + to_string(it->second.value) + " -> " + to_string(entry.value));
  }
  for (const auto& [key, entry] : before)
    if (!after.count(key)) changes.push_back(proposition + ".domain." + key + " removed (default used)");
  return changes;
}

}  // namespace

std::vector<StatementEdit> touched_statements(const Theory& base, const Theory& edited) {
  std::vector<StatementEdit> edits;
  for (const auto& [id, statement] : edited.statements) {
    StatementEdit edit{id, {}};
    const StatementTheory* before = base.find(id);
    if (!before) {
      edit.changes.push_back({"", "new statement", true});
    } else {
      if (before->title != statement.title)
        edit.changes.push_back({"", "title: \"" + before->title + "\" -> \"" + statement.title + "\""});
      if (before->reading != statement.reading)
        edit.changes.push_back({"", "reading: \"" + before->reading + "\" -> \"" + statement.reading + "\"", true});
      for (const ClaimTheory& c : statement.claims) {
        const ClaimTheory* old = counterpart(*before, c);
        if (!old) edit.changes.push_back({c.name, "claim \"" + c.name + "\" added: " + claim_text(c)});
        else if (claim_text(*old) != claim_text(c))
          edit.changes.push_back({c.name, "claim \"" + c.name + "\": " + claim_text(*old) + "  ->  " + claim_text(c)});
        else if (old->reading != c.reading)
          edit.changes.push_back({c.name, "claim \"" + c.name + "\": reading \"" + old->reading + "\" -> \"" + c.reading + "\""});
      }
      for (const ClaimTheory& c : before->claims)
        if (!counterpart(statement, c)) edit.changes.push_back({"", "claim \"" + c.name + "\" removed"});
      // Pinned examples are decided first by every run: a changed set is checked.
      auto pinned = [](const StatementTheory& st) {
        nlohmann::json all = nlohmann::json::array();
        for (const PinnedExample& e : st.examples) all.push_back({e.claim, e.inputs});
        return all;
      };
      if (pinned(*before) != pinned(statement)) edit.changes.push_back({"", "pinned examples changed"});
    }
    for (const std::string& change : domain_changes(base, edited, proposition_of(id)))
      edit.changes.push_back({"", change, true});
    if (!edit.changes.empty()) edits.push_back(std::move(edit));
  }
  return edits;
}

std::vector<std::string> dropped_statements(const Theory& base, const Theory& edited) {
  std::vector<std::string> dropped;
  for (const auto& [id, statement] : base.statements)
    if (!edited.find(id)) dropped.push_back(id);
  return dropped;
}

}  // namespace sinkcheck
