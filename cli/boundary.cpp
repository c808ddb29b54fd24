// `sinkcheck boundary`: where a claim stops holding as one parameter moves,
// as a certified bracket (every end a certified verdict).
#include <fmt/format.h>

#include <map>
#include <ostream>

#include "cli/boundary_proof.hpp"
#include "cli/commands.hpp"
#include "engine/boundary_search.hpp"
#include "engine/driver.hpp"

namespace sinkcheck {

namespace {

// Limits of a sweep's command line (docs/limits.md): short numbers, and a
// bracket halved at most this many times after the scan.
constexpr std::size_t kMaxNumberText = 40;
constexpr unsigned kMaxHalvings = 40;

Rational sweep_number(const std::string& option, const std::string& text) {
  if (text.size() > kMaxNumberText)
    throw UsageError(option + ": " + abbreviated(text) + " is longer than the " + std::to_string(kMaxNumberText) +
                     " characters a sweep parameter may have");
  try {
    return parse_rational(text);
  } catch (const std::invalid_argument& e) {
    throw UsageError(option + ": " + e.what());
  }
}

}  // namespace

int boundary_command(const BoundarySettings& settings, const std::string& theory_path, std::ostream& out) {
  const StatementPtr statement = find_statement(settings.statement_id);
  if (!statement) throw UsageError("no statement '" + settings.statement_id + "' (see `sinkcheck list`)");
  const Theory theory = load_theory_file(theory_path);
  const StatementTheory* st = theory.find(settings.statement_id);
  if (!st) throw UsageError(settings.statement_id + " is not in the theory file " + theory_path);
  const StatementTheory selected = st->selected();
  // The claim: the one named, or the first whose relation reads a cost (an
  // upper bound on a construction's cost, or a lower bound on an optimum:
  // what a threshold is for).
  const ClaimTheory* claim = nullptr;
  auto on_a_cost = [](const ClaimTheory& c) {
    const std::string lhs = c.holds.lhs().to_text();
    return lhs.rfind("cost_", 0) == 0 || lhs.rfind("opt_", 0) == 0;
  };
  for (const ClaimTheory& c : selected.claims)
    if (settings.claim.empty() ? on_a_cost(c) : c.name == settings.claim) {
      claim = &c;
      break;
    }
  if (!claim) {
    std::string names;
    for (const ClaimTheory& c : selected.claims) names += "\n  " + c.name;
    throw UsageError(settings.claim.empty() ? settings.statement_id + " has no claim on a construction's cost; name one "
                                                                      "with --claim:" + names
                                            : "no claim named '" + settings.claim + "' in " + settings.statement_id +
                                                  "; its claims:" + names);
  }
  std::map<std::string, Rational> fixed;
  for (const std::string& s : settings.set) {
    const auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0)
      throw UsageError("--set " + abbreviated(s) + ": expected NAME=VALUE, e.g. C=3");
    const std::string name = s.substr(0, eq);
    if (fixed.count(name))
      throw UsageError("--set " + abbreviated(name) + " is given twice (" + abbreviated(name) + " = " +
                       to_short_string(fixed.at(name)) + " and " + abbreviated(s.substr(eq + 1)) + "): fix it once");
    fixed[name] = sweep_number("--set " + name, s.substr(eq + 1));
  }
  if (fixed.count(settings.param)) throw UsageError("--param " + settings.param + " is also fixed with --set");
  const Rational from = sweep_number("--from", settings.from), to = sweep_number("--to", settings.to),
                 width = sweep_number("--width", settings.width);
  if (!(from < to) || width <= 0) throw UsageError("need --from < --to and --width > 0");
  // Each halving is one certified verdict: a width far below the scan's
  // spacing would run (nearly) forever on ever longer fractions.
  const Rational narrowest = (to - from) / Rational(Integer(1) << kMaxHalvings);
  if (width < narrowest)
    throw UsageError("--width " + abbreviated(settings.width) + " is narrower than (to - from)/2^" +
                     std::to_string(kMaxHalvings) + " = " + to_short_string(narrowest) + ", the limit of " +
                     std::to_string(kMaxHalvings) + " halvings of the bracket");
  const PrecisionPolicy policy = policy_up_to(settings.max_bits);
  auto verdict_at = [&](const Rational& value) {
    std::map<std::string, Rational> p = fixed;
    p[settings.param] = value;
    return statement->decide_at_parameters(p, *claim, policy).verdict;
  };
  verdict_at(from);  // parameter errors surface here, before the scan
  ThresholdBracket b;
  run_tasks(1, settings.jobs, [&](std::size_t) { b = find_threshold(verdict_at, from, to, width); });
  out << settings.statement_id << ", claim \"" << claim->name << "\": " << claim->holds.text()
      << "\n  (assumptions ignored; canonical instance";
  for (const auto& [k, v] : fixed) out << ", " << k << " = " << to_string(v);
  out << ")\n";
  if (!b.found) {
    out << "  no threshold of " << settings.param << " in [" << settings.from << ", " << settings.to << "]: " << b.note
        << "\n";
    return 1;
  }
  out << fmt::format("  fails at {} = {} ({})\n  holds at {} = {} ({})\n  it fails {} the threshold; bracket width {:.3g}, "
                     "{} certified verdicts\n",
                     settings.param, to_string(b.fails), to_double(b.fails), settings.param, to_string(b.holds),
                     to_double(b.holds), b.fails < b.holds ? "below" : "above", to_double(abs(b.holds - b.fails)),
                     b.evaluations);
  if (!b.note.empty()) out << "  note: " << b.note << "\n";
  if (!settings.prove_dir.empty()) {
    const BracketProofRequest request{statement,
                                      BoundaryToProve{settings.statement_id, claim, settings.param, fixed, b.fails, b.holds},
                                      selected.reading,
                                      theory.domain(proposition_of(settings.statement_id)),
                                      theory.path,
                                      fingerprint(theory.text),
                                      settings.prove_dir};
    if (!prove_bracket(request, out)) return 1;
  }
  return 0;
}

}  // namespace sinkcheck
