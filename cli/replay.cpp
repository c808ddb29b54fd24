#include <fstream>
#include <iostream>

#include "cli/commands.hpp"

namespace sinkcheck {

namespace {

std::vector<Relation> split_assumptions(const std::string& text, const std::vector<Variable>& variables) {
  std::vector<Relation> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find("; ", start);
    out.push_back(Relation::parse(text.substr(start, end == std::string::npos ? std::string::npos : end - start), variables));
    if (end == std::string::npos) break;
    start = end + 2;
  }
  return out;
}

}  // namespace

int replay_command(const std::string& report_path, unsigned max_bits, std::ostream& out) {
  std::ifstream in(report_path);
  if (!in) throw UsageError(report_path + ": cannot open");
  nlohmann::json report;
  try {
    report = nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    throw UsageError(report_path + ": not valid JSON: " + e.what());
  }
  if (!report.is_object() || report.value("schema", "") != RunReport::schema)
    throw UsageError(report_path + ": not a sinkcheck report (schema " + std::string(RunReport::schema) + ")");
  const PrecisionPolicy policy = policy_up_to(max_bits);
  std::size_t replayed = 0, reproduced = 0;
  try {
    for (const auto& s : report.at("statements")) {
      const std::string id = s.at("id").get<std::string>();
      const StatementPtr statement = find_statement(id);
      if (!statement) throw UsageError(report_path + ": unknown statement '" + id + "'");
      for (const auto& c : s.at("counterexample_cases")) {
        ClaimTheory claim;
        claim.name = c.at("claim").get<std::string>();
        try {
          claim.assume = split_assumptions(c.at("assume").get<std::string>(), statement->info().variables);
          claim.holds = Relation::parse(c.at("relation").get<std::string>(), statement->info().variables);
        } catch (const FormulaError& e) {
          throw UsageError(report_path + ": " + id + " claim '" + claim.name + "': " + e.what());
        }
        StatementTheory theory;
        theory.id = id;
        theory.claims = {claim};
        std::vector<Decision> decisions;
        try {
          decisions = statement->replay(c.at("inputs"), theory, policy);
        } catch (const std::invalid_argument& e) {
          throw UsageError(report_path + ": " + id + " case " + std::to_string(c.value("case", 0)) + ": " + e.what());
        }
        ++replayed;
        const bool same = decisions.front().verdict == Verdict::Counterexample;
        reproduced += same;
        out << id << " case " << c.value("case", 0) << " \"" << claim.name << "\": "
            << (same ? "counterexample reproduced" : std::string("NOT reproduced: ") + to_string(decisions.front().verdict))
            << " [" << decisions.front().stage << "]\n";
      }
    }
  } catch (const nlohmann::json::exception& e) {
    throw UsageError(report_path + ": malformed report: " + e.what());
  }
  out << replayed << " counterexamples replayed, " << reproduced << " reproduced\n";
  return reproduced == replayed ? 0 : 1;
}

}  // namespace sinkcheck
