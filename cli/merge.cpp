#include <iostream>

#include "cli/commands.hpp"
#include "reports/report_lock.hpp"
#include "reports/shard_merge.hpp"
#include "reports/writers.hpp"

namespace sinkcheck {

// The shards of one run, each a folder a scheduler's task wrote with
// `check --shard I/N`, into the report that run would have written in one
// process: byte for byte the same report.json and report.md.
int merge_command(const std::vector<std::string>& shard_dirs, const CheckSettings& settings, std::ostream& out) {
  std::vector<ShardInput> shards;
  for (const std::string& dir : shard_dirs) shards.push_back({dir, read_shard_file(dir)});
  const RunReport report = merge_shards(shards);
  out << "merge: " << shards.size() << " shards of one run (seed " << report.seed << ", theory "
      << report.theory_fingerprint << ")\n";
  print_table_header(out);
  for (const StatementResult& s : report.statements) print_table(out, s);
  const ReportFolderLock folder_lock(settings.report_dir);  // one run per report folder
  write_report(settings.report_dir, report);
  const bool certificates = shards.front().file.certificates;
  if (certificates) write_certificates(settings.report_dir, report);
  out << "report: " << settings.report_dir << "/report.json, " << settings.report_dir << "/report.md"
      << (certificates ? ", " + settings.report_dir + "/certificates.json" : std::string()) << "\n";
  return exit_code(report, settings.strict, out);
}

}  // namespace sinkcheck
