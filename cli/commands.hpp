#pragma once
// The sinkcheck subcommands, one file each; app.cpp parses and dispatches.
#include <cstdint>
#include <iosfwd>
#include <stdexcept>
#include <string>
#include <vector>

#include "propositions/registry.hpp"
#include "reports/report.hpp"

namespace sinkcheck {

// A usage or input error: exit code 2, message on stderr.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct CheckSettings {
  std::size_t cases = 200;
  std::uint64_t seed = 1;
  unsigned max_bits = 32768;
  std::string report_dir = "sinkcheck-report";
  bool strict = false;
};

PrecisionPolicy policy_up_to(unsigned max_bits);
Theory load_theory_file(const std::string& path);

// Runs the statements against the theory: the console table, progress on
// `err`, the report rewritten after every statement. Stops early (and marks
// the report incomplete) on SIGINT/SIGTERM.
RunReport run_checks(const std::vector<StatementPtr>& statements, const Theory& theory, const CheckSettings& settings,
                     std::ostream& out, std::ostream& err);

// 0 no counterexample, 1 counterexample (or undecided with strict), 130 interrupted.
int exit_code(const RunReport& report, bool strict, std::ostream& out);

int check_command(const std::vector<std::string>& patterns, const std::string& theory_path,
                  const CheckSettings& settings, std::ostream& out, std::ostream& err);
int replay_command(const std::string& report_path, unsigned max_bits, std::ostream& out);
int gate_command(const std::string& theory_path, const std::string& base_path, const CheckSettings& settings,
                 std::ostream& out, std::ostream& err);
int mutate_command(const std::vector<std::string>& patterns, const std::string& theory_path,
                   const CheckSettings& settings, std::ostream& out, std::ostream& err);

}  // namespace sinkcheck
