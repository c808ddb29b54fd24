#include "engine/chunk_run.hpp"

#include <chrono>
#include <sstream>

namespace sinkcheck {

StatementResult run_chunk(const Job& job, const CaseRange& range, const ChunkContext& context,
                          const std::function<bool()>& abandon) {
  const auto start = std::chrono::steady_clock::now();
  RunOptions options = job.options;
  options.progress = nullptr;
  if (context.seconds_left)
    options.deadline = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                   std::chrono::duration<double>(*context.seconds_left));
  const std::function<bool()> job_stop = job.options.stop_requested;
  options.stop_requested = [&] { return (abandon && abandon()) || (job_stop && job_stop()); };
  StatementResult result = job.statement->run_cases(job.theory, job.domain, options, range).part();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

std::string jobs_signature(const std::vector<Job>& jobs) {
  std::ostringstream s;
  for (const Job& job : jobs) {
    const RunOptions& o = job.options;
    s << job.statement->info().id << '|' << job.theory.title << '|' << job.theory.reading << '|';
    for (const ClaimTheory& claim : job.theory.claims) s << claim.name << '=' << claim_text(claim) << ';';
    s << '|';
    for (const auto& [key, entry] : job.domain.entries()) s << key << '=' << to_string(entry.value) << ';';
    const CaseRange range = job.random_cases();
    s << '|' << o.cases << ',' << o.seed << ',' << range.first << ',' << range.end << ',' << o.max_reported
      << ',' << o.max_shrink_tries << ',' << o.extras << ',' << o.policy.use_exact << ',' << o.targeted_share << ',';
    for (unsigned bits : o.policy.ladder_bits) s << bits << ' ';
    s << ',' << (job.time_budget ? job.time_budget->count() : -1.0) << '\n';
  }
  return fingerprint(s.str());
}

}  // namespace sinkcheck
