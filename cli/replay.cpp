#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <optional>

#include "cli/ci_output.hpp"
#include "engine/bounded_json.hpp"
#include "cli/commands.hpp"
#include "engine/driver.hpp"
#include "reports/writers.hpp"
#include "verify/bounded_read.hpp"
#include "verify/input_limits.hpp"

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

// The stored case index as printed; a report edited to hold something else
// there is still named, never converted (a float far out of range would be
// undefined behaviour in an integer conversion).
std::string case_label(const nlohmann::json& c) {
  const auto it = c.find("case");
  if (it != c.end() && it->is_number_unsigned()) return std::to_string(it->get<std::uint64_t>());
  return "?";
}

// A shipped statement, or one the run's theory file declared over a model
// (read from the path the report records, if it is still the same file).
StatementPtr statement_of_report(const nlohmann::json& report, const std::string& id, const std::string& report_path) {
  if (const StatementPtr shipped = find_statement(id)) return shipped;
  const nlohmann::json theory_record = report.value("theory", nlohmann::json::object());
  const std::string theory_path = theory_record.value("path", "");
  if (theory_path.empty()) throw UsageError(report_path + ": unknown statement '" + id + "'");
  const Theory theory = load_theory_file(theory_path);
  if (fingerprint(theory.text) != theory_record.value("fingerprint", ""))
    throw UsageError(report_path + ": statement '" + id + "' is declared in " + theory_path +
                     ", which changed since the run (fingerprint " + fingerprint(theory.text) + ")");
  const StatementPtr declared = find_statement(id, theory);
  if (!declared) throw UsageError(report_path + ": unknown statement '" + id + "'");
  return declared;
}

}  // namespace

int replay_command(const std::string& report_path, const ReplaySettings& settings, std::ostream& out) {
  std::string text;
  try {
    text = read_file_bounded(report_path, limits::report_file_bytes, "a report");
  } catch (const InputFileError& e) {
    throw UsageError(report_path + ": " + e.what());
  }
  return replay_report(text, report_path, settings, out);
}

