#pragma once
// What every checked statement offers the engine's driver, whatever its model.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/results.hpp"
#include "engine/shard.hpp"
#include "engine/statement_ledger.hpp"
#include "engine/symbolic_model.hpp"
#include "theory/theory_file.hpp"
#include "verify/decide.hpp"
#include "verify/slack.hpp"

namespace sinkcheck {

struct StatementInfo {
  std::string id;          // "P2.b"
  std::string title;
  std::string provenance;  // "seed", "recon", …: where the statement comes from
  std::string doc;         // the documentation page that explains it
  std::vector<Variable> variables;
  std::vector<std::string> notes;  // carried into every report
};

struct RunOptions {
  std::size_t cases = 1000;
  std::uint64_t seed = 1;
  PrecisionPolicy policy;
  std::size_t max_reported = 3;       // shrunk counterexamples kept per statement (one per claim)
  std::size_t max_shrink_tries = 400; // candidate instances tried while shrinking
  std::function<void(std::size_t done, std::size_t total)> progress;
  // Polled between cases: when it returns true the run stops early and the
  // result covers the cases done so far (StatementResult::interrupted).
  std::function<bool()> stop_requested;
  // Statement-level tables and pictures (thresholds, tightness, curves);
  // off where only verdicts count (mutate).
  bool extras = true;
  // Gather the exact certificates behind the verdicts (`check --certificates`):
  // per case from the model's optional certificate() hook, and from the
  // statement's extras.
  bool certificates = false;
  // With certificates: where each random case's certificate goes, in case
  // order, as its batch is reduced (check streams them to disk: a run holds
  // one batch of them, not all). Unset: they are kept in
  // StatementResult::case_certificates (parts of a run, merge, tests).
  std::function<void(nlohmann::json&&)> case_certificate_sink;
  // --time: stop starting batches of cases at this moment (cases is then an
  // upper bound and StatementResult::cases says how far the run got).
  std::optional<std::chrono::steady_clock::time_point> deadline;
  // The targeted phase (engine/targeted_search.hpp): this share of `cases`
  // goes to local searches that start from the cases that came closest to
  // refuting each claim; the random phase runs the rest. 0 turns it off.
  double targeted_share = 1.0 / 3;
  std::size_t targeted_cases() const {
    const double share = std::max(0.0, std::min(0.9, targeted_share));
    return std::size_t(std::floor(double(cases) * share + 1e-9));
  }
  std::size_t random_cases() const { return cases - targeted_cases(); }
  // Tests only (the domain property, tests/test_domains.cpp): called, from
  // any thread, with every instance the run makes (source "generator",
  // "shrinker", "targeted move", "targeted shrinker"), its inputs and
  // whether the model's in_domain accepts it.
  std::function<void(const char* source, const nlohmann::json& inputs, bool in_domain)> observe_instance;
};

// The targeted share a statement's run really has: `share`, or 0 when no
// reading of the statement has a claim to climb (identities alone: every
// case random). Settled once per run, before its cases are split into
// ranges, so that every reading and every range agrees on where the random
// cases end.
double settled_targeted_share(const StatementTheory& theory, double share);

// One claim decided on stored exact inputs: the decision, and the case as a
// report stores it (with the falsifying example when refuted).
struct InputsDecision {
  Decision decision;
  CaseRecord record;
};

class Statement {
 public:
  virtual ~Statement() = default;
  virtual const StatementInfo& info() const = 0;
  // Throws TheoryError when the proposition's [domain] table is invalid;
  // run() would throw the same, but a checker calls this before starting.
  virtual void check_domain(const DomainTable& domain) const = 0;
  // A run is one pipeline however it is spread (engine/statement_ledger.hpp):
  // the random cases [range.first, range.end) of options.random_cases()
  // give a ledger per reading (run_cases; the statement-level tables and
  // pictures come with the range that starts at case 0), the ledgers of
  // consecutive ranges are merged in order, and finish runs the targeted
  // phase from the merged ledger and gives the report's result.
  virtual StatementLedger run_cases(const StatementTheory& theory, const DomainTable& domain,
                                    const RunOptions& options, CaseRange range) const = 0;
  virtual StatementResult finish(const StatementTheory& theory, const DomainTable& domain, const RunOptions& options,
                                 StatementLedger merged) const = 0;
  // A whole run in one process: every random case as one range, then finish.
  StatementResult run(const StatementTheory& theory, const DomainTable& domain, const RunOptions& options) const;
  // For the cases run() would generate: a double estimate of how far each
  // case is from violating `claim` (rhs - lhs for <=, lhs - rhs for >=,
  // -|rhs - lhs| for ==; the minimum over coordinates), NaN where an
  // assumption fails. Only for comparing variants, never for a verdict.
  virtual std::vector<double> margin_estimates(const ClaimTheory& claim, const DomainTable& domain,
                                               std::size_t cases, std::uint64_t seed) const = 0;
  // The fast-path slack of a claim on stored exact inputs: what a report's
  // closest approach says, recomputed (sinkcheck replay). Throws
  // std::invalid_argument when the inputs are malformed.
  virtual ClaimSlack slack_at(const nlohmann::json& inputs, const ClaimTheory& claim) const = 0;
  // Re-decides the claims on stored exact inputs (throws std::invalid_argument
  // naming the field when the inputs are malformed).
  virtual std::vector<Decision> replay(const nlohmann::json& inputs, const StatementTheory& theory,
                                       const PrecisionPolicy& policy) const = 0;
  // One claim on stored exact inputs (pinned examples, the example database,
  // `replay --theory`); throws std::invalid_argument like replay.
  virtual InputsDecision decide_inputs(const nlohmann::json& inputs, const ClaimTheory& claim,
                                       const PrecisionPolicy& policy) const = 0;
  // Parameter sweeps (`sinkcheck boundary`): the claim's relation, its
  // assumptions ignored, decided on the statement's canonical instance for
  // these parameters. Throws std::invalid_argument when the statement has no
  // sweep family or a parameter is unknown or invalid.
  virtual Decision decide_at_parameters(const std::map<std::string, Rational>& parameters, const ClaimTheory& claim,
                                        const PrecisionPolicy& policy) const {
    (void)parameters, (void)claim, (void)policy;
    throw std::invalid_argument(info().id + " has no parameter sweep (only P4's statements have one)");
  }
  // The statement's model as closed forms for `sinkcheck prove`, or nullptr
  // when its quantities are not closed forms (every claim then stays open).
  virtual const SymbolicModel* symbolic() const { return nullptr; }
};

// Tables and pictures of a statement as a whole (see engine/model_statement.hpp).
struct StatementExtras {
  std::vector<Figure> figures;
  std::vector<Table> tables;
  nlohmann::json certificates = nlohmann::json::array();  // only with RunOptions::certificates
};

using StatementPtr = std::shared_ptr<const Statement>;

// A deterministic per-case seed: the run seed, the statement and the case index.
std::uint64_t case_seed(std::uint64_t run_seed, const std::string& statement_id, std::size_t case_index);

}  // namespace sinkcheck
