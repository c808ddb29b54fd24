#pragma once
// A statement's run as a reduction over its decided cases: the one place
// that says what a decided case does to a report — the tallies, each
// claim's closest approach, which counterexamples and undecided cases are
// stored (and so shrunk), and the cases the targeted phase starts from.
//
// Every run is the same pipeline (engine/statement.hpp): the random cases
// are cut into consecutive ranges, each range gives a ledger, the ledgers are
// merged in range order, the targeted phase runs from the merged ledger's
// starts and records its cases into it, and the ledger becomes the report's
// result. Threads, MPI chunks and shards only decide who computes which
// range, and merge(L(a), L(b)) == L(a ++ b) (tests/test_ledger.cpp) makes
// the report the same for any split.
//
// The random phase stores the first counterexample of *every* claim (a
// ledger of a later range cannot know which claims an earlier one refuted);
// close_random_phase applies the cap (RunOptions::max_reported) once every
// range is in, which keeps what one pass over all cases would have kept.
#include <cstddef>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/results.hpp"
#include "theory/theory_file.hpp"
#include "verify/decide.hpp"
#include "verify/slack.hpp"

namespace sinkcheck {

// One decided instance: the certified decision of every claim with its
// fast-path slack (engine/case_outcome.hpp decides it).
struct CaseOutcome {
  std::vector<Decision> decisions;
  std::vector<ClaimSlack> slacks;  // per claim, settled by its decision (settle_slack)
  std::optional<std::size_t> failing_claim, open_claim;
};

// The claims a case refutes, in claim order.
std::vector<std::size_t> refuted_claims(const CaseOutcome& outcome);

// The undecided cases a run stores (the first ones met).
constexpr std::size_t kMaxUndecidedStored = 10;

// The targeted phase does not start from instances with more numbers than
// this (large P1 geometries: every move would re-read all of them).
constexpr std::size_t kMaxSearchNumbers = 4096;

// The most starts kept per claim.
constexpr std::size_t kMaxStartsPerClaim = 4;

// The closest approach at an instance (its inputs dropped, with a note, when
// their JSON text is longer than kMaxStoredInputs characters).
constexpr std::size_t kMaxStoredInputs = 65536;
ClosestApproach closest_approach(const ClaimSlack& slack, const ClaimTheory& claim, const std::string& found_by,
                                 std::size_t case_index, std::uint64_t case_seed, nlohmann::json inputs);

// The targeted phase's starts: for each claim, the `keep` random cases
// closest to refuting it (verify/slack.hpp's `closer`), earliest first among
// equals. Offered in case order, so the choice is the same for any threads.
class StartPicker {
 public:
  StartPicker(std::size_t claims = 0, std::size_t keep = kMaxStartsPerClaim) : starts_(claims), keep_(keep) {}
  // Whether some claim would keep this case (then the caller checks that
  // the instance is small enough to search from, and offers it).
  bool wants(const std::vector<ClaimSlack>& slacks) const;
  void offer(std::size_t case_index, const std::vector<ClaimSlack>& slacks);
  const std::vector<SearchStart>& starts(std::size_t claim) const { return starts_[claim]; }
  // Every claim's kept starts, and the starts of a later range offered after
  // this one's: the `keep` closest of the union, earliest first among
  // equals, is what offering every case in order would have kept.
  const std::vector<std::vector<SearchStart>>& all() const { return starts_; }
  void merge(const std::vector<std::vector<SearchStart>>& later);

 private:
  // Keeps `start` among the claim's closest keep_ (in order, earlier cases first on ties).
  void keep(std::size_t claim, const SearchStart& start);

  std::vector<std::vector<SearchStart>> starts_;
  std::size_t keep_;
};

// Which counterexamples a run stores: the first counterexample of *each*
// claim, in the order they are met (case order, then claim order within a
// case), while the cap (if any) has room.
class CounterexampleSelection {
 public:
  explicit CounterexampleSelection(std::optional<std::size_t> cap = std::nullopt) : cap_(cap) {}
  // Whether a counterexample of `claim` met now is stored; if so, it counts as stored.
  bool take(const std::string& claim);

