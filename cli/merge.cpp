#include <algorithm>
#include <filesystem>
#include <iostream>
#include <optional>

#include "cli/commands.hpp"
#include "cli/stop_signal.hpp"
#include "engine/parallel.hpp"
#include "propositions/registry.hpp"
#include "reports/report_lock.hpp"
#include "reports/shard_merge.hpp"
#include "reports/writers.hpp"

namespace sinkcheck {

// The shards of one run, each a folder a scheduler's task wrote with
// `check --shard I/N`, into the report that run would have written in one
// process: byte for byte the same report.json and report.md.
namespace {

bool has_search_starts(const StatementResult& s) {
  if (!s.search_starts.empty()) return true;
  for (const StatementResult& other : s.other_readings)
    if (!other.search_starts.empty()) return true;
  return false;
}

// The merged shards hold every random case's ledger; the run is finished
// here, statement by statement, as one process finishes it after its random
// cases (Statement::finish): the targeted phase from the merged starts (it
// needs the theory file), the cap on stored counterexamples. So the merged
// report is the one run's, for any number of shards.
void finish_statements(RunReport& report, const ShardFile& record, const std::string& theory_path,
                       const CheckSettings& settings, std::ostream& out) {
  std::optional<Theory> theory;
  const std::string path = theory_path.empty() ? report.theory_path : theory_path;
  if (std::any_of(report.statements.begin(), report.statements.end(), has_search_starts)) {
    theory = load_theory_file(path);
    if (fingerprint(theory->text) != report.theory_fingerprint)
      throw UsageError(path + ": not the theory file the shards ran (fingerprint " + fingerprint(theory->text) +
                       ", the shards' " + report.theory_fingerprint + "); give that file with --theory");
  }
  PrecisionPolicy policy;
  policy.ladder_bits = report.ladder_bits;
  with_thread_pool(settings.jobs, [&] {
    for (std::size_t i = 0; i < report.statements.size(); ++i) {
      StatementResult& result = report.statements[i];
      StatementLedger ledger = StatementLedger::from_part(result);
      if (!has_search_starts(result)) {  // no case to search from: nothing needs the theory
        ledger.close_random_phase(record.counterexamples_kept);
        result = ledger.result();
        continue;
      }
      const StatementTheory* st = theory->find(result.id);
      if (!st) throw UsageError(path + ": has no statement " + result.id + ", which the shards checked");
      const StatementPtr statement = find_statement(result.id, *theory);
      RunOptions options;
      options.cases = record.parts.at(i).run_cases;
      options.seed = report.seed;
      options.policy = policy;
      options.max_reported = record.counterexamples_kept;
      options.certificates = record.certificates;
      options.targeted_share = report.targeted_share;
      options.stop_requested = [] { return StopOnSignal::requested(); };
      if (StopOnSignal::requested()) ledger.mark_interrupted();  // its targeted phase never runs
      else out << "merge: the targeted phase of " << result.id << "\n";
      result = statement->finish(*st, theory->domain(proposition_of(result.id)), options, std::move(ledger));
    }
  });
}

}  // namespace

int merge_command(const std::vector<std::string>& shard_dirs, const std::string& theory_path,
                  const CheckSettings& settings, std::ostream& out) {
  std::vector<ShardInput> shards;
  for (const std::string& dir : shard_dirs) shards.push_back({dir, read_shard_file(dir)});
  RunReport report = merge_shards(shards);
  // A merged report beside a shard record (one of the shards, perhaps) would
  // be two runs' files in one folder.
  if (std::filesystem::exists(std::filesystem::path(settings.report_dir) / ShardFile::file_name))
    throw UsageError(settings.report_dir + " holds a shard record (" + ShardFile::file_name +
                     "): write the merged report into a folder of its own");
  out << "merge: " << shards.size() << " shards of one run (seed " << report.seed << ", theory "
      << report.theory_fingerprint << ")\n";
  {
    const StopOnSignal stop;  // SIGINT/SIGTERM: the targeted phases stop, a partial report, exit 130
    finish_statements(report, shards.front().file, theory_path, settings, out);
    if (StopOnSignal::requested()) report.complete = false;
  }
  for (const StatementResult& s : report.statements) report.complete &= !s.interrupted;
  print_table_header(out);
  for (const StatementResult& s : report.statements) print_table(out, s, settings.verbose);
  const ReportFolderLock folder_lock(settings.report_dir);  // one run per report folder
  write_report(settings.report_dir, report);
  const bool certificates = shards.front().file.certificates && report.complete;
  if (certificates) write_certificates(settings.report_dir, report);
  else remove_file_in(settings.report_dir, "certificates.json");  // an earlier run's would not match
  print_table_legend(out);
  print_run_summary(out, report,
                    settings.report_dir + "/report.json, " + settings.report_dir + "/report.md, " + settings.report_dir +
                        "/report.html" + (certificates ? ", " + settings.report_dir + "/certificates.json" : std::string()));
  return exit_code(report, settings.strict, out);
}

}  // namespace sinkcheck
