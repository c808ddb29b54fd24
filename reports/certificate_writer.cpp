// certificates.json: the exact certificates behind a run's verdicts, beside
// report.json (docs/report-schema.md, "certificates.json"). Deterministic like
// the report: the same seed and theory give the same bytes.
#include "reports/writers.hpp"

namespace sinkcheck {

namespace {

nlohmann::json stored_case(const CaseRecord& c, const std::string& reading) {
  nlohmann::json j = {{"case", c.case_index}, {"case_seed", c.case_seed}, {"claim", c.claim}};
  if (!reading.empty()) j["reading"] = reading;
  j["inputs"] = c.inputs;
  j["certificate"] = c.certificate;
  return j;
}

}  // namespace

nlohmann::json certificates_json(const RunReport& report) {
  nlohmann::json statements = nlohmann::json::array();
  for (const StatementResult& s : report.statements) {
    nlohmann::json counterexamples = nlohmann::json::array(), undecided = nlohmann::json::array();
    auto add = [&](const StatementResult& r, const std::string& reading) {
      for (const CaseRecord& c : r.counterexample_cases)
        if (!c.certificate.is_null()) counterexamples.push_back(stored_case(c, reading));
      for (const CaseRecord& c : r.undecided_cases)
        if (!c.certificate.is_null()) undecided.push_back(stored_case(c, reading));
    };
    add(s, "");
    for (const StatementResult& other : s.other_readings) add(other, other.reading);
    statements.push_back({{"id", s.id},
                          {"cases", s.case_certificates},
                          {"counterexample_cases", counterexamples},
                          {"undecided_cases", undecided},
                          {"statement_certificates", s.statement_certificates}});
  }
  return {{"schema", "sinkcheck-certificates/1"},
          {"tool_version", report.tool_version},
          {"seed", report.seed},
          {"theory", {{"path", report.theory_path}, {"fingerprint", report.theory_fingerprint}}},
          {"complete", report.complete},
          {"statements", statements}};
}

void write_certificates(const std::string& directory, const RunReport& report) {
  write_file_atomically_in(directory, "certificates.json", certificates_json(report).dump() + "\n");
}

}  // namespace sinkcheck
