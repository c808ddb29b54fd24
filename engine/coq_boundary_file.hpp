#pragma once
// A threshold bracket of `sinkcheck boundary` as a Coq file (docs/proving.md,
// docs/propositions/P4-cost-bounds.md): "the claim fails at param = lo" and
// "it holds for every param in [hi, the domain's upper end]", each over every
// other variable of the statement's symbolic-model family, and each closed by
// `intros. <the model's tactic>. Qed.` — so that a bracket found by certified
// sampling becomes a fact Coq has checked.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/symbolic_model.hpp"
#include "theory/theory_file.hpp"

namespace sinkcheck {

struct BoundaryToProve {
  std::string statement_id;
  const ClaimTheory* claim = nullptr;
  std::string param;                       // the swept quantity ("lambda")
  std::map<std::string, Rational> fixed;   // --set values ("C" = 2)
  Rational fails, holds;                   // the bracket: fails at `fails`, holds at `holds`
};

struct BoundaryCoqFile {
  std::string module;                 // "P4_U_sink_boundary_lambda_C2"
  std::string text;
  std::vector<std::string> theorems;  // fails_at_lo, holds_from_hi
  std::string scope;                  // "fails at lambda = 6121/16384; holds for every lambda in [...], C = 2"
};

struct BoundaryCoqResult {
  std::optional<BoundaryCoqFile> file;
  std::string reason;  // when there is no file: why the bracket cannot be stated
};

BoundaryCoqResult boundary_coq_file(const BoundaryToProve& bracket, const SymbolicModel& model,
                                    const DomainTable& domain, const std::string& tool_version);

}  // namespace sinkcheck
