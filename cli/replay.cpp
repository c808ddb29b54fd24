#include <fmt/format.h>

#include <algorithm>
#include <iostream>

#include "engine/bounded_json.hpp"
#include "cli/commands.hpp"
#include "engine/driver.hpp"
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

}  // namespace

int replay_command(const std::string& report_path, unsigned max_bits, unsigned jobs, std::ostream& out) {
  std::string text;
  try {
    text = read_file_bounded(report_path, limits::report_file_bytes, "a report");
  } catch (const InputFileError& e) {
    throw UsageError(report_path + ": " + e.what());
  }
  return replay_report(text, report_path, max_bits, jobs, out);
}

int replay_report(const std::string& text, const std::string& report_path, unsigned max_bits, unsigned jobs,
                  std::ostream& out) {
  nlohmann::json report;
  try {
    report = parse_json_bounded(text.data(), text.data() + text.size(), limits::json_nesting);
  } catch (const JsonInputError& e) {
    throw UsageError(report_path + ": " + e.what());
  }
  const PrecisionPolicy policy = policy_up_to(max_bits);

  // Read every stored case first (errors in the file surface in file order),
  // then re-decide them on the driver's threads, then print in file order.
  struct StoredCase {
    std::string id, reading;
    StatementPtr statement;
    StatementTheory theory;  // the one claim, as stored
    nlohmann::json inputs;
    std::string label;  // the stored case index, as printed
    bool closest = false;  // a claim's closest approach (shown, not counted as a counterexample)
  };
  std::vector<StoredCase> stored;
  try {
    if (!report.is_object() || !report.contains("schema") || report.at("schema") != RunReport::schema)
      throw UsageError(report_path + ": not a sinkcheck report (schema " + std::string(RunReport::schema) + ")");
    // An object's values would iterate as well: only the list a report has is one.
    if (!report.contains("statements") || !report.at("statements").is_array())
      throw UsageError(report_path + ": malformed report: statements: expected an array");
    for (const auto& s : report.at("statements")) {
      const std::string id = s.at("id").get<std::string>();
      const StatementPtr statement = find_statement(id);
      if (!statement) throw UsageError(report_path + ": unknown statement '" + id + "'");
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
      closest_of(s, "");
      for (const auto& other : s.value("other_readings", nlohmann::json::array()))
        closest_of(other, other.at("reading").get<std::string>());
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
        StoredCase one{id, reading, statement, StatementTheory{}, c.at("inputs"), case_label(c),
                       std::find(closest_flags.begin(), closest_flags.end(), n) != closest_flags.end()};
        one.theory.id = id;
        one.theory.claims = {claim};
        stored.push_back(std::move(one));
      }
    }
  } catch (const nlohmann::json::exception& e) {
    throw UsageError(report_path + ": malformed report: " + e.what());
  }

  std::vector<std::vector<Decision>> decisions(stored.size());
  std::vector<ClaimSlack> slacks(stored.size());
  std::vector<std::string> errors(stored.size());
  // Valid inputs whose quantities cannot be certified (a solver that gives
  // up, a work budget): that case is named and not reproduced; the others go on.
  std::vector<std::string> uncertified(stored.size());
  run_tasks(stored.size(), jobs, [&](std::size_t i) {
    try {
      decisions[i] = stored[i].statement->replay(stored[i].inputs, stored[i].theory, policy);
      if (stored[i].closest) slacks[i] = stored[i].statement->slack_at(stored[i].inputs, stored[i].theory.claims.front());
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

  std::size_t reproduced = 0, counterexamples = 0, closest = 0;
  for (std::size_t i = 0; i < stored.size(); ++i) {
    const StoredCase& c = stored[i];
    const std::string named = c.id + (c.reading.empty() ? "" : " (reading '" + c.reading + "')") + " case " + c.label +
                              " \"" + c.theory.claims.front().name + "\"";
    if (!uncertified[i].empty()) {
      if (c.closest) {
        ++closest;
        out << named << " closest approach: could not be certified (" << uncertified[i] << ")\n";
      } else {
        ++counterexamples;
        out << named << ": NOT reproduced: could not be certified (" << uncertified[i] << ")\n";
      }
      continue;
    }
    const Decision& d = decisions[i].front();
    if (c.closest) {
      ++closest;
      const RelationSlack& r = slacks[i].claim;
      out << c.id << (c.reading.empty() ? "" : " (reading '" + c.reading + "')") << " closest approach to \""
          << c.theory.claims.front().name << "\": " << to_string(d.verdict) << " [" << d.stage << "], slack "
          << fmt::format("{:.3g}", r.slack);
      if (r.ratio) out << ", " << ratio_sides(c.theory.claims.front().holds.op()) << " = " << fmt::format("{:.6g}", *r.ratio);
      out << "\n";
      continue;
    }
    ++counterexamples;
    const bool same = d.verdict == Verdict::Counterexample;
    reproduced += same;
    out << named << ": "
        << (same ? "counterexample reproduced" : std::string("NOT reproduced: ") + to_string(d.verdict)) << " ["
        << d.stage << "]\n";
  }
  out << counterexamples << " counterexamples replayed, " << reproduced << " reproduced";
  if (closest) out << "; " << closest << " closest approaches shown";
  out << "\n";
  return reproduced == counterexamples ? 0 : 1;
}

}  // namespace sinkcheck