int replay_report(const std::string& text, const std::string& report_path, const ReplaySettings& settings,
                  std::ostream& out) {
  nlohmann::json report;
  try {
    report = parse_json_bounded(text.data(), text.data() + text.size(), limits::json_nesting);
  } catch (const JsonInputError& e) {
    throw UsageError(report_path + ": " + e.what());
  }
  const PrecisionPolicy policy = policy_up_to(settings.max_bits);
  std::optional<Theory> theory;
  if (!settings.theory_path.empty()) theory = load_theory_file(settings.theory_path);

  // Read every stored case first (errors in the file surface in file order),
  // then re-decide them on the driver's threads, then print in file order.
  struct StoredCase {
    std::string id, reading;
    StatementPtr statement;
    StatementTheory theory;  // the one claim, as stored
    nlohmann::json inputs;
    std::string claim_name;  // as stored (under --theory the claim may be gone)
    std::string label;  // the stored case index, as printed
    bool closest = false;  // a claim's closest approach (shown, not counted as a counterexample)
  };
  std::vector<StoredCase> stored;
  try {
    // Schema 1 differs only in how case_seed is written, which replay does not read.
    if (!report.is_object() || !report.contains("schema") ||
        (report.at("schema") != RunReport::schema && report.at("schema") != "sinkcheck-report/1"))
      throw UsageError(report_path + ": not a sinkcheck report (schema " + std::string(RunReport::schema) + ")");
    // An object's values would iterate as well: only the list a report has is one.
    if (!report.contains("statements") || !report.at("statements").is_array())
      throw UsageError(report_path + ": malformed report: statements: expected an array");
    for (const auto& s : report.at("statements")) {
      const std::string id = s.at("id").get<std::string>();
      const StatementPtr statement = statement_of_report(report, id, report_path);
      // The selected reading's cases, then those of the readings not selected.
      std::vector<std::pair<std::string, nlohmann::json>> cases;
      for (const auto& c : s.at("counterexample_cases")) cases.emplace_back("", c);
      for (const auto& other : s.value("other_readings", nlohmann::json::array()))
        for (const auto& c : other.at("counterexample_cases"))
          cases.emplace_back(other.at("reading").get<std::string>(), c);
      // Closest approaches of the claims that held (inputs stored).
      std::vector<std::size_t> closest_flags;
      auto closest_of = [&](const nlohmann::json& result, const std::string& reading) {
        for (const auto& claim : result.value("claims", nlohmann::json::array()))
          if (claim.contains("closest_approach") && claim.value("counterexamples", 0) == 0 &&
              !claim.at("closest_approach").at("inputs").is_null()) {
            nlohmann::json c = claim.at("closest_approach");
            c["claim"] = claim.at("name");
            cases.emplace_back(reading, c);
            closest_flags.push_back(cases.size() - 1);
          }
      };
      if (!theory) {  // under --theory only the counterexamples count
        closest_of(s, "");
        for (const auto& other : s.value("other_readings", nlohmann::json::array()))
          closest_of(other, other.at("reading").get<std::string>());
      }
      for (std::size_t n = 0; n < cases.size(); ++n) {
        const auto& [reading, c] = cases[n];
        ClaimTheory claim;
        claim.name = c.at("claim").get<std::string>();
        try {
          claim.assume = split_assumptions(c.at("assume").get<std::string>(), statement->info().variables);
          claim.holds = Relation::parse(c.at("relation").get<std::string>(), statement->info().variables);
        } catch (const FormulaError& e) {
          throw UsageError(report_path + ": " + id + " claim '" + claim.name + "': " + e.what());
        }
        StoredCase one{id, reading, statement, StatementTheory{}, c.at("inputs"), claim.name, case_label(c),
                       std::find(closest_flags.begin(), closest_flags.end(), n) != closest_flags.end()};
        one.theory.id = id;
        one.theory.claims = {claim};
        if (theory) {  // the file's claim of that name, or none: removed
          const ClaimTheory* now = find_claim(*theory, id, reading, claim.name);
          one.theory.claims.clear();
          if (now) one.theory.claims = {*now};
        }
        stored.push_back(std::move(one));
      }
    }
  } catch (const nlohmann::json::exception& e) {
    throw UsageError(report_path + ": malformed report: " + e.what());
  }

  std::vector<std::optional<InputsDecision>> decisions(stored.size());
  std::vector<ClaimSlack> slacks(stored.size());
  std::vector<std::string> errors(stored.size());
  // Valid inputs whose quantities cannot be certified (a solver that gives
  // up, a work budget): that case is named and not reproduced; the others go on.
  std::vector<std::string> uncertified(stored.size());
  run_tasks(stored.size(), settings.jobs, [&](std::size_t i) {
    if (stored[i].theory.claims.empty()) return;  // the claim is no longer in --theory's file
    try {
      const ClaimTheory& claim = stored[i].theory.claims.front();
      decisions[i] = stored[i].statement->decide_inputs(stored[i].inputs, claim, policy);
      if (stored[i].closest) slacks[i] = stored[i].statement->slack_at(stored[i].inputs, claim);
    } catch (const std::invalid_argument& e) {
      errors[i] = e.what();
    } catch (const nlohmann::json::exception& e) {
      errors[i] = std::string("malformed inputs: ") + e.what();
    } catch (const std::exception& e) {
      uncertified[i] = e.what();
    }
  });
  for (std::size_t i = 0; i < stored.size(); ++i)
    if (!errors[i].empty())
      throw UsageError(report_path + ": " + stored[i].id + " case " + stored[i].label + ": " + errors[i]);

  std::vector<JunitCase> testcases;
  std::size_t reproduced = 0, counterexamples = 0, closest = 0, fixed = 0;
  for (std::size_t i = 0; i < stored.size(); ++i) {
    const StoredCase& c = stored[i];
    const std::string where = c.id + (c.reading.empty() ? "" : " (reading '" + c.reading + "')");
    if (!uncertified[i].empty()) {
      ++(c.closest ? closest : counterexamples);
      out << where << " case " << c.label << " \"" << c.claim_name << "\": NOT reproduced: could not be certified ("
          << uncertified[i] << ")\n";
      continue;
    }
    if (c.closest) {
      const Decision& d = decisions[i]->decision;
      ++closest;
      const RelationSlack& r = slacks[i].claim;
      out << where << " closest approach to \"" << c.theory.claims.front().name << "\": " << to_string(d.verdict) << " ["
          << d.stage << "], slack " << fmt::format("{:.3g}", r.slack);
      if (r.ratio) out << ", " << ratio_sides(c.theory.claims.front().holds.op()) << " = " << fmt::format("{:.6g}", *r.ratio);
      out << "\n";
      continue;
    }
    ++counterexamples;
    JunitCase t;
    t.classname = c.id;
    t.name = c.claim_name + " (case " + c.label + ")";
    if (!decisions[i]) {  // --theory: the claim was removed
      ++fixed;
      out << where << " case " << c.label << " \"" << c.claim_name << "\": fixed: the claim is not in "
          << settings.theory_path << "\n";
      testcases.push_back(std::move(t));
      continue;
    }
    const Decision& d = decisions[i]->decision;
    const ClaimTheory& claim = c.theory.claims.front();
    t.file = claim.holds_where.file;
    t.line = claim.holds_where.line;
    const bool refutes = d.verdict == Verdict::Counterexample;
    reproduced += refutes;
    std::string outcome;
    if (!theory) outcome = refutes ? "counterexample reproduced" : std::string("NOT reproduced: ") + to_string(d.verdict);
    else if (refutes) outcome = "still failing";
    else if (d.verdict == Verdict::Holds) outcome = "fixed: the claim holds here";
    else if (d.verdict == Verdict::Vacuous) outcome = "fixed: its assumptions now exclude this case";
    else outcome = "undecided";
    fixed += theory && (d.verdict == Verdict::Holds || d.verdict == Verdict::Vacuous);
    out << where << " case " << c.label << " \"" << c.claim_name << "\": " << outcome << " [" << d.stage << "]\n";
    if (refutes) {
      const CaseRecord& shown = decisions[i]->record;
      t.outcome = JunitCase::Outcome::Failed;
      t.message = "counterexample to \"" + claim.name + "\": " + shown.relation + " [" + d.stage + "]";
      t.detail = short_inputs(shown.inputs) + "\n";
      for (const std::string& line : falsifying_lines(shown)) {
        t.detail += line + "\n";
        if (theory) out << "    " << line << "\n";
      }
    } else if (!theory) {
      t.outcome = JunitCase::Outcome::Failed;
      t.message = std::string("not reproduced: ") + to_string(d.verdict) + " [" + d.stage + "]";
    }
    testcases.push_back(std::move(t));
  }
  write_ci_output("replay", testcases, settings.junit_path, out);
  if (theory) {
    out << counterexamples << " counterexamples re-decided under " << settings.theory_path << ": " << reproduced
        << " still failing, " << fixed << " fixed, " << counterexamples - reproduced - fixed << " undecided\n";
    return reproduced == 0 ? 0 : 1;
  }
  out << counterexamples << " counterexamples replayed, " << reproduced << " reproduced";
  if (closest) out << "; " << closest << " closest approaches shown";
  out << "\n";
  return reproduced == counterexamples ? 0 : 1;
}

}  // namespace sinkcheck
