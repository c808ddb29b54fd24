#include <unistd.h>

#include <chrono>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/run_output.hpp"
#include "cli/stop_signal.hpp"
#include "engine/driver.hpp"
#include "reports/report_lock.hpp"
#include "reports/writers.hpp"

namespace sinkcheck {

namespace {

constexpr const char* kVersion = "0.1.0";
// With --time the budget is the clock; this only bounds the case index.
constexpr std::size_t kMaxCasesPerStatement = 1000000000;

// Progress on stderr: a live counter on a terminal, a line per 25% otherwise.
std::function<void(std::size_t, std::size_t)> progress_printer(const std::string& id, std::ostream& err) {
  const bool tty = ::isatty(2);
  auto last = std::make_shared<std::size_t>(0);
  return [id, tty, last, &err](std::size_t done, std::size_t total) {
    if (total == 0) return;
    if (tty) {
      // Every new percent: the case loop reports per batch, an MPI run per chunk.
      if (done == total || done * 100 / total != *last) err << "\r  " << id << " " << done << "/" << total << std::flush;
      *last = done * 100 / total;
      if (done == total) err << "\r" << std::string(id.size() + 24, ' ') << "\r" << std::flush;
    } else if (total >= 200 && done * 4 / total > *last && done != total) {
      *last = done * 4 / total;
      err << "  " << id << ": " << done << "/" << total << " cases\n" << std::flush;
    }
  };
}

}  // namespace

std::string proposition_of(const std::string& id) { return id.substr(0, id.find('.')); }

std::size_t cases_for(const CheckSettings& settings, const DomainTable& domain) {
  if (settings.cases_given || !domain.entries().count("default_cases")) return settings.cases;
  return std::size_t(domain.integer("default_cases", long(settings.cases), 1, 100000000));
}

PrecisionPolicy policy_up_to(unsigned max_bits) {
  PrecisionPolicy p;
  p.ladder_bits.clear();
  if (max_bits > (1u << 20)) throw UsageError("--max-bits must be at most 1048576");
  for (unsigned b = 128; b <= max_bits; b *= 2) p.ladder_bits.push_back(b);
  if (p.ladder_bits.empty()) throw UsageError("--max-bits must be at least 128");
  return p;
}

Theory load_theory_file(const std::string& path) { return load_theory(path, statement_variables()); }

RunReport run_checks(const std::vector<StatementPtr>& statements, const Theory& theory, const CheckSettings& settings,
                     std::ostream& out, std::ostream& err) {
  const PrecisionPolicy policy = policy_up_to(settings.max_bits);
  RunReport report;
  report.tool_version = kVersion;
  report.seed = settings.seed;
  report.cases = settings.cases;
  report.theory_path = theory.path;
  report.theory_fingerprint = fingerprint(theory.text);
  report.ladder_bits = policy.ladder_bits;
  report.targeted_share = settings.targeted_share;

  // Bad parameter domains are input errors: find them before any work.
  std::vector<Job> jobs;
  for (const StatementPtr& statement : statements) {
    const std::string& id = statement->info().id;
    const StatementTheory* st = theory.find(id);
    if (!st) {
      out << id << ": not in the theory file, skipped\n";
      continue;
    }
    const DomainTable domain = theory.domain(proposition_of(id));
    statement->check_domain(domain);
    Job job{statement, *st, domain, RunOptions{}, std::nullopt};
    job.options.cases = settings.time_seconds ? kMaxCasesPerStatement : cases_for(settings, domain);
    job.options.seed = settings.seed;
    job.options.targeted_share = settings.targeted_share;
    job.options.policy = policy;
    job.options.progress = progress_printer(id, err);
    job.options.stop_requested = [] { return StopOnSignal::requested(); };
    job.options.certificates = settings.certificates;
    if (settings.shard) {  // the same case indices as in the whole run, so the parts merge to it
      // Over the random cases: the targeted phase runs once, in merge.
      job.options.targeted_share = settled_targeted_share(*st, job.options.targeted_share);
      const CaseRange range = shard_range(*settings.shard, job.options.random_cases());
      job.options.first_case = range.first;
      job.options.end_case = range.end;
      job.options.defer_targeted = true;
    }
    jobs.push_back(std::move(job));
  }
  // --time: the time is shared equally by the selected statements.
  if (settings.time_seconds)
    for (Job& job : jobs) job.time_budget = std::chrono::duration<double>(*settings.time_seconds / double(jobs.size()));

  // One run per folder (a second one stops here, exit 2); then a report
  // exists from the first moment: an interrupted run always leaves one.
  const ReportFolderLock folder_lock(settings.report_dir);
  RunOutput output(settings, jobs);
  output.start(report);
  if (settings.shard)
    out << "shard " << settings.shard->str() << ": part " << settings.shard->index << " of every statement's cases; "
        << "merge the " << settings.shard->count << " shards with `sinkcheck merge`\n";
  bool stopped = false;
  {
    const StopOnSignal stop;  // SIGINT/SIGTERM: a partial report, exit 130
    print_table_header(out);
    DriverSettings driver;
    driver.jobs = settings.jobs;
    run_jobs(jobs, driver, [&](std::size_t, const StatementResult& result) {
      print_table(out, result);
      report.statements.push_back(result);
      output.update(report);
    });
    stopped = StopOnSignal::requested();
  }
  report.complete = !stopped && report.statements.size() == jobs.size();
  if (settings.time_seconds) {
    // The budget was time: the cases reached are the record of this run.
    std::size_t reached = 0;
    for (const StatementResult& r : report.statements) reached += r.cases;
    out << "time budget " << *settings.time_seconds << " s: " << reached << " cases in all\n";
  }
  output.finish(report);
  out << (settings.shard ? "shard record: " : "report: ") << output.files()
      << (report.complete ? "" : " (partial: interrupted)") << "\n";
  return report;
}

int exit_code(const RunReport& report, bool strict, std::ostream& out) {
  if (!report.complete) return 130;
  bool counterexample = false, undecided = false;
  for (const StatementResult& s : report.statements) {
    counterexample |= s.verdict() == Verdict::Counterexample;
    undecided |= s.undecided > 0;
  }
  if (counterexample) return 1;
  if (undecided && strict) {
    out << "undecided cases found and --strict given\n";
    return 1;
  }
  return 0;
}

int check_command(const std::vector<std::string>& patterns, const std::string& theory_path,
                  const CheckSettings& settings, std::ostream& out, std::ostream& err) {
  const Theory theory = load_theory_file(theory_path);
  const RunReport report = run_checks(select_statements(patterns), theory, settings, out, err);
  if (settings.shard) {
    // A shard's counterexamples fail the merge, not the shard: a scheduler
    // would otherwise retry the shard or skip the merge.
    if (!report.complete) return 130;
    out << "shard " << settings.shard->str() << " complete; the verdict is the merged report's\n";
    return 0;
  }
  return exit_code(report, settings.strict, out);
}

}  // namespace sinkcheck
