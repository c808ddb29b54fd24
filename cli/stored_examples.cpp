#include "cli/stored_examples.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <fstream>

#include "engine/bounded_json.hpp"
#include "cli/commands.hpp"
#include "reports/writers.hpp"
#include "verify/bounded_read.hpp"
#include "verify/input_limits.hpp"

namespace sinkcheck {

namespace {

constexpr const char* kSchema = "sinkcheck-examples/1";

bool file_exists(const std::string& path) {
  struct stat info;
  return ::stat(path.c_str(), &info) == 0;
}

const ClaimTheory* claim_named(const StatementTheory& theory, const std::string& name) {
  for (const ClaimTheory& c : theory.claims)
    if (c.name == name) return &c;
  return nullptr;
}

ExampleOutcome decide_one(const Statement& statement, const ClaimTheory& claim, const nlohmann::json& inputs,
                          const PrecisionPolicy& policy, const std::string& source) {
  InputsDecision d = statement.decide_inputs(inputs, claim, policy);
  d.record.found_by = source;
  return ExampleOutcome{source, d.decision.verdict, std::move(d.record)};
}

}  // namespace

std::string ExampleDatabase::file_for(const std::string& statement_id, const std::string& claim_text) const {
  return directory_ + "/" + statement_id + "/" + fingerprint(claim_text) + ".json";
}

std::vector<nlohmann::json> ExampleDatabase::load(const std::string& statement_id,
                                                  const std::string& claim_text) const {
  const std::string path = file_for(statement_id, claim_text);
  if (!file_exists(path)) return {};
  try {
    const std::string text = read_file_bounded(path, limits::report_file_bytes, "an example database file");
    const nlohmann::json j = parse_json_bounded(text.data(), text.data() + text.size(), limits::json_nesting);
    if (!j.is_object() || j.value("schema", "") != kSchema || !j.contains("examples") || !j.at("examples").is_array())
      throw UsageError(path + ": not a sinkcheck example database file (schema " + kSchema + ")");
    // Two texts with one fingerprint: not this claim's file.
    if (j.value("claim_text", "") != claim_text) return {};
    return j.at("examples").get<std::vector<nlohmann::json>>();
  } catch (const InputFileError& e) {
    throw UsageError(path + ": " + e.what());
  } catch (const JsonInputError& e) {
    throw UsageError(path + ": " + e.what());
  }
}

void ExampleDatabase::keep(const std::string& statement_id, const ClaimTheory& claim,
                           const nlohmann::json& inputs) const {
  const std::string text = claim_text(claim);
  std::vector<nlohmann::json> examples = load(statement_id, text);
  if (examples.size() >= kKeptPerClaim || std::find(examples.begin(), examples.end(), inputs) != examples.end()) return;
  examples.push_back(inputs);
  const nlohmann::json file = {{"schema", kSchema},
                               {"statement", statement_id},
                               {"claim", claim.name},
                               {"claim_text", text},
                               {"examples", examples}};
  const std::string path = file_for(statement_id, text);
  write_file_atomically_in(path.substr(0, path.rfind('/')), path.substr(path.rfind('/') + 1), file.dump(1) + "\n");
}

std::vector<ExampleOutcome> decide_examples(const Statement& statement, const StatementTheory& selected,
                                            const ExampleDatabase* database, const PrecisionPolicy& policy) {
  std::vector<ExampleOutcome> outcomes;
  for (const PinnedExample& e : selected.examples)
    for (const ClaimTheory& claim : selected.claims) {
      if (!e.claim.empty() && e.claim != claim.name) continue;
      try {
        outcomes.push_back(decide_one(statement, claim, e.inputs, policy, "theory"));
      } catch (const std::invalid_argument& error) {
        throw TheoryError(e.where.str() + ": " + selected.id + ".example.inputs: " + error.what());
      } catch (const nlohmann::json::exception& error) {
        throw TheoryError(e.where.str() + ": " + selected.id + ".example.inputs: " + error.what());
      }
    }
  if (!database) return outcomes;
  for (const ClaimTheory& claim : selected.claims)
    for (const nlohmann::json& inputs : database->load(selected.id, claim_text(claim))) {
      try {
        outcomes.push_back(decide_one(statement, claim, inputs, policy, "database"));
      } catch (const std::exception& error) {
        throw UsageError("example database: " + selected.id + " claim '" + claim.name + "': " + error.what());
      }
    }
  return outcomes;
}

void keep_counterexamples(const ExampleDatabase& database, const StatementTheory& selected,
                          const StatementResult& result) {
  for (const CaseRecord& c : result.counterexample_cases)
    if (const ClaimTheory* claim = claim_named(selected, c.claim)) database.keep(selected.id, *claim, c.inputs);
  for (const ExampleOutcome& e : result.examples)
    if (e.verdict == Verdict::Counterexample && e.source == "theory")
      if (const ClaimTheory* claim = claim_named(selected, e.record.claim))
        database.keep(selected.id, *claim, e.record.inputs);
}

}  // namespace sinkcheck
