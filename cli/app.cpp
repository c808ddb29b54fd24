#include "cli/app.hpp"

#include <unistd.h>

#include <atomic>
#include <csignal>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/commands.hpp"
#include "propositions/registry.hpp"
#include "reports/writers.hpp"

namespace sinkcheck {

namespace {

constexpr const char* kVersion = "0.1.0";

// Set by SIGINT/SIGTERM: the run finishes the current case, writes a partial
// report (complete: false) and exits 130.
std::atomic<bool> stop_signal{false};
extern "C" void request_stop(int) { stop_signal = true; }

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

PrecisionPolicy policy_up_to(unsigned max_bits) {
  PrecisionPolicy p;
  p.ladder_bits.clear();
  for (unsigned b = 128; b <= max_bits; b *= 2) p.ladder_bits.push_back(b);
  if (p.ladder_bits.empty()) throw UsageError("--max-bits must be at least 128");
  return p;
}

// Progress on stderr: a live counter on a terminal, a line per 25% otherwise.
std::function<void(std::size_t, std::size_t)> progress_printer(const std::string& id, std::ostream& err) {
  const bool tty = ::isatty(2);
  auto last = std::make_shared<std::size_t>(0);
  return [id, tty, last, &err](std::size_t done, std::size_t total) {
    if (tty) {
      if (done == total || done % 10 == 0) err << "\r  " << id << " " << done << "/" << total << std::flush;
      if (done == total) err << "\r" << std::string(id.size() + 24, ' ') << "\r" << std::flush;
    } else if (total >= 200 && done * 4 / total > *last && done != total) {
      *last = done * 4 / total;
      err << "  " << id << ": " << done << "/" << total << " cases\n" << std::flush;
    }
  };
}

Theory load(const std::string& path) { return load_theory(path, statement_variables()); }

int check_command(const std::vector<std::string>& patterns, std::size_t cases, std::uint64_t seed,
                  const std::string& theory_path, const std::string& report_dir, bool strict, unsigned max_bits,
                  std::ostream& out, std::ostream& err) {
  const PrecisionPolicy policy = policy_up_to(max_bits);
  const Theory theory = load(theory_path);
  const std::vector<StatementPtr> selected = select_statements(patterns);

  RunReport report;
  report.tool_version = kVersion;
  report.seed = seed;
  report.cases = cases;
  report.theory_path = theory_path;
  report.theory_fingerprint = fingerprint(theory.text);
  report.ladder_bits = policy.ladder_bits;

  // A report exists from the first moment: an interrupted run always leaves one.
  write_report(report_dir, report);
  stop_signal = false;
  std::signal(SIGINT, request_stop);
  std::signal(SIGTERM, request_stop);

  print_table_header(out);
  bool counterexample = false, undecided = false;
  for (const StatementPtr& statement : selected) {
    if (stop_signal) break;
    const StatementTheory* st = theory.find(statement->info().id);
    if (!st) {
      out << statement->info().id << ": not in the theory file, skipped\n";
      continue;
    }
    RunOptions options;
    options.cases = cases;
    options.seed = seed;
    options.policy = policy;
    options.progress = progress_printer(statement->info().id, err);
    options.stop_requested = [] { return stop_signal.load(); };
    const auto start = std::chrono::steady_clock::now();
    StatementResult result = statement->run(*st, theory.domain(statement->info().id.substr(0, statement->info().id.find('.'))), options);
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    print_table(out, result);
    counterexample |= result.verdict() == Verdict::Counterexample;
    undecided |= result.undecided > 0;
    report.statements.push_back(std::move(result));
    // Rewritten after every statement: an interrupted run leaves a valid partial report.
    write_report(report_dir, report);
  }
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  report.complete = !stop_signal;
  write_report(report_dir, report);
  out << "report: " << report_dir << "/report.json, " << report_dir << "/report.md"
      << (report.complete ? "" : " (partial: interrupted)") << "\n";
  if (!report.complete) return 130;
  if (counterexample) return 1;
  if (undecided && strict) {
    out << "undecided cases found and --strict given\n";
    return 1;
  }
  return 0;
}

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
  for (const auto& s : report.at("statements")) {
    const std::string id = s.at("id").get<std::string>();
    const StatementPtr statement = find_statement(id);
    if (!statement) throw UsageError(report_path + ": unknown statement '" + id + "'");
    // The selected reading's cases, then those of the readings not selected.
    std::vector<std::pair<std::string, nlohmann::json>> cases;
    for (const auto& c : s.at("counterexample_cases")) cases.emplace_back("", c);
    for (const auto& other : s.value("other_readings", nlohmann::json::array()))
      for (const auto& c : other.at("counterexample_cases")) cases.emplace_back(other.at("reading").get<std::string>(), c);
    for (const auto& [reading, c] : cases) {
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
      out << id << (reading.empty() ? "" : " (reading '" + reading + "')") << " case " << c.value("case", 0) << " \""
          << claim.name << "\": "
          << (same ? "counterexample reproduced" : std::string("NOT reproduced: ") + to_string(decisions.front().verdict))
          << " [" << decisions.front().stage << "]\n";
    }
  }
  out << replayed << " counterexamples replayed, " << reproduced << " reproduced\n";
  return reproduced == replayed ? 0 : 1;
}

}  // namespace

