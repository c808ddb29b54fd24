#pragma once
// What an edit of the theory file changed, statement by statement: the input
// of `sinkcheck gate`, which checks only what an edit touches.
#include <string>
#include <vector>

#include "theory/theory_file.hpp"

namespace sinkcheck {

struct TheoryChange {
  std::string claim;  // the claim it concerns; empty for the statement (title, domain, …)
  std::string text;   // human-readable
  // A change that reaches every claim of the statement (a new statement, its
  // reading, its proposition's domain), not only the claim named.
  bool touches_every_claim = false;
};

struct StatementEdit {
  std::string id;
  std::vector<TheoryChange> changes;
};

// Statements of `edited` that differ from `base` (new ones included; a
// change of a proposition's [domain] touches all its statements), and the
// statements `base` has that `edited` dropped (as edits with no check).
std::vector<StatementEdit> touched_statements(const Theory& base, const Theory& edited);
std::vector<std::string> dropped_statements(const Theory& base, const Theory& edited);

}  // namespace sinkcheck
