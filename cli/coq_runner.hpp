#pragma once
// Runs Coq on the generated claim files (docs/proving.md): the libraries
// first, one at a time in dependency order, then the claim files in
// parallel, all in a temporary copy so that the report folder keeps only the
// sources. A claim file is accepted when coqc compiles it and `Print
// Assumptions` of each of its theorems names only allowed axioms.
#include <set>
#include <string>
#include <vector>

namespace sinkcheck {

struct CoqSource {
  std::string module;  // the file is module + ".v"
  std::string text;
  std::vector<std::string> theorems;  // checked with Print Assumptions (claim files)
};

struct CoqVerdict {
  bool accepted = false;
  std::string reason;  // when not accepted: why (coqc's first error, a time-out, an axiom)
};

// The axioms a proof may rest on: Coq's real numbers (constructive Cauchy
// reals with two classical axioms), classical logic, functional
// extensionality, and the primitive integers and floats (with their
// specifications) that Interval's computations use.
bool allowed_axiom(const std::string& name);
// The axioms `Print Assumptions` output names (one per line at column 0).
std::vector<std::string> printed_axioms(const std::string& output);
// A word that must not appear in a library or a generated file (Admitted,
// admit, Axiom, Parameter, Conjecture, Hypothesis, Variable, …), or "".
std::string forbidden_word(const std::string& coq_text);

// The path of coqc on PATH, or "" when there is none.
std::string find_coqc();

// Compiles `libraries` (in order) and then `claims` (up to `jobs` at once).
// One verdict per claim; when a library fails every claim fails with its
// reason. `timeout_seconds` bounds each coqc run.
std::vector<CoqVerdict> run_coq(const std::string& coqc, const std::vector<CoqSource>& libraries,
                                const std::vector<CoqSource>& claims, unsigned jobs, unsigned timeout_seconds);

}  // namespace sinkcheck
