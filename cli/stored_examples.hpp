#pragma once
// Stored instances a run decides before its generated cases: the examples a
// theory file pins ([[P2.b.example]]) and, with --database DIR, the
// counterexamples earlier runs kept there, keyed by statement and claim text
// (like Hypothesis's example database: a claim whose text changes starts
// afresh). Without --database nothing is read or written, so a run stays
// byte-for-byte reproducible.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/statement.hpp"

namespace sinkcheck {

class ExampleDatabase {
 public:
  explicit ExampleDatabase(std::string directory) : directory_(std::move(directory)) {}
  // The inputs kept for this claim of the statement, oldest first.
  std::vector<nlohmann::json> load(const std::string& statement_id, const std::string& claim_text) const;
  // Keeps `inputs` for the claim (once; the first kKeptPerClaim only).
  void keep(const std::string& statement_id, const ClaimTheory& claim, const nlohmann::json& inputs) const;

  static constexpr std::size_t kKeptPerClaim = 20;

 private:
  std::string file_for(const std::string& statement_id, const std::string& claim_text) const;
  std::string directory_;
};

// The statement's pinned examples (from `selected`, its selected reading),
// then its database examples (when `database` is given), each decided for
// its claims. Throws TheoryError at the example's line when pinned inputs
// are malformed, UsageError naming the file for a malformed database entry.
std::vector<ExampleOutcome> decide_examples(const Statement& statement, const StatementTheory& selected,
                                            const ExampleDatabase* database, const PrecisionPolicy& policy);

// After a run: the counterexamples it found (the generated cases' and the
// examples' still refuted) into the database.
void keep_counterexamples(const ExampleDatabase& database, const StatementTheory& selected,
                          const StatementResult& result);

}  // namespace sinkcheck
