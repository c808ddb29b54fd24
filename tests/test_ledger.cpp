// The ledger's law (engine/statement_ledger.hpp): the ledger of a run's
// cases in two consecutive ranges, merged, is the ledger of all of them in
// one pass, merge(L(a), L(b)) == L(a ++ b), for any split and any case
// outcomes. Every split of a run (threads' batches, MPI chunks, shards)
// gives the one-process report because of it.

#include <random>

#include "engine/statement_ledger.hpp"
#include "support.hpp"

using namespace sinkcheck;
using namespace sinkcheck::test;

namespace {

// One random case: its index, seed, outcome and exact inputs.
struct Case {
  std::size_t index = 0;
  std::uint64_t seed = 0;
  CaseOutcome outcome;
  nlohmann::json inputs;
};

// Few distinct slacks, so that ties (the earlier case wins) are frequent.
ClaimSlack random_slack(std::mt19937_64& random) {
  ClaimSlack s;
  s.applies = random() % 5 != 0;
  s.violation = s.applies ? 0 : -double(random() % 3);
  s.claim.slack = random() % 11 == 0 ? std::nan("") : double(int(random() % 7) - 2) / 4;
  s.claim.holds = s.claim.slack >= 0;
  if (random() % 2) s.claim.ratio = 1 - s.claim.slack;
  return s;
}

std::vector<Case> random_cases(std::mt19937_64& random, std::size_t claims, std::size_t count) {
  const Verdict verdicts[] = {Verdict::Holds, Verdict::Holds, Verdict::Holds, Verdict::Counterexample,
                              Verdict::Undecided, Verdict::Vacuous};
  const char* stages[] = {"double", "arb-128", "exact", "undefined"};
  std::vector<Case> cases;
  for (std::size_t k = 0; k < count; ++k) {
    Case c;
    c.index = k;
    c.seed = random();
    for (std::size_t claim = 0; claim < claims; ++claim) {
      Decision d;
      d.verdict = verdicts[random() % 6];
      d.stage = stages[random() % 4];
      c.outcome.decisions.push_back(d);
      c.outcome.slacks.push_back(random_slack(random));
      if (d.verdict == Verdict::Counterexample && !c.outcome.failing_claim) c.outcome.failing_claim = claim;
      if (d.verdict == Verdict::Undecided && !c.outcome.open_claim) c.outcome.open_claim = claim;
    }
    // Inputs with a rational to move, or integers only (never a search start).
    c.inputs = random() % 4 ? nlohmann::json{{"x", std::to_string(random() % 9) + "/7"}} : nlohmann::json{{"n", 3}};
    cases.push_back(std::move(c));
  }
  return cases;
}

// The ledger of `cases` in order, storing what it asks for as the case loop
// does (a stand-in record naming the case and claim).
StatementLedger ledger_of(const StatementResult& header, const StatementTheory& theory, const std::vector<Case>& cases,
                          std::size_t first, std::size_t end) {
  StatementLedger ledger(header);
  for (std::size_t k = first; k < end; ++k) {
    const Case& c = cases[k];
    const StatementLedger::Keep keep =
        ledger.record_random(c.index, c.seed, c.outcome, theory, [&]() -> const nlohmann::json& { return c.inputs; });
    ledger.keep_certificate({{"case", c.index}});
    auto stand_in = [&](std::size_t claim) {
      CaseRecord r;
      r.case_index = c.index;
      r.case_seed = c.seed;
      r.claim = theory.claims[claim].name;
      return r;
    };
    for (std::size_t claim : keep.shrink) ledger.store_counterexample(stand_in(claim));
    if (keep.undecided) ledger.store_undecided(stand_in(*keep.undecided));
  }
  return ledger;
}

}  // namespace

TEST_CASE("ledger: merge(L(a), L(b)) == L(a ++ b) over random splits and random case outcomes") {
  const Theory theory = load(default_theory_path());
  const StatementTheory& st = *theory.find("P2.b");  // three claims, one with an assumption
  StatementResult header;
  header.id = "P2.b";
  for (const ClaimTheory& c : st.claims) header.claims.push_back(ClaimTally{c.name, claim_text(c), 0, 0, 0, 0, {}, {}});
  std::mt19937_64 random(20261208);
  std::size_t stored_over_cap = 0, undecided_capped = 0;
  for (int trial = 0; trial < 300; ++trial) {
    const std::vector<Case> cases = random_cases(random, st.claims.size(), random() % 40);
    const std::size_t n = cases.size();
    const StatementLedger whole = ledger_of(header, st, cases, 0, n);
    // Two ranges, and three (merged left to right, as rank 0 folds chunks).
    const std::size_t cut = n == 0 ? 0 : random() % (n + 1), cut2 = cut + (n == cut ? 0 : random() % (n - cut + 1));
    StatementLedger two = ledger_of(header, st, cases, 0, cut);
    two.merge(ledger_of(header, st, cases, cut, n));
    StatementLedger three = ledger_of(header, st, cases, 0, cut);
    three.merge(ledger_of(header, st, cases, cut, cut2));
    three.merge(ledger_of(header, st, cases, cut2, n));
    INFO("trial " << trial << ": " << n << " cases cut at " << cut << " and " << cut2);
    CHECK(two == whole);
    CHECK(three == whole);
    // Sent as a part (a shard record, an MPI message) and back: the same ledger.
    CHECK(StatementLedger::from_part(two.part()) == whole);
    // The cap applies once every range is in: the first counterexamples met.
    const std::size_t cap = 1 + random() % 3;
    StatementLedger capped = two;
    capped.close_random_phase(cap);
    const std::vector<CaseRecord>& kept = capped.so_far().counterexample_cases;
    const std::vector<CaseRecord>& all = whole.so_far().counterexample_cases;
    REQUIRE(kept.size() == std::min(cap, all.size()));
    for (std::size_t i = 0; i < kept.size(); ++i) CHECK(kept[i].case_index == all[i].case_index);
    stored_over_cap += all.size() > cap;
    undecided_capped += whole.so_far().undecided > kMaxUndecidedStored;
  }
  // The random outcomes reached the rules' edges.
  CHECK(stored_over_cap > 0);
  CHECK(undecided_capped > 0);
}

TEST_CASE("ledger: the targeted phase stores after the random phase's cases, within the cap") {
  StatementResult header;
  header.claims = {ClaimTally{"a", "", 0, 0, 0, 0, {}, {}}, ClaimTally{"b", "", 0, 0, 0, 0, {}, {}}};
  StatementResult part = header;
  for (const char* claim : {"a", "b"}) {
    CaseRecord r;
    r.claim = claim;
    part.counterexample_cases.push_back(r);
  }
  CaseOutcome refutes_both;
  refutes_both.decisions.resize(2, Decision{Verdict::Counterexample, "double", "", ""});
  refutes_both.slacks.resize(2);
  refutes_both.failing_claim = 0;
  for (std::size_t cap : {1, 3}) {
    StatementLedger ledger = StatementLedger::from_part(part);
    ledger.close_random_phase(cap);
    // Both claims were met by random cases first: the search's records of them are not stored.
    CHECK(ledger.record_targeted(refutes_both).shrink.empty());
    CHECK(ledger.so_far().counterexample_cases.size() == std::min<std::size_t>(cap, 2));
    CHECK(ledger.so_far().targeted.counterexamples == 1);
    CHECK(ledger.so_far().claims[1].counterexamples == 1);
  }
  StatementLedger fresh(header);
  fresh.close_random_phase(1);
  CHECK(fresh.record_targeted(refutes_both).shrink == std::vector<std::size_t>{0});  // the cap: one
}
