#include "cli/run_output.hpp"

#include "engine/distributed.hpp"
#include "reports/writers.hpp"

namespace sinkcheck {

RunOutput::RunOutput(const CheckSettings& settings, std::vector<Job>& jobs) : settings_(settings) {
  if (settings.certificates && !settings.shard && process_count() == 1) {
    spool_ = std::make_unique<CertificateSpool>(settings.report_dir);
    for (std::size_t i = 0; i < jobs.size(); ++i) jobs[i].options.case_certificate_sink = spool_->sink(i);
  }
  if (!settings.shard) return;
  shard_.shard = *settings.shard;
  shard_.certificates = settings.certificates;
  for (const Job& job : jobs) {
    shard_.selected.push_back(job.statement->info().id);
    run_cases_.push_back(job.options.cases);
    random_cases_.push_back(job.options.random_cases());
  }
  if (!jobs.empty()) shard_.counterexamples_kept = jobs.front().options.max_reported;
}

void RunOutput::start(const RunReport& report) {
  write(report);
  // Certificates of an earlier run in this folder would not match this
  // report; nor would the other kind of run's files (a shard record beside a
  // whole run's report, or the reverse): the folder holds one run's.
  remove_file_in(settings_.report_dir, "certificates.json");
  if (settings_.shard)
    for (const char* name : {"report.json", "report.md", "report.html"}) remove_file_in(settings_.report_dir, name);
  else
    remove_file_in(settings_.report_dir, ShardFile::file_name);
}

void RunOutput::update(const RunReport& report) { write(report); }

void RunOutput::finish(const RunReport& report) {
  write(report);
  // Certificates are large: written once, at the end, from the spool. A
  // shard's are in its record, and merge writes the run's.
  if (settings_.certificates && !settings_.shard) write_certificates(settings_.report_dir, report, spool_.get());
}

std::string RunOutput::files() const {
  const std::string& dir = settings_.report_dir;
  if (settings_.shard) return dir + "/" + ShardFile::file_name;
  return dir + "/report.json, " + dir + "/report.md, " + dir + "/report.html" +
         (settings_.certificates ? ", " + dir + "/certificates.json" : "");
}

void RunOutput::write(const RunReport& report) {
  if (!settings_.shard) return write_report(settings_.report_dir, report);
  shard_.run = report;
  shard_.run.statements.clear();
  shard_.parts.clear();
  for (std::size_t i = 0; i < report.statements.size(); ++i)
    shard_.parts.push_back(
        {run_cases_[i], random_cases_[i], shard_range(*settings_.shard, random_cases_[i]), report.statements[i]});
  write_shard_file(settings_.report_dir, shard_);
}

}  // namespace sinkcheck
