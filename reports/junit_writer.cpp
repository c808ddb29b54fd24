#include <fmt/format.h>

#include <sstream>

#include "reports/junit.hpp"
#include "reports/svg.hpp"
#include "reports/writers.hpp"

namespace sinkcheck {

namespace {

// The origin, inputs and values of a stored case, as the console shows them.
std::string example_text(const CaseRecord& c) {
  std::string text = "falsifying example (" + describe_origin(c) + "):\n" + short_inputs(c.inputs) + "\n";
  for (const std::string& line : falsifying_lines(c)) text += line + "\n";
  for (const std::string& blame : c.broken_by) text += blame + "\n";
  return text;
}

const CaseRecord* first_refutation(const StatementResult& s, const std::string& claim) {
  for (const ExampleOutcome& e : s.examples)
    if (e.verdict == Verdict::Counterexample && e.record.claim == claim) return &e.record;
  for (const CaseRecord& c : s.counterexample_cases)
    if (c.claim == claim) return &c;
  return nullptr;
}

}  // namespace

const ClaimTheory* find_claim(const Theory& theory, const std::string& id, const std::string& reading,
                              const std::string& name) {
  const StatementTheory* st = theory.find(id);
  if (!st) return nullptr;
  for (const ClaimTheory& c : st->claims)
    if (c.name == name && (c.reading.empty() || c.reading == reading)) return &c;
  return nullptr;
}

std::vector<JunitCase> claim_testcases(const RunReport& report, const Theory* theory, bool strict) {
  std::vector<JunitCase> cases;
  for (const StatementResult& s : report.statements)
    for (const ClaimTally& claim : s.claims) {
      JunitCase t;
      t.classname = s.id;
      t.name = claim.name;
      if (theory)
        if (const ClaimTheory* c = find_claim(*theory, s.id, s.reading, claim.name)) {
          t.file = c->holds_where.file;
          t.line = c->holds_where.line;
        }
      if (const CaseRecord* refuted = first_refutation(s, claim.name)) {
        t.outcome = JunitCase::Outcome::Failed;
        t.message = fmt::format("counterexample to \"{}\": {} [{}]", claim.name, refuted->relation, refuted->stage);
        t.detail = example_text(*refuted);
      } else if (strict && claim.undecided > 0) {
        t.outcome = JunitCase::Outcome::Failed;
        t.message = fmt::format("undecided on {} of {} cases (--strict)", claim.undecided, s.cases);
      } else if (claim.holds == 0 && claim.undecided == 0) {
        t.outcome = JunitCase::Outcome::Skipped;
        t.message = fmt::format("vacuous: its assumptions held on none of the {} cases", s.cases);
      }
      cases.push_back(std::move(t));
    }
  return cases;
}

std::string to_junit_xml(const std::string& suite, const std::vector<JunitCase>& cases) {
  std::size_t failures = 0, skipped = 0;
  for (const JunitCase& t : cases) {
    failures += t.outcome == JunitCase::Outcome::Failed;
    skipped += t.outcome == JunitCase::Outcome::Skipped;
  }
  std::ostringstream x;
  x << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  x << fmt::format("<testsuites name=\"sinkcheck\" tests=\"{}\" failures=\"{}\" skipped=\"{}\">\n", cases.size(),
                   failures, skipped);
  x << fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">\n",
                   xml_escape("sinkcheck " + suite), cases.size(), failures, skipped);
  for (const JunitCase& t : cases) {
    x << "    <testcase classname=\"" << xml_escape(t.classname) << "\" name=\"" << xml_escape(t.name) << "\"";
    if (!t.file.empty()) x << " file=\"" << xml_escape(t.file) << "\" line=\"" << t.line << "\"";
    if (t.outcome == JunitCase::Outcome::Passed && t.properties.empty()) {
      x << "/>\n";
      continue;
    }
    x << ">\n";
    if (!t.properties.empty()) {
      x << "      <properties>\n";
      for (const auto& [name, value] : t.properties)
        x << "        <property name=\"" << xml_escape(name) << "\" value=\"" << xml_escape(value) << "\"/>\n";
      x << "      </properties>\n";
    }
    if (t.outcome == JunitCase::Outcome::Failed)
      x << "      <failure type=\"counterexample\" message=\"" << xml_escape(t.message) << "\">"
        << xml_escape(t.detail) << "</failure>\n";
    else if (t.outcome == JunitCase::Outcome::Skipped)
      x << "      <skipped message=\"" << xml_escape(t.message) << "\"/>\n";
    x << "    </testcase>\n";
  }
  x << "  </testsuite>\n</testsuites>\n";
  return x.str();
}

}  // namespace sinkcheck
