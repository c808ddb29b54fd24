#pragma once
// A claim of the theory file as a Coq file (docs/proving.md): one theorem per
// family of the statement's symbolic model, stating the claim over the
// model's definitions, each closed by `intros. <the model's tactic>. Qed.`
#include <optional>
#include <string>
#include <vector>

#include "engine/symbolic_model.hpp"
#include "theory/theory_file.hpp"

namespace sinkcheck {

struct ClaimCoqFile {
  std::string module;                 // "P2_b_1": the file P2_b_1.v
  std::string library;                // the model's library it imports
  std::string text;
  std::vector<std::string> theorems;  // "claim_K1", …
};

struct ClaimCoqResult {
  std::optional<ClaimCoqFile> file;
  std::string open_reason;  // when there is no file: why the claim stays open
};

struct ClaimToProve {
  std::string statement_id, statement_title;
  const ClaimTheory* claim = nullptr;
  std::size_t number = 0;  // 1-based, in theory-file order over all readings
  const std::vector<Variable>* variables = nullptr;
};

// "P2_b_3" for the third claim of P2.b.
std::string claim_module_name(const std::string& statement_id, std::size_t number);

ClaimCoqResult claim_coq_file(const ClaimToProve& claim, const SymbolicModel& model, const DomainTable& domain,
                              const std::string& tool_version);

}  // namespace sinkcheck
