#include "engine/result_invariants.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace sinkcheck {

namespace {

using Wide = unsigned __int128;  // sums of counts read from a file cannot overflow

[[noreturn]] void damaged(const std::string& field, const std::string& what) {
  throw std::invalid_argument(field + ": " + what + " (the record is damaged)");
}

std::string shown(Wide n) {
  std::string s;
  do {
    s.insert(s.begin(), char('0' + int(n % 10)));
    n /= 10;
  } while (n);
  return s;
}

void at_most(std::size_t value, std::size_t bound, const std::string& field, const std::string& bound_name) {
  if (value > bound)
    damaged(field, std::to_string(value) + " is more than " + bound_name + " (" + std::to_string(bound) + ")");
}

void adds_up(std::size_t holds, std::size_t counterexamples, std::size_t undecided, std::size_t vacuous,
             std::size_t cases, const std::string& where) {
  const Wide sum = Wide(holds) + counterexamples + undecided + vacuous;
  if (sum != cases)
    damaged(where, "holds + counterexamples + undecided + vacuous = " + shown(sum) + ", not the " +
                       std::to_string(cases) + " cases");
}

void check_record(const CaseRecord& r, const StatementResult& result, const PrecisionPolicy& policy,
                  const std::string& field, bool counterexample) {
  const ClaimTally* claim = nullptr;
  for (const ClaimTally& c : result.claims)
    if (c.name == r.claim) claim = &c;
  if (!claim) damaged(field + ".claim", "'" + r.claim + "' is none of the statement's claims");
  if ((counterexample ? claim->counterexamples : claim->undecided) == 0)
    damaged(field + ".claim", "claim '" + r.claim + "' has no " +
                                  (counterexample ? "counterexample" : "undecided case") + " in the tallies");
  if (!is_stage_name(r.stage, policy)) damaged(field + ".stage", "'" + r.stage + "' is no stage of the precision ladder");
  if (r.found_by != "random" && r.found_by != "targeted")
    damaged(field + ".found_by", "'" + r.found_by + "' is neither \"random\" nor \"targeted\"");
}

}  // namespace

void check_result_invariants(const StatementResult& r, const PrecisionPolicy& policy, const std::string& where) {
  if (r.claims.empty()) damaged(where + ".claims", "no claims");
  at_most(r.holds, r.cases, where + ".holds", "cases");
  at_most(r.counterexamples, r.cases, where + ".counterexamples", "cases");
  at_most(r.undecided, r.cases, where + ".undecided", "cases");
  at_most(r.vacuous, r.cases, where + ".vacuous", "cases");
  at_most(r.escalated, r.cases, where + ".escalated", "cases");
  adds_up(r.holds, r.counterexamples, r.undecided, r.vacuous, r.cases, where);

  Wide claim_counterexamples = 0, claim_undecided = 0;
  for (std::size_t c = 0; c < r.claims.size(); ++c) {
    const ClaimTally& t = r.claims[c];
    const std::string field = where + ".claims[" + std::to_string(c) + "]";
    for (std::size_t k = 0; k < c; ++k)
      if (r.claims[k].name == t.name) damaged(field + ".name", "a second claim named '" + t.name + "'");
    adds_up(t.holds, t.counterexamples, t.undecided, t.vacuous, r.cases, field);
    // A case is a counterexample where some claim failed, vacuous where every claim was.
    at_most(t.counterexamples, r.counterexamples, field + ".counterexamples", "the statement's counterexamples");
    if (t.vacuous < r.vacuous) damaged(field + ".vacuous", "fewer than the statement's vacuous cases");
    claim_counterexamples += t.counterexamples;
    claim_undecided += t.undecided;
  }
  if (claim_counterexamples < r.counterexamples)
    damaged(where + ".counterexamples", "more than the claims' counterexamples together");
  if (claim_undecided < r.undecided) damaged(where + ".undecided", "more than the claims' undecided cases together");

  Wide decisions = 0;
  for (const auto& [stage, n] : r.decided_by) {
    if (!is_stage_name(stage, policy)) damaged(where + ".decided_by", "'" + stage + "' is no stage of the precision ladder");
    decisions += n;
  }
  if (decisions != Wide(r.cases) * r.claims.size())
    damaged(where + ".decided_by", "the decisions add up to " + shown(decisions) + ", not cases times claims (" +
                                       shown(Wide(r.cases) * r.claims.size()) + ")");

  std::set<std::string> stored;
  for (std::size_t i = 0; i < r.counterexample_cases.size(); ++i) {
    const std::string field = where + ".counterexample_cases[" + std::to_string(i) + "]";
    check_record(r.counterexample_cases[i], r, policy, field, true);
    if (!stored.insert(r.counterexample_cases[i].claim).second)
      damaged(field + ".claim", "a second stored counterexample of claim '" + r.counterexample_cases[i].claim + "'");
  }
  at_most(r.undecided_cases.size(), std::min<std::size_t>(10, r.undecided), where + ".undecided_cases",
          "the undecided cases stored at most");
  for (std::size_t i = 0; i < r.undecided_cases.size(); ++i)
    check_record(r.undecided_cases[i], r, policy, where + ".undecided_cases[" + std::to_string(i) + "]", false);

  const TargetedSummary& t = r.targeted;
  at_most(t.cases, r.cases, where + ".targeted.cases", "cases");
  at_most(t.cases, t.evaluations, where + ".targeted.cases", "its evaluations");
  at_most(t.counterexamples, std::min(t.cases, r.counterexamples), where + ".targeted.counterexamples",
          "its cases or the statement's counterexamples");

  for (std::size_t k = 0; k < r.other_readings.size(); ++k)
    check_result_invariants(r.other_readings[k], policy, where + ".other_readings[" + std::to_string(k) + "]");
}

}  // namespace sinkcheck
