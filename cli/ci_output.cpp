#include "cli/ci_output.hpp"

#include <cstdlib>
#include <fstream>
#include <ostream>

#include "cli/commands.hpp"
#include "reports/writers.hpp"

namespace sinkcheck {

namespace {

// Workflow-command escaping (GitHub's toolkit): the message escapes %, CR
// and LF; a property value also : and ,.
std::string escape_data(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out;
}

std::string escape_property(const std::string& s) {
  std::string out;
  for (char c : escape_data(s)) {
    if (c == ':') out += "%3A";
    else if (c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

void annotate(const std::vector<JunitCase>& cases, std::ostream& out) {
  for (const JunitCase& t : cases) {
    if (t.outcome == JunitCase::Outcome::Passed) continue;
    out << (t.outcome == JunitCase::Outcome::Failed ? "::error " : "::warning ");
    if (!t.file.empty()) out << "file=" << escape_property(t.file) << ",line=" << t.line << ",";
    out << "title=" << escape_property(t.classname + " \"" + t.name + "\"") << "::"
        << escape_data(t.detail.empty() ? t.message : t.message + "\n" + t.detail) << "\n";
  }
}

std::string table_cell(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '|' ? std::string("\\|") : c == '\n' ? std::string("<br>") : std::string(1, c);
  return out;
}

void append_summary(const std::string& command, const std::vector<JunitCase>& cases, const std::string& path) {
  std::size_t failed = 0, skipped = 0;
  for (const JunitCase& t : cases) {
    failed += t.outcome == JunitCase::Outcome::Failed;
    skipped += t.outcome == JunitCase::Outcome::Skipped;
  }
  std::ofstream summary(path, std::ios::app);
  if (!summary) throw UsageError("GITHUB_STEP_SUMMARY=" + path + ": cannot append the job summary");
  summary << "### sinkcheck " << command << ": " << (failed ? "FAILED" : "passed") << "\n\n"
          << cases.size() << " claims: " << cases.size() - failed - skipped << " passed, " << failed << " failed, "
          << skipped << " vacuous\n\n";
  if (failed + skipped == 0) return;
  summary << "| statement | claim | result |\n|---|---|---|\n";
  for (const JunitCase& t : cases)
    if (t.outcome != JunitCase::Outcome::Passed)
      summary << "| " << table_cell(t.classname) << " | " << table_cell(t.name) << " | "
              << table_cell(t.detail.empty() ? t.message : t.message + "\n" + t.detail) << " |\n";
  summary << "\n";
}

}  // namespace

void write_ci_output(const std::string& command, const std::vector<JunitCase>& cases, const std::string& junit_path,
                     std::ostream& out) {
  if (!junit_path.empty()) {
    const std::size_t slash = junit_path.rfind('/');
    write_file_atomically_in(slash == std::string::npos ? "." : junit_path.substr(0, slash),
                             junit_path.substr(slash == std::string::npos ? 0 : slash + 1), to_junit_xml(command, cases));
  }
  const char* actions = std::getenv("GITHUB_ACTIONS");
  if (!actions || std::string(actions) != "true") return;
  annotate(cases, out);
  if (const char* summary = std::getenv("GITHUB_STEP_SUMMARY"); summary && *summary) append_summary(command, cases, summary);
}

}  // namespace sinkcheck
