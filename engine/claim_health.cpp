#include "engine/claim_health.hpp"

namespace sinkcheck {

bool ClaimApplication::rarely_applied() const {
  return !proved && applied > 0 && applied < kRareApplications && applied * 20 < cases;
}

std::string ClaimApplication::describe() const {
  if (applied == 0 && undecided == 0) return "its assumptions hold on no generated case";
  if (applied == 0)
    return "no case where it applies was decided (" + std::to_string(undecided) + " of " + std::to_string(cases) +
           " cases undecided)";
  return "it applied to only " + std::to_string(applied) + " of " + std::to_string(cases) + " cases";
}

namespace {

void add_claims(const StatementResult& result, const std::string& id, bool selected,
                std::vector<ClaimApplication>& out) {
  for (const ClaimTally& c : result.claims) {
    ClaimApplication a;
    a.statement = id;
    a.claim = c.name;
    a.reading = selected ? "" : result.reading;
    a.applied = c.holds + c.counterexamples;
    a.undecided = c.undecided;
    a.cases = result.cases;
    a.selected = selected;
    a.proved = c.proved();
    out.push_back(std::move(a));
  }
}

}  // namespace

std::vector<ClaimApplication> claim_applications(const StatementResult& result) {
  std::vector<ClaimApplication> out;
  add_claims(result, result.id, true, out);
  for (const StatementResult& other : result.other_readings) add_claims(other, result.id, false, out);
  return out;
}

}  // namespace sinkcheck
