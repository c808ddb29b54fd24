#include "engine/results_json.hpp"
#include "reports/writers.hpp"

namespace sinkcheck {

nlohmann::json to_json(const RunReport& report) {
  nlohmann::json statements = nlohmann::json::array();
  for (const StatementResult& s : report.statements) statements.push_back(statement_to_json(s, ResultFields::Report));
  return {{"schema", RunReport::schema},
          {"tool_version", report.tool_version},
          {"seed", report.seed},
          {"cases_per_statement", report.cases},
          {"theory", {{"path", report.theory_path}, {"fingerprint", report.theory_fingerprint}}},
          {"precision_ladder_bits", report.ladder_bits},
          {"targeted_share", report.targeted_share},
          {"complete", report.complete},
          {"statements", statements}};
}

}  // namespace sinkcheck
