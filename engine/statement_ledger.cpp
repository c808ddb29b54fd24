#include "engine/statement_ledger.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "engine/perturb.hpp"
#include "engine/results_json.hpp"

namespace sinkcheck {

std::vector<std::size_t> refuted_claims(const CaseOutcome& outcome) {
  std::vector<std::size_t> refuted;
  for (std::size_t c = 0; c < outcome.decisions.size(); ++c)
    if (outcome.decisions[c].verdict == Verdict::Counterexample) refuted.push_back(c);
  return refuted;
}

ClosestApproach closest_approach(const ClaimSlack& slack, const ClaimTheory& claim, const std::string& found_by,
                                 std::size_t case_index, std::uint64_t case_seed, nlohmann::json inputs) {
  ClosestApproach a;
  a.seen = true;
  a.slack = slack.claim.slack;
  a.ratio = slack.claim.ratio;
  if (a.ratio) a.ratio_sides = ratio_sides(claim.holds.op());
  a.assume = assumptions_text(claim);
  a.relation = claim.holds.text();
  a.found_by = found_by;
  a.case_index = case_index;
  a.case_seed = case_seed;
  const std::size_t size = inputs.dump().size();
  if (size <= kMaxStoredInputs) {
    a.inputs = std::move(inputs);
  } else {
    a.inputs = nullptr;
    a.inputs_omitted = "the inputs take " + std::to_string(size) + " characters (more than " +
                       std::to_string(kMaxStoredInputs) + "); the case can be generated again from its seed";
  }
  return a;
}

bool StartPicker::wants(const std::vector<ClaimSlack>& slacks) const {
  for (std::size_t c = 0; c < slacks.size() && c < starts_.size(); ++c)
    if (starts_[c].size() < keep_ || closer(slacks[c], starts_[c].back().slack)) return true;
  return false;
}

void StartPicker::offer(std::size_t case_index, const std::vector<ClaimSlack>& slacks) {
  for (std::size_t c = 0; c < slacks.size() && c < starts_.size(); ++c) keep(c, SearchStart{case_index, slacks[c]});
}

void StartPicker::merge(const std::vector<std::vector<SearchStart>>& later) {
  for (std::size_t c = 0; c < later.size() && c < starts_.size(); ++c)
    for (const SearchStart& start : later[c]) keep(c, start);
}

void StartPicker::keep(std::size_t claim, const SearchStart& start) {
  std::vector<SearchStart>& kept = starts_[claim];
  if (kept.size() == keep_ && !closer(start.slack, kept.back().slack)) return;
  // After every kept start that is at least as close (earlier cases win ties).
  auto at = std::upper_bound(kept.begin(), kept.end(), start.slack,
                             [](const ClaimSlack& s, const SearchStart& k) { return closer(s, k.slack); });
  kept.insert(at, start);
  if (kept.size() > keep_) kept.pop_back();
}

bool CounterexampleSelection::take(const std::string& claim) {
  if ((cap_ && stored_ >= *cap_) || claims_.count(claim)) return false;
  claims_.insert(claim);
  ++stored_;
  return true;
}

// The one rule of the closest approach: a strictly smaller slack replaces
// it; on a tie the one met first (earlier case, earlier range) stays.
namespace {
bool replaces(double slack, const ClosestApproach& current) { return !current.seen || slack < current.slack; }
}  // namespace

StatementLedger::StatementLedger(StatementResult header)
    : result_(std::move(header)), starts_(result_.claims.size()) {}

void StatementLedger::tally(const CaseOutcome& outcome) {
  StatementResult& r = result_;
  ++r.cases;
  bool escalated = false, all_vacuous = true;
  for (std::size_t c = 0; c < outcome.decisions.size(); ++c) {
    const Decision& d = outcome.decisions[c];
    ClaimTally& t = r.claims[c];
    switch (d.verdict) {
      case Verdict::Holds: ++t.holds; break;
      case Verdict::Counterexample: ++t.counterexamples; break;
      case Verdict::Undecided: ++t.undecided; break;
      case Verdict::Vacuous: ++t.vacuous; break;
    }
    all_vacuous &= d.verdict == Verdict::Vacuous;
    ++r.decided_by[d.stage];
    escalated |= d.stage != "double" && d.stage != "undefined";
  }
  r.escalated += escalated;
  if (outcome.failing_claim) ++r.counterexamples;
  else if (outcome.open_claim) ++r.undecided;
  else if (all_vacuous) ++r.vacuous;
  else ++r.holds;
}

// One shrunk counterexample per claim, the first met (shrinking tends to
// bring every case of a claim to the same minimal instance), up to the cap;
// an undecided case only where no claim failed, the first ones met.
StatementLedger::Keep StatementLedger::choose(const CaseOutcome& outcome) {
  Keep keep;
  for (std::size_t c : refuted_claims(outcome))
    if (selection_.take(result_.claims[c].name)) keep.shrink.push_back(c);
  if (!outcome.failing_claim && outcome.open_claim && undecided_reserved_ < kMaxUndecidedStored) {
    keep.undecided = *outcome.open_claim;
    ++undecided_reserved_;
  }
  return keep;
}

void StatementLedger::note_closest(std::size_t claim, const ClaimSlack& slack, const ClaimTheory& theory,
                                   const char* found_by, std::size_t case_index, std::uint64_t seed,
                                   const Inputs& inputs) {
  ClosestApproach& closest = result_.claims[claim].closest;
  if (!slack.applies || std::isnan(slack.claim.slack) || !replaces(slack.claim.slack, closest)) return;
  closest = closest_approach(slack, theory, found_by, case_index, seed, inputs());
}

StatementLedger::Keep StatementLedger::record_random(std::size_t case_index, std::uint64_t case_seed,
                                                     const CaseOutcome& outcome, const StatementTheory& theory,
                                                     const Inputs& inputs) {
  tally(outcome);
  for (std::size_t c = 0; c < outcome.slacks.size(); ++c)
    note_closest(c, outcome.slacks[c], theory.claims[c], "random", case_index, case_seed, inputs);
  if (starts_.wants(outcome.slacks)) {
    const std::vector<NumberSite> sites = number_sites(inputs());
    // Small enough to search from, and with a rational to move (every
    // number of a case drawn at size 0 may be 0, and zeros stay put).
    if (sites.size() <= kMaxSearchNumbers &&
        std::any_of(sites.begin(), sites.end(), [](const NumberSite& s) { return !s.integer; }))
      starts_.offer(case_index, outcome.slacks);
  }
  return choose(outcome);
}

StatementLedger::Keep StatementLedger::record_targeted(const CaseOutcome& outcome) {
  tally(outcome);
  ++result_.targeted.cases;
  if (outcome.failing_claim) ++result_.targeted.counterexamples;
  return choose(outcome);
}

void StatementLedger::approach(std::size_t claim, const ClaimSlack& slack, const ClaimTheory& theory,
                               std::size_t start_case, std::uint64_t search_seed, const Inputs& inputs) {
  note_closest(claim, slack, theory, "targeted", start_case, search_seed, inputs);
}

void StatementLedger::store_counterexample(CaseRecord record) {
  result_.counterexample_cases.push_back(std::move(record));
}

void StatementLedger::store_undecided(CaseRecord record) { result_.undecided_cases.push_back(std::move(record)); }

void StatementLedger::keep_certificate(nlohmann::json certificate) {
  result_.case_certificates.push_back(std::move(certificate));
}

void StatementLedger::set_extras(std::vector<Figure> figures, std::vector<Table> tables, nlohmann::json certificates) {
  result_.figures = std::move(figures);
  result_.tables = std::move(tables);
  result_.statement_certificates = std::move(certificates);
}

void StatementLedger::rebuild_selection() {
  selection_ = CounterexampleSelection(cap_);
  for (const CaseRecord& r : result_.counterexample_cases) selection_.take(r.claim);
  undecided_reserved_ = result_.undecided_cases.size();
}

void StatementLedger::merge(const StatementLedger& later) {
  if (cap_ || later.cap_) throw std::logic_error("ledgers merged after their random phase");
  if (result_.interrupted) return;
  StatementResult& into = result_;
  const StatementResult& part = later.result_;
  if (into.claims.size() != part.claims.size()) throw std::invalid_argument("ledgers of different statements merged");
  into.cases += part.cases;
  into.holds += part.holds;
  into.counterexamples += part.counterexamples;
  into.undecided += part.undecided;
  into.vacuous += part.vacuous;
  into.escalated += part.escalated;
  into.seconds += part.seconds;
  for (const auto& [stage, count] : part.decided_by) into.decided_by[stage] += count;
  for (std::size_t c = 0; c < part.claims.size(); ++c) {
    ClaimTally& mine = into.claims[c];
    const ClaimTally& theirs = part.claims[c];
    mine.holds += theirs.holds;
    mine.counterexamples += theirs.counterexamples;
    mine.undecided += theirs.undecided;
    mine.vacuous += theirs.vacuous;
    if (theirs.closest.seen && replaces(theirs.closest.slack, mine.closest)) mine.closest = theirs.closest;
  }
  // Each ledger kept the first counterexample of every claim in its order
  // (case, then claim): the later range's count only for claims not met before.
  for (const CaseRecord& r : part.counterexample_cases)
    if (selection_.take(r.claim)) into.counterexample_cases.push_back(r);
  for (const CaseRecord& r : part.undecided_cases)
    if (into.undecided_cases.size() < kMaxUndecidedStored) into.undecided_cases.push_back(r);
  undecided_reserved_ = into.undecided_cases.size();
  for (const nlohmann::json& c : part.case_certificates) into.case_certificates.push_back(c);
  starts_.merge(later.starts_.all());
  // Statement-level extras come from the range at case 0, the first: this one's stay.
  into.interrupted = part.interrupted;
  // The other readings, reading by reading; a range interrupted before a
  // reading ends that reading's cases (it is left out).
  others_.resize(std::min(others_.size(), later.others_.size()));
  for (std::size_t r = 0; r < others_.size(); ++r) others_[r].merge(later.others_[r]);
}

void StatementLedger::close_random_phase(std::size_t max_reported) {
  if (result_.counterexample_cases.size() > max_reported) result_.counterexample_cases.resize(max_reported);
  cap_ = max_reported;
  rebuild_selection();
  for (StatementLedger& other : others_) other.close_random_phase(max_reported);
}

StatementResult StatementLedger::part() const {
  StatementResult part = result_;
  part.search_starts = starts_.all();
  for (const StatementLedger& other : others_) part.other_readings.push_back(other.part());
  return part;
}

StatementLedger StatementLedger::from_part(const StatementResult& part) {
  StatementLedger ledger;
  ledger.result_ = part;
  ledger.result_.search_starts.clear();
  ledger.result_.other_readings.clear();
  ledger.starts_ = StartPicker(part.claims.size());
  ledger.starts_.merge(part.search_starts);
  ledger.rebuild_selection();
  for (const StatementResult& other : part.other_readings) ledger.others_.push_back(from_part(other));
  return ledger;
}

StatementResult StatementLedger::result() const {
  StatementResult r = result_;
  // An interrupted run has no statement-level extras (they would describe a run that did not happen).
  if (r.interrupted) {
    r.figures.clear();
    r.tables.clear();
    r.statement_certificates = nlohmann::json::array();
  }
  for (const StatementLedger& other : others_) {
    StatementResult o = other.result();
    r.other_readings.push_back(std::move(o));
  }
  return r;
}

bool StatementLedger::operator==(const StatementLedger& other) const {
  return statement_to_json(part(), ResultFields::All) == statement_to_json(other.part(), ResultFields::All);
}

}  // namespace sinkcheck
