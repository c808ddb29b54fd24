#pragma once
// What CI reads besides the exit code: JUnit XML (--junit FILE) and, under
// GitHub Actions (GITHUB_ACTIONS=true), an `::error file=…,line=…::`
// annotation on each failing claim's theory line (`::warning` for a vacuous
// one) and a job summary appended to $GITHUB_STEP_SUMMARY.
#include <iosfwd>
#include <string>
#include <vector>

#include "reports/junit.hpp"

namespace sinkcheck {

// `command` names the suite ("check", "gate", …). Annotations go to `out`
// (the runner reads workflow commands from standard output).
void write_ci_output(const std::string& command, const std::vector<JunitCase>& cases, const std::string& junit_path,
                     std::ostream& out);

}  // namespace sinkcheck
