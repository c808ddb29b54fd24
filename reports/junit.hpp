#pragma once
// JUnit XML for CI dashboards (`--junit FILE`): one testcase per claim,
// classname = statement id, a failure carrying the falsifying example, a
// skipped testcase for a claim that applied to no case. The same testcases
// feed GitHub Actions' annotations and job summary (cli/ci_output.hpp).
#include <string>
#include <utility>
#include <vector>

#include "engine/results.hpp"
#include "theory/theory_file.hpp"

namespace sinkcheck {

struct JunitCase {
  enum class Outcome { Passed, Failed, Skipped };
  std::string classname;  // the statement id
  std::string name;       // the claim's name (and, for mutate, the variant)
  Outcome outcome = Outcome::Passed;
  std::string message;    // one line: why it failed or was skipped
  std::string detail;     // the falsifying example, several lines
  std::string file;       // the theory file and the claim's line, when known
  std::size_t line = 0;
  // <properties> of the testcase: name, value (prove: the proof's status and
  // its scope or reason).
  std::vector<std::pair<std::string, std::string>> properties;
};

// A claim's testcase for every claim of the report's statements (the
// selected readings'); `theory` (may be null) gives their lines. With
// `strict`, a claim with undecided cases fails too.
std::vector<JunitCase> claim_testcases(const RunReport& report, const Theory* theory, bool strict);

// <testsuites><testsuite name="sinkcheck <suite>">…</testsuite></testsuites>
std::string to_junit_xml(const std::string& suite, const std::vector<JunitCase>& cases);

// The claim of statement `id` named `name` in the theory (its reading, or
// an untagged claim); nullptr when absent.
const ClaimTheory* find_claim(const Theory& theory, const std::string& id, const std::string& reading,
                              const std::string& name);

}  // namespace sinkcheck