int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"sinkcheck: a proof-regression suite for attention sinks and diagonal patterns"};
  app.require_subcommand(1);
  app.set_version_flag("--version", kVersion);

  CLI::App* list = app.add_subcommand("list", "print the statement ids");
  bool show_variables = false;
  list->add_flag("--variables", show_variables, "also list each statement's quantities");

  CLI::App* check = app.add_subcommand("check", "check statements against the theory file");
  std::vector<std::string> patterns;
  std::size_t cases = 200;
  std::uint64_t seed = 1;
  std::string theory_path = default_theory_path();
  std::string report_dir = "sinkcheck-report";
  bool strict = false;
  unsigned max_bits = 32768;
  check->add_option("statements", patterns, "ids or glob patterns (P2.b, 'P2.*', all)")->required();
  check->add_option("--cases", cases, "cases per statement")->check(CLI::Range(1, 100000000));
  check->add_option("--seed", seed, "run seed; the same seed gives the same report");
  check->add_option("--theory", theory_path, "theory file (TOML)");
  check->add_option("--report", report_dir, "folder for report.json and report.md");
  check->add_flag("--strict", strict, "fail on undecided cases too");
  check->add_option("--max-bits", max_bits, "precision cap of the interval ladder")->check(CLI::Range(128u, 1u << 20));

  CLI::App* replay = app.add_subcommand("replay", "re-run every counterexample of a report from its exact inputs");
  std::string replay_path;
  replay->add_option("report", replay_path, "report.json")->required();
  replay->add_option("--max-bits", max_bits, "precision cap of the interval ladder");

  CLI::App* symbolic = app.add_subcommand(
      "symbolic", "prove P3's equality claims as identities for symbolic matrices (GiNaC)");
  std::vector<unsigned> sizes{2, 3};
  symbolic->add_option("--sizes", sizes, "matrix sizes, e.g. 2,3")->delimiter(',')->check(CLI::Range(1u, 6u));
  symbolic->add_option("--theory", theory_path, "theory file (TOML)");

  CLI::App* heads = app.add_subcommand(
      "heads", "classify measured heads (beta, B, W) red / blue / grey as in the paper's Figure 8, with certified signs");
  std::string heads_path;
  bool no_exact = false;
  heads->add_option("file", heads_path, "safetensors file with beta [H], B [H, d, d], W [H, d, d]")->required();
  heads->add_option("--max-bits", max_bits, "precision cap of the interval ladder")->check(CLI::Range(128u, 1u << 20));
  heads->add_flag("--no-exact", no_exact, "no exact stage: signs the intervals cannot tell stay undecided");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    out << app.help();
    return 0;
  } catch (const CLI::CallForVersion& e) {
    out << kVersion << "\n";
    return 0;
  } catch (const CLI::ParseError& e) {
    err << "sinkcheck: " << e.what() << "\n";
    return 2;
  }

  try {
    if (list->parsed()) {
      for (const auto& s : all_statements()) {
        out << s->info().id << "  " << s->info().title << "  [" << s->info().provenance << "]\n";
        if (show_variables)
          for (const Variable& v : s->info().variables)
            out << "    " << v.name << (v.is_vector ? " (vector)" : "") << ": " << v.meaning << "\n";
      }
      return 0;
    }
    if (check->parsed())
      return check_command(patterns, cases, seed, theory_path, report_dir, strict, max_bits, out, err);
    if (replay->parsed()) return replay_command(replay_path, max_bits, out);
    if (symbolic->parsed()) return symbolic_command(theory_path, sizes, out);
    if (heads->parsed()) {
      PrecisionPolicy policy = policy_up_to(max_bits);
      policy.use_exact = !no_exact;
      return heads_command(heads_path, policy, out);
    }
  } catch (const TheoryError& e) {
    err << e.what() << "\n";
    return 2;
  } catch (const UsageError& e) {
    err << "sinkcheck: " << e.what() << "\n";
    return 2;
  } catch (const std::invalid_argument& e) {
    err << "sinkcheck: " << e.what() << "\n";
    return 2;
  }
  return 2;
}

}  // namespace sinkcheck
