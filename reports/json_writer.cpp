#include "reports/writers.hpp"

namespace sinkcheck {

namespace {

nlohmann::json case_json(const CaseRecord& c) {
  return {{"case", c.case_index},   {"case_seed", c.case_seed}, {"claim", c.claim},
          {"assume", c.assume},     {"relation", c.relation},   {"stage", c.stage},
          {"evidence", c.evidence}, {"shrink_steps", c.shrink_steps}, {"inputs", c.inputs},
          {"found_by", c.found_by}};
}

nlohmann::json closest_json(const ClosestApproach& c) {
  nlohmann::json j = {{"slack", c.slack},       {"found_by", c.found_by}, {"case", c.case_index},
                      {"case_seed", c.case_seed}, {"assume", c.assume},     {"relation", c.relation},
                      {"inputs", c.inputs}};
  if (c.ratio) {
    j["ratio"] = *c.ratio;
    j["ratio_of"] = c.ratio_sides;
  }
  if (!c.inputs_omitted.empty()) j["inputs_omitted"] = c.inputs_omitted;
  return j;
}

nlohmann::json targeted_json(const TargetedSummary& t) {
  return {{"budget", t.budget},
          {"evaluations", t.evaluations},
          {"searches", t.searches},
          {"cases", t.cases},
          {"counterexamples", t.counterexamples}};
}

nlohmann::json statement_json(const StatementResult& s) {
  nlohmann::json claims = nlohmann::json::array();
  for (const ClaimTally& c : s.claims) {
    claims.push_back({{"name", c.name},
                      {"claim", c.text},
                      {"holds", c.holds},
                      {"counterexamples", c.counterexamples},
                      {"undecided", c.undecided},
                      {"vacuous", c.vacuous}});
    if (c.closest.seen) claims.back()["closest_approach"] = closest_json(c.closest);
  }
  nlohmann::json counterexamples = nlohmann::json::array(), undecided = nlohmann::json::array();
  for (const CaseRecord& c : s.counterexample_cases) counterexamples.push_back(case_json(c));
  for (const CaseRecord& c : s.undecided_cases) undecided.push_back(case_json(c));
  nlohmann::json j = {{"id", s.id},
                      {"title", s.title},
                      {"verdict", to_string(s.verdict())},
                      {"cases", s.cases},
                      {"interrupted", s.interrupted},
                      {"holds", s.holds},
                      {"counterexamples", s.counterexamples},
                      {"undecided", s.undecided},
                      {"vacuous", s.vacuous},
                      {"escalated", s.escalated},
                      {"decided_by", s.decided_by},
                      {"claims", claims},
                      {"counterexample_cases", counterexamples},
                      {"undecided_cases", undecided},
                      {"targeted", targeted_json(s.targeted)},
                      {"notes", s.notes}};
  if (!s.tables.empty()) {
    j["tables"] = nlohmann::json::array();
    for (const Table& t : s.tables)
      j["tables"].push_back({{"title", t.title}, {"caption", t.caption}, {"columns", t.columns}, {"rows", t.rows}});
  }
  // Only statements with readings carry these keys.
  if (!s.reading.empty()) j["reading"] = s.reading;
  if (!s.other_readings.empty()) {
    j["other_readings"] = nlohmann::json::array();
    for (const StatementResult& other : s.other_readings) j["other_readings"].push_back(statement_json(other));
  }
  return j;
}

}  // namespace

nlohmann::json to_json(const RunReport& report) {
  nlohmann::json statements = nlohmann::json::array();
  for (const StatementResult& s : report.statements) statements.push_back(statement_json(s));
  return {{"schema", RunReport::schema},
          {"tool_version", report.tool_version},
          {"seed", report.seed},
          {"cases_per_statement", report.cases},
          {"theory", {{"path", report.theory_path}, {"fingerprint", report.theory_fingerprint}}},
          {"precision_ladder_bits", report.ladder_bits},
          {"complete", report.complete},
          {"statements", statements}};
}

}  // namespace sinkcheck
