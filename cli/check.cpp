#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <memory>
#include <optional>

#include "cli/commands.hpp"
#include "cli/ci_output.hpp"
#include "cli/proved_claims.hpp"
#include "engine/claim_health.hpp"
#include "cli/run_output.hpp"
#include "cli/stored_examples.hpp"
#include "cli/stop_signal.hpp"
#include "engine/driver.hpp"
#include "reports/report_lock.hpp"
#include "reports/writers.hpp"

namespace sinkcheck {

namespace {

constexpr const char* kVersion = "0.1.0";
// With --time the budget is the clock; this only bounds the case index.
constexpr std::size_t kMaxCasesPerStatement = 1000000000;

// Progress on stderr: a live counter on a terminal, a line per 25% otherwise;
// statement k of N, the rate and the time left of this statement. The unit is
// the budget: random cases, then the targeted phase's evaluations.
std::function<void(std::size_t, std::size_t)> progress_printer(const std::string& id, std::size_t k, std::size_t n,
                                                                std::ostream& err) {
  const bool tty = ::isatty(2);
  struct State {
    std::size_t last = 0;
    std::optional<std::chrono::steady_clock::time_point> start;
  };
  auto state = std::make_shared<State>();
  const std::string label = fmt::format("[{}/{}] {}", k, n, id);
  return [label, tty, state, &err](std::size_t done, std::size_t total) {
    if (total == 0) return;
    const auto now = std::chrono::steady_clock::now();
    if (!state->start) state->start = now;
    const double seconds = std::chrono::duration<double>(now - *state->start).count();
    const double rate = seconds > 0 ? double(done) / seconds : 0;
    const std::string speed =
        rate > 0 ? fmt::format(", {:.0f}/s, about {:.0f} s left", rate, double(total - std::min(done, total)) / rate) : "";
    if (tty) {
      // Every new percent: the case loop reports per batch, an MPI run per chunk.
      if (done == total || done * 100 / total != state->last)
        err << "\r  " << label << " " << done << "/" << total << speed << "   " << std::flush;
      state->last = done * 100 / total;
      if (done == total) err << "\r" << std::string(label.size() + speed.size() + 30, ' ') << "\r" << std::flush;
    } else if (total >= 200 && done * 4 / total > state->last && done != total) {
      state->last = done * 4 / total;
      err << "  " << label << ": " << done << "/" << total << " of the budget" << speed << "\n" << std::flush;
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
                     std::ostream& out, std::ostream& err, const ResultAnnotator& annotate) {
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
  std::vector<ProvedClaims> proved;  // per job: claims with a cached proof (--prove)
  std::vector<StatementTheory> full_theories;
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
    proved.push_back(settings.prove ? cached_proofs_of(*statement, *st, domain, settings.prove_first, settings.jobs, err)
                                    : ProvedClaims{});
    full_theories.push_back(*st);
    job.theory = without_proved(*st, proved.back());
    job.options.cases = settings.time_seconds ? kMaxCasesPerStatement : cases_for(settings, domain);
    job.options.seed = settings.seed;
    job.options.targeted_share = settings.targeted_share;
    job.options.policy = policy;
    job.options.progress = progress_printer(id, jobs.size() + 1, statements.size(), err);
    job.options.stop_requested = [] { return StopOnSignal::requested(); };
    job.options.certificates = settings.certificates;
    if (settings.shard) {  // the same case indices as in the whole run, so the parts merge to it
      // Over the random cases: the targeted phase runs once, in merge.
      job.options.targeted_share = settled_targeted_share(*st, job.options.targeted_share);
      job.random_range = shard_range(*settings.shard, job.options.random_cases());
    }
    jobs.push_back(std::move(job));
  }
  // --time: the time is shared equally by the selected statements.
  if (settings.time_seconds)
    for (Job& job : jobs) job.time_budget = std::chrono::duration<double>(*settings.time_seconds / double(jobs.size()));

  // Pinned and database examples first (in a sharded run, by the first shard
  // only), before the report folder is touched: malformed pinned inputs are
  // an input error like a bad domain.
  std::optional<ExampleDatabase> database;
  if (!settings.database_dir.empty()) database.emplace(settings.database_dir);
  std::vector<std::vector<ExampleOutcome>> examples(jobs.size());
  if (!settings.shard || settings.shard->index == 1)
    for (std::size_t i = 0; i < jobs.size(); ++i)
      examples[i] = decide_examples(*jobs[i].statement, jobs[i].theory.selected(), database ? &*database : nullptr, policy);

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
    run_jobs(jobs, driver, [&](std::size_t i, const StatementResult& sampled) {
      StatementResult result = sampled;
      show_proved(result, full_theories[i], proved[i]);
      report.statements.push_back(result);
      report.statements.back().examples = std::move(examples[i]);
      if (annotate) annotate(report.statements.back());
      print_table(out, report.statements.back(), settings.verbose);
      output.update(report);
    });
    stopped = StopOnSignal::requested();
  }
  report.complete = !stopped && report.statements.size() == jobs.size();
  if (database)
    for (std::size_t i = 0; i < report.statements.size(); ++i)
      keep_counterexamples(*database, jobs[i].theory.selected(), report.statements[i]);
  if (settings.time_seconds) {
    // The budget was time: the cases reached are the record of this run.
    std::size_t reached = 0;
    for (const StatementResult& r : report.statements) reached += r.cases;
    out << "time budget " << *settings.time_seconds << " s: " << reached << " cases in all\n";
  }
  output.finish(report);
  if (settings.shard) {
    out << "shard record: " << output.files() << (report.complete ? "" : " (partial: interrupted)") << "\n";
  } else {
    print_table_legend(out);
    print_run_summary(out, report, output.files());
  }
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
  if (!strict) return 0;
  int code = 0;
  if (undecided) {
    out << "undecided cases found and --strict given\n";
    code = 1;
  }
  // A claim that applied to no case proves nothing: --strict fails on it.
  for (const StatementResult& s : report.statements)
    for (const ClaimApplication& a : claim_applications(s))
      if (a.selected && a.never_applied()) {
        out << s.id << " \"" << a.claim << "\" never applied (" << a.describe() << ") and --strict given\n";
        code = 1;
      }
  return code;
}

int check_command(const std::vector<std::string>& patterns, const std::string& theory_path,
                  const CheckSettings& settings, std::ostream& out, std::ostream& err) {
  const Theory theory = load_theory_file(theory_path);
  const RunReport report = run_checks(select_statements(patterns, theory), theory, settings, out, err);
  if (settings.shard) {
    // A shard's counterexamples fail the merge, not the shard: a scheduler
    // would otherwise retry the shard or skip the merge.
    if (!report.complete) return 130;
    out << "shard " << settings.shard->str() << " complete; the verdict is the merged report's\n";
    return 0;
  }
  write_ci_output("check", claim_testcases(report, &theory, settings.strict), settings.junit_path, out);
  return exit_code(report, settings.strict, out);
}

}  // namespace sinkcheck
