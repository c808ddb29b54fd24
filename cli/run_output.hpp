#pragma once
// The files a checking run writes, as it goes: report.json, report.md and
// report.html (with --certificates also certificates.json, at the end, from
// the certificates spooled to disk as the cases completed), or, for one shard
// of a run (--shard I/N), its record shard.json.
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "engine/driver.hpp"
#include "reports/shard_file.hpp"
#include "reports/writers.hpp"

namespace sinkcheck {

class RunOutput {
 public:
  // With --certificates (not a shard, not under mpirun, whose parts carry
  // their certificates to rank 0), points the jobs' case certificates at a
  // spool on disk.
  RunOutput(const CheckSettings& settings, std::vector<Job>& jobs);
  // Before any case: a report exists from the first moment, so an
  // interrupted run always leaves one; an earlier run's certificates go.
  void start(const RunReport& report);
  // After every statement: an interrupted run leaves a valid partial report.
  void update(const RunReport& report);
  // At the end, also of an interrupted run.
  void finish(const RunReport& report);
  // "DIR/report.json, DIR/report.md, DIR/report.html" or "DIR/shard.json": what was written.
  std::string files() const;

 private:
  void write(const RunReport& report);

  const CheckSettings& settings_;
  ShardFile shard_;
  std::vector<std::size_t> run_cases_, random_cases_;
  std::unique_ptr<CertificateSpool> spool_;
};

}  // namespace sinkcheck
