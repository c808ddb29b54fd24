#include "engine/merge.hpp"

#include <algorithm>
#include <stdexcept>

#include "engine/case_outcome.hpp"

namespace sinkcheck {

namespace {

constexpr std::size_t kMaxUndecidedStored = 10;  // as the case loop stores them

void add_tallies(StatementResult& into, const StatementResult& part) {
  into.cases += part.cases;
  into.holds += part.holds;
  into.counterexamples += part.counterexamples;
  into.undecided += part.undecided;
  into.vacuous += part.vacuous;
  into.escalated += part.escalated;
  into.seconds += part.seconds;
  for (const auto& [stage, count] : part.decided_by) into.decided_by[stage] += count;
  if (into.claims.size() != part.claims.size()) throw std::invalid_argument("parts of different statements merged");
  for (std::size_t c = 0; c < part.claims.size(); ++c) {
    into.claims[c].holds += part.claims[c].holds;
    into.claims[c].counterexamples += part.claims[c].counterexamples;
    into.claims[c].undecided += part.claims[c].undecided;
    into.claims[c].vacuous += part.claims[c].vacuous;
    // The smallest slack over the parts; on a tie the earlier part's stays.
    const ClosestApproach& theirs = part.claims[c].closest;
    if (theirs.seen && (!into.claims[c].closest.seen || theirs.slack < into.claims[c].closest.slack))
      into.claims[c].closest = theirs;
  }
  TargetedSummary& t = into.targeted;
  t.budget += part.targeted.budget;
  t.evaluations += part.targeted.evaluations;
  t.searches += part.targeted.searches;
  t.cases += part.targeted.cases;
  t.counterexamples += part.targeted.counterexamples;
  t.traces.resize(std::max(t.traces.size(), part.targeted.traces.size()));
  for (std::size_t c = 0; c < part.targeted.traces.size(); ++c)
    t.traces[c].insert(t.traces[c].end(), part.targeted.traces[c].begin(), part.targeted.traces[c].end());
}

bool found_by(const CaseRecord& r, bool targeted) { return (r.found_by == "targeted") == targeted; }

}  // namespace

StatementResult merge_parts(const std::vector<StatementResult>& parts, std::size_t max_reported) {
  if (parts.empty()) throw std::invalid_argument("no parts to merge");
  StatementResult merged = parts.front();
  merged.cases = merged.holds = merged.counterexamples = merged.undecided = merged.vacuous = merged.escalated = 0;
  merged.seconds = 0;
  merged.decided_by.clear();
  for (ClaimTally& t : merged.claims) {
    t.holds = t.counterexamples = t.undecided = t.vacuous = 0;
    t.closest = ClosestApproach{};
  }
  merged.targeted = TargetedSummary{};
  merged.counterexample_cases.clear();
  merged.undecided_cases.clear();
  merged.case_certificates = nlohmann::json::array();
  merged.other_readings.clear();
  merged.search_starts.clear();
  merged.interrupted = false;

  std::size_t used = 0;
  for (; used < parts.size(); ++used) {
    const StatementResult& part = parts[used];
    add_tallies(merged, part);
    for (const nlohmann::json& c : part.case_certificates) merged.case_certificates.push_back(c);
    if (part.interrupted) {
      merged.interrupted = true;
      ++used;
      break;
    }
  }
  // Stored cases as a whole run stores them: the random cases' first (in
  // case order, so part order), then the targeted phases' in part order.
  // The parts kept every claim's first counterexample in their order (case,
  // then claim); the case loop's rule, applied over them in that order,
  // chooses what the whole run would have.
  CounterexampleSelection selection(std::vector<CaseRecord>{}, max_reported);
  for (bool targeted : {false, true})
    for (std::size_t p = 0; p < used; ++p) {
      for (const CaseRecord& r : parts[p].counterexample_cases)
        if (found_by(r, targeted) && selection.take(r.claim)) merged.counterexample_cases.push_back(r);
      for (const CaseRecord& r : parts[p].undecided_cases)
        if (found_by(r, targeted) && merged.undecided_cases.size() < kMaxUndecidedStored)
          merged.undecided_cases.push_back(r);
    }
  // Deferred parts' search starts, offered in part order (case order).
  if (std::any_of(parts.begin(), parts.begin() + std::ptrdiff_t(used),
                  [](const StatementResult& p) { return !p.search_starts.empty(); })) {
    StartPicker starts(merged.claims.size(), kMaxStartsPerClaim);
    for (std::size_t p = 0; p < used; ++p) starts.merge(parts[p].search_starts);
    merged.search_starts = starts.all();
  }
  // Statement-level extras come from the part that starts at case 0.
  merged.figures = parts.front().figures;
  merged.tables = parts.front().tables;
  merged.statement_certificates = parts.front().statement_certificates;

  // The other readings, reading by reading, over the same parts.
  for (std::size_t r = 0; r < parts.front().other_readings.size(); ++r) {
    std::vector<StatementResult> readings;
    for (std::size_t p = 0; p < used; ++p) {
      if (parts[p].other_readings.size() <= r) break;  // a part interrupted before this reading
      readings.push_back(parts[p].other_readings[r]);
    }
    if (readings.size() == used) merged.other_readings.push_back(merge_parts(readings, max_reported));
  }
  return merged;
}

}  // namespace sinkcheck
