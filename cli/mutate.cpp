#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <sstream>

#include "cli/commands.hpp"
#include "reports/writers.hpp"
#include "theory/mutations.hpp"

namespace sinkcheck {

namespace {

struct MutantOutcome {
  Mutant mutant;
  bool caught = false;
  std::string stage;             // what certified the counterexample
  nlohmann::json inputs;         // the counterexample's exact inputs
  std::size_t undecided = 0;
  std::size_t undefined = 0;       // claim decisions that met an undefined quantity
  std::size_t stronger_cases = 0;  // cases where the mutant asks more than the original
  std::size_t compared_cases = 0;
  std::string reason;            // why a survivor survived
};

// A survivor is explained by comparing it with the original claim on the
// same cases: if it never asks more, it is implied by the original (still
// true whenever the original is); if it asks more on some cases and no
// counterexample was found, the search has a weak spot there.
void explain_survivor(MutantOutcome& m, const std::vector<double>& original, const std::vector<double>& mutated,
                      std::size_t cases) {
  for (std::size_t k = 0; k < mutated.size(); ++k) {
    if (std::isnan(mutated[k])) continue;  // the mutant does not apply here
    ++m.compared_cases;
    const double tolerance = 1e-9 * (1 + std::abs(original[k]));
    if (std::isnan(original[k]) || mutated[k] < original[k] - tolerance) ++m.stronger_cases;
  }
  if (m.undefined)
    m.reason = fmt::format("undefined on {} of {} cases: the formula has no value there (a quantity that exists "
                           "only under a dropped assumption, or the log of a negative number), so it says nothing",
                           m.undefined, cases);
  else if (m.undecided)
    m.reason = fmt::format("undecided on {} of {} cases at the precision cap", m.undecided, cases);
  else if (m.compared_cases == 0)
    m.reason = "vacuous: its assumptions held on none of the cases tried";
  else if (m.stronger_cases == 0)
    m.reason = "still true: implied by the original on every case tried (it never asks more)";
  else
    m.reason = fmt::format("asks more than the original on {} of {} cases, yet no counterexample in {} cases: "
                           "a weak spot of the search, or a true strengthening",
                           m.stronger_cases, m.compared_cases, cases);
}

nlohmann::json to_json(const std::vector<MutantOutcome>& outcomes, const CheckSettings& settings, const Theory& theory) {
  std::size_t caught = 0;
  nlohmann::json mutants = nlohmann::json::array();
  for (const MutantOutcome& m : outcomes) {
    caught += m.caught;
    nlohmann::json j = {{"statement", m.mutant.statement}, {"claim", m.mutant.claim.name}, {"kind", m.mutant.kind},
                        {"original", m.mutant.original},    {"mutant", m.mutant.text()},    {"caught", m.caught}};
    if (m.caught) {
      j["stage"] = m.stage;
      j["inputs"] = m.inputs;
    } else {
      j["reason"] = m.reason;
      j["stronger_cases"] = m.stronger_cases;
      j["undecided"] = m.undecided;
    }
    mutants.push_back(j);
  }
  return {{"schema", "sinkcheck-mutation/1"},
          {"seed", settings.seed},
          {"cases_per_mutant", settings.cases},
          {"theory", {{"path", theory.path}, {"fingerprint", fingerprint(theory.text)}}},
          {"score", {{"caught", caught}, {"total", outcomes.size()}}},
          {"mutants", mutants}};
}

// Survivors that ask more than the original come first: they are the weak spots.
std::vector<const MutantOutcome*> ranked_survivors(const std::vector<MutantOutcome>& outcomes) {
  std::vector<const MutantOutcome*> survivors;
  for (const MutantOutcome& m : outcomes)
    if (!m.caught) survivors.push_back(&m);
  std::stable_sort(survivors.begin(), survivors.end(), [](const MutantOutcome* a, const MutantOutcome* b) {
    return a->stronger_cases + a->undecided > b->stronger_cases + b->undecided;
  });
  return survivors;
}

std::string to_markdown(const std::vector<MutantOutcome>& outcomes, const CheckSettings& settings) {
  std::map<std::string, std::pair<std::size_t, std::size_t>> per_statement;
  std::size_t caught = 0;
  for (const MutantOutcome& m : outcomes) {
    auto& [c, n] = per_statement[m.mutant.statement];
    c += m.caught;
    ++n;
    caught += m.caught;
  }
  std::ostringstream md;
  md << "# sinkcheck mutation report\n\n";
  md << fmt::format("Mutation score: **{} of {} variants refuted** ({:.1f}%), {} cases per variant, seed {}.\n\n",
                    caught, outcomes.size(), outcomes.empty() ? 0.0 : 100.0 * double(caught) / double(outcomes.size()),
                    settings.cases, settings.seed);
  md << "| statement | refuted | variants |\n|---|---:|---:|\n";
  for (const auto& [id, counts] : per_statement) md << "| " << id << " | " << counts.first << " | " << counts.second << " |\n";
  md << "\n## Surviving variants, weakest spots first\n\n";
  md << "| statement | claim | change | variant | why it survived |\n|---|---|---|---|---|\n";
  for (const MutantOutcome* m : ranked_survivors(outcomes))
    md << "| " << m->mutant.statement << " | " << m->mutant.claim.name << " | " << m->mutant.kind << " | `"
       << m->mutant.text() << "` | " << m->reason << " |\n";
  md << "\n## Refuted variants\n\n| statement | claim | change | variant | certified by |\n|---|---|---|---|---|\n";
  for (const MutantOutcome& m : outcomes)
    if (m.caught)
      md << "| " << m.mutant.statement << " | " << m.mutant.claim.name << " | " << m.mutant.kind << " | `"
         << m.mutant.text() << "` | " << m.stage << " |\n";
  return md.str();
}

}  // namespace

int mutate_command(const std::vector<std::string>& patterns, const std::string& theory_path,
                   const CheckSettings& settings, std::ostream& out, std::ostream& err) {
  const Theory theory = load_theory_file(theory_path);
  const PrecisionPolicy policy = policy_up_to(settings.max_bits);
  std::vector<MutantOutcome> outcomes;
  for (const StatementPtr& statement : select_statements(patterns)) {
    const std::string& id = statement->info().id;
    const StatementTheory* found = theory.find(id);
    if (!found) continue;
    // Only the reading the theory selects is the statement: its claims are mutated.
    const StatementTheory selected = found->selected();
    const StatementTheory* st = &selected;
    const DomainTable domain = theory.domain(id.substr(0, id.find('.')));
    std::map<std::size_t, std::vector<double>> original_margins;
    const std::vector<Mutant> mutants = mutants_of(*st, statement->info().variables);
    std::size_t caught_here = 0;
    const std::size_t cases = cases_for(settings, domain);
    for (const Mutant& mutant : mutants) {
      StatementTheory single = *st;
      single.claims = {mutant.claim};
      RunOptions options;
      options.cases = cases;
      options.seed = settings.seed;
      options.policy = policy;
      options.max_reported = 1;
      options.extras = false;  // a mutant's verdict is all that counts
      const StatementResult result = statement->run(single, domain, options);
      MutantOutcome outcome{mutant};
      outcome.caught = result.verdict() == Verdict::Counterexample;
      outcome.undecided = result.undecided;
      if (const auto it = result.decided_by.find("undefined"); it != result.decided_by.end()) outcome.undefined = it->second;
      if (outcome.caught) {
        outcome.stage = result.counterexample_cases.front().stage;
        outcome.inputs = result.counterexample_cases.front().inputs;
        ++caught_here;
      } else {
        auto it = original_margins.find(mutant.claim_index);
        if (it == original_margins.end())
          it = original_margins
                   .emplace(mutant.claim_index, statement->margin_estimates(st->claims[mutant.claim_index], domain,
                                                                            cases, settings.seed))
                   .first;
        explain_survivor(outcome, it->second, statement->margin_estimates(mutant.claim, domain, cases, settings.seed),
                         cases);
      }
      outcomes.push_back(std::move(outcome));
    }
    out << fmt::format("{:<8} {:>3} of {:>3} variants refuted\n", id, caught_here, mutants.size());
    err << std::flush;
  }
  write_file_atomically_in(settings.report_dir, "mutation.json", to_json(outcomes, settings, theory).dump(2) + "\n");
  write_file_atomically_in(settings.report_dir, "mutation.md", to_markdown(outcomes, settings));
  std::size_t caught = 0;
  for (const MutantOutcome& m : outcomes) caught += m.caught;
  out << "mutation score: " << caught << " of " << outcomes.size() << " variants refuted; survivors explained in "
      << settings.report_dir << "/mutation.md\n";
  for (const MutantOutcome* m : ranked_survivors(outcomes))
    out << "  survived: " << m->mutant.statement << " \"" << m->mutant.claim.name << "\" (" << m->mutant.kind
        << "): " << m->mutant.text() << "\n    " << m->reason << "\n";
  return 0;
}

}  // namespace sinkcheck
