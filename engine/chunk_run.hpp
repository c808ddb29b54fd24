#pragma once
// One chunk of a job, as every process of a distributed run computes it.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/driver.hpp"
#include "engine/shard.hpp"

namespace sinkcheck {

// What rank 0 tells a process about a chunk besides its cases.
struct ChunkContext {
  std::optional<double> seconds_left;  // the job's --time budget as rank 0 sees it
};

// The random cases `range` of `job`, as the part of a run their ledger is
// (StatementLedger::part; rank 0 merges the parts and finishes the run): no progress callback (rank 0 reports progress for the whole
// job), the job's stop request or `abandon` stop it after the current case.
// result.seconds is the chunk's wall time.
StatementResult run_chunk(const Job& job, const CaseRange& range, const ChunkContext& context,
                          const std::function<bool()>& abandon);

// A text that differs when two processes would run different jobs (another
// command line, theory file or version): every rank must run rank 0's jobs,
// since only case ranges travel between them.
std::string jobs_signature(const std::vector<Job>& jobs);

}  // namespace sinkcheck