 private:
  std::set<std::string> claims_;
  std::size_t stored_ = 0;
  std::optional<std::size_t> cap_;
};

class StatementLedger {
 public:
  StatementLedger() = default;
  // An empty ledger of `header`'s claims (its id, title, notes, reading and
  // claims' names and texts; every count zero).
  explicit StatementLedger(StatementResult header);

  // What the caller stores of a case it recorded: the claims whose
  // counterexample it shrinks and then hands to store_counterexample (in
  // this order), the claim whose undecided case it hands to store_undecided.
  struct Keep {
    std::vector<std::size_t> shrink;
    std::optional<std::size_t> undecided;
  };
  // Made only when the ledger needs the case's exact inputs.
  using Inputs = std::function<const nlohmann::json&()>;

  // A random case, in case order: tallies, closest approaches, search starts.
  Keep record_random(std::size_t case_index, std::uint64_t case_seed, const CaseOutcome& outcome,
                     const StatementTheory& theory, const Inputs& inputs);
  // A case the targeted phase's fast path sent to the certified ladder, in
  // the phase's task order (after close_random_phase).
  Keep record_targeted(const CaseOutcome& outcome);
  // A targeted search's closest instance for `claim`, in task order.
  void approach(std::size_t claim, const ClaimSlack& slack, const ClaimTheory& theory, std::size_t start_case,
                std::uint64_t search_seed, const Inputs& inputs);
  void store_counterexample(CaseRecord record);
  void store_undecided(CaseRecord record);
  // A random case's certificate (RunOptions::certificates without a sink), in case order.
  void keep_certificate(nlohmann::json certificate);
  // Statement-level tables, pictures and certificates (the range at case 0 makes them).
  void set_extras(std::vector<Figure> figures, std::vector<Table> tables, nlohmann::json certificates);
  void set_reading(std::string reading) { result_.reading = std::move(reading); }
  // The run stopped early: the result covers the cases recorded, and later ledgers are not merged.
  void mark_interrupted() { result_.interrupted = true; }
  bool interrupted() const { return result_.interrupted; }

  // `later` is the ledger of the range that follows this one's (for every
  // reading). Nothing is merged after an interrupted ledger.
  void merge(const StatementLedger& later);
  // Every random case is in: from now on at most `max_reported`
  // counterexamples are stored (the random phase's first ones kept).
  void close_random_phase(std::size_t max_reported);

  // The tallies and stored cases so far (the targeted phase plans from them).
  const StatementResult& so_far() const { return result_; }
  TargetedSummary& targeted_summary() { return result_.targeted; }
  const StartPicker& starts() const { return starts_; }
  // The other readings of the statement, checked on the same cases.
  std::vector<StatementLedger>& other_readings() { return others_; }
  void add_other_reading(StatementLedger reading) { others_.push_back(std::move(reading)); }

  // The ledger as a part of a run (shard.json, MPI messages: every stored
  // case and the search starts), and back.
  StatementResult part() const;
  static StatementLedger from_part(const StatementResult& part);
  // The report's result (after the targeted phase).
  StatementResult result() const;

  // Same tallies, stored cases, starts and extras (JSON-equal parts).
  bool operator==(const StatementLedger& other) const;

 private:
  void note_closest(std::size_t claim, const ClaimSlack& slack, const ClaimTheory& theory, const char* found_by,
                    std::size_t case_index, std::uint64_t seed, const Inputs& inputs);
  void tally(const CaseOutcome& outcome);
  Keep choose(const CaseOutcome& outcome);
  void rebuild_selection();

  StatementResult result_;
  StartPicker starts_;
  CounterexampleSelection selection_;
  std::optional<std::size_t> cap_;       // set by close_random_phase
  std::size_t undecided_reserved_ = 0;   // stored or handed to the caller to store
  std::vector<StatementLedger> others_;  // the other readings
};

}  // namespace sinkcheck
