#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <sstream>

#include "cli/ci_output.hpp"
#include "cli/claim_prover.hpp"
#include "cli/commands.hpp"
#include "engine/driver.hpp"
#include "reports/report_lock.hpp"
#include "reports/writers.hpp"
#include "theory/mutations.hpp"

namespace sinkcheck {

namespace {

struct MutantOutcome {
  Mutant mutant;
  bool caught = false;
  std::string stage;             // what certified the counterexample
  std::string found_by;          // "random" or "targeted": which phase found it
  nlohmann::json inputs;         // the counterexample's exact inputs
  ClosestApproach closest;       // a survivor: how close the search came to refuting it
  std::size_t undecided = 0;
  std::size_t undefined = 0;       // claim decisions that met an undefined quantity
  std::size_t stronger_cases = 0;  // cases where the mutant asks more than the original
  std::size_t compared_cases = 0;
  std::string reason;            // why a survivor survived
  // A survivor proved true for every instance (a weaker or equivalent
  // variant: out of the score's denominator), with the proof's scope.
  bool proved = false;
  std::string proof_scope;
  std::string status() const { return caught ? "refuted" : proved ? "proved" : "open"; }
};

// The score: refuted of the variants that are not proved true.
struct MutationScore {
  std::size_t caught = 0, total = 0, proved = 0;
  explicit MutationScore(const std::vector<MutantOutcome>& outcomes) {
    for (const MutantOutcome& m : outcomes) caught += m.caught, proved += m.proved, ++total;
  }
  std::size_t not_proved() const { return total - proved; }
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
  if (m.closest.seen) m.reason += "; came within " + describe_closest(m.closest) + " of failing";
}

// One testcase per variant: refuted passes; a survivor is skipped with the
// reason (mutate's exit code does not fail on survivors, nor does the XML).
std::vector<JunitCase> mutant_testcases(const std::vector<MutantOutcome>& outcomes) {
  std::vector<JunitCase> cases;
  for (const MutantOutcome& m : outcomes) {
    JunitCase t;
    t.classname = m.mutant.statement;
    t.name = m.mutant.claim.name + " (" + m.mutant.kind + "): " + m.mutant.text();
    t.file = m.mutant.claim.holds_where.file;
    t.line = m.mutant.claim.holds_where.line;
    if (!m.caught) {
      t.outcome = JunitCase::Outcome::Skipped;
      t.message = "survived: " + m.reason;
    }
    cases.push_back(std::move(t));
  }
  return cases;
}

nlohmann::json to_json(const std::vector<MutantOutcome>& outcomes, const CheckSettings& settings, const Theory& theory) {
  const MutationScore score(outcomes);
  nlohmann::json mutants = nlohmann::json::array();
  for (const MutantOutcome& m : outcomes) {
    nlohmann::json j = {{"statement", m.mutant.statement}, {"claim", m.mutant.claim.name}, {"kind", m.mutant.kind},
                        {"original", m.mutant.original},    {"mutant", m.mutant.text()},    {"caught", m.caught},
                        {"status", m.status()}};
    if (m.proved) j["proof_scope"] = m.proof_scope;
    if (m.caught) {
      j["stage"] = m.stage;
      j["found_by"] = m.found_by;
      j["inputs"] = m.inputs;
    } else {
      j["reason"] = m.reason;
      j["stronger_cases"] = m.stronger_cases;
      j["undecided"] = m.undecided;
      if (m.closest.seen) {
        j["closest_approach"] = {{"slack", m.closest.slack}, {"found_by", m.closest.found_by}};
        if (m.closest.ratio) {
          j["closest_approach"]["ratio"] = *m.closest.ratio;
          j["closest_approach"]["ratio_of"] = m.closest.ratio_sides;
        }
      }
    }
    mutants.push_back(j);
  }
  return {{"schema", "sinkcheck-mutation/1"},
          {"seed", settings.seed},
          {"cases_per_mutant", settings.cases},
          {"theory", {{"path", theory.path}, {"fingerprint", fingerprint(theory.text)}}},
          {"score", {{"caught", score.caught}, {"total", score.total}, {"proved", score.proved},
                     {"not_proved", score.not_proved()}}},
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
  std::size_t by_targeted = 0;
  for (const MutantOutcome& m : outcomes) by_targeted += m.caught && m.found_by == "targeted";
  std::ostringstream md;
  md << "# sinkcheck mutation report\n\n";
  const MutationScore score(outcomes);
  md << fmt::format("Mutation score: **{} of {} variants refuted** ({:.1f}%) of the {} variants; {} surviving variants "
                    "are proved true for every instance (Coq) and set apart. {} cases per variant, seed {}; "
                    "{} of them refuted by the targeted phase (a share of {:.3g} of the cases).\n\n",
                    caught, score.not_proved(),
                    score.not_proved() == 0 ? 0.0 : 100.0 * double(caught) / double(score.not_proved()), score.total,
                    score.proved, settings.cases, settings.seed, by_targeted, settings.targeted_share);
  md << "| statement | refuted | variants |\n|---|---:|---:|\n";
  for (const auto& [id, counts] : per_statement) md << "| " << id << " | " << counts.first << " | " << counts.second << " |\n";
  md << "\n## Surviving variants, weakest spots first\n\n";
  md << "| statement | claim | change | variant | status | why it survived |\n|---|---|---|---|---|---|\n";
  for (const MutantOutcome* m : ranked_survivors(outcomes))
    md << "| " << m->mutant.statement << " | " << m->mutant.claim.name << " | " << m->mutant.kind << " | `"
       << m->mutant.text() << "` | " << (m->proved ? "proved: " + m->proof_scope : "open") << " | " << m->reason
       << " |\n";
  md << "\n## Refuted variants\n\n| statement | claim | change | variant | certified by | found by |\n"
        "|---|---|---|---|---|---|\n";
  for (const MutantOutcome& m : outcomes)
    if (m.caught)
      md << "| " << m.mutant.statement << " | " << m.mutant.claim.name << " | " << m.mutant.kind << " | `"
         << m.mutant.text() << "` | " << m.stage << " | " << m.found_by << " |\n";
  return md.str();
}

}  // namespace

int mutate_command(const std::vector<std::string>& patterns, const std::string& theory_path,
                   const CheckSettings& settings, std::ostream& out, std::ostream& err) {
  const Theory theory = load_theory_file(theory_path);
  const PrecisionPolicy policy = policy_up_to(settings.max_bits);
  const ReportFolderLock folder_lock(settings.report_dir);  // one run per report folder

  // Every variant of every selected statement is one job of the driver; the
  // jobs run side by side (each also parallel inside), results in job order.
  // A variant holds its one claim, never the statement's others: memory is
  // linear in the variants, not in variants times claims (300 claims make
  // thousands of variants).
  struct Variant {
    StatementPtr statement;
    DomainTable domain;
    Mutant mutant;
  };
  std::vector<Variant> variants;
  std::vector<Job> jobs;
  for (const StatementPtr& statement : select_statements(patterns, theory)) {
    const std::string& id = statement->info().id;
    const StatementTheory* found = theory.find(id);
    if (!found) continue;
    // Only the reading the theory selects is the statement: its claims are mutated.
    const StatementTheory selected = found->selected();
    const DomainTable domain = theory.domain(id.substr(0, id.find('.')));
    statement->check_domain(domain);
    StatementTheory without_claims = selected;
    without_claims.claims.clear();
    for (Mutant& mutant : mutants_of(selected, statement->info().variables)) {
      StatementTheory single = without_claims;
      single.claims = {mutant.claim};
      Job job{statement, single, domain, RunOptions{}, std::nullopt};
      job.options.cases = cases_for(settings, domain);
      job.options.seed = settings.seed;
      job.options.targeted_share = settings.targeted_share;
      job.options.policy = policy;
      job.options.max_reported = 1;
      job.options.extras = false;  // a mutant's verdict is all that counts
      jobs.push_back(std::move(job));
      variants.push_back(Variant{statement, domain, std::move(mutant)});
    }
  }
  err << "mutate: " << jobs.size() << " variants\n" << std::flush;
  DriverSettings driver;
  driver.jobs = settings.jobs;
  driver.concurrent_jobs = true;
  const std::vector<StatementResult> results = run_jobs(jobs, driver);

  std::vector<MutantOutcome> outcomes;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const StatementResult& result = results[i];
    MutantOutcome outcome{variants[i].mutant};
    outcome.caught = result.verdict() == Verdict::Counterexample;
    outcome.undecided = result.undecided;
    if (const auto it = result.decided_by.find("undefined"); it != result.decided_by.end()) outcome.undefined = it->second;
    if (outcome.caught) {
      outcome.stage = result.counterexample_cases.front().stage;
      outcome.found_by = result.counterexample_cases.front().found_by;
      outcome.inputs = result.counterexample_cases.front().inputs;
    } else if (!result.claims.empty()) {
      outcome.closest = result.claims.front().closest;
    }
    outcomes.push_back(std::move(outcome));
  }

  // Survivors are explained against the original claim on the same cases.
  std::map<std::pair<std::string, std::size_t>, std::vector<double>> original_margins;
  std::vector<std::size_t> survivors;
  for (std::size_t i = 0; i < outcomes.size(); ++i)
    if (!outcomes[i].caught) {
      survivors.push_back(i);
      original_margins[{variants[i].statement->info().id, variants[i].mutant.claim_index}];
    }
  std::vector<std::pair<std::string, std::size_t>> originals;
  for (const auto& [key, margins] : original_margins) originals.push_back(key);
  std::vector<std::vector<double>> mutant_margins(survivors.size());
  run_tasks(originals.size() + survivors.size(), settings.jobs, [&](std::size_t t) {
    if (t < originals.size()) {
      const auto& [id, claim_index] = originals[t];
      const StatementPtr statement = find_statement(id, theory);
      const StatementTheory selected = theory.find(id)->selected();
      const DomainTable domain = theory.domain(id.substr(0, id.find('.')));
      original_margins.at(originals[t]) =
          statement->margin_estimates(selected.claims[claim_index], domain, cases_for(settings, domain), settings.seed);
    } else {
      const Variant& v = variants[survivors[t - originals.size()]];
      mutant_margins[t - originals.size()] =
          v.statement->margin_estimates(v.mutant.claim, v.domain, cases_for(settings, v.domain), settings.seed);
    }
  });
  for (std::size_t s = 0; s < survivors.size(); ++s) {
    const Variant& v = variants[survivors[s]];
    explain_survivor(outcomes[survivors[s]], original_margins.at({v.statement->info().id, v.mutant.claim_index}),
                     mutant_margins[s], cases_for(settings, v.domain));
  }

  // Survivors proved true for every instance are set apart (Coq decides).
  std::vector<ProofRequest> requests;
  for (std::size_t s : settings.prove_survivors ? survivors : std::vector<std::size_t>{}) {
    const Variant& v = variants[s];
    const bool witnessed = !results[s].claims.empty() && results[s].claims.front().holds > 0;
    // Each variant its own module name: their files are compiled side by side.
    requests.push_back(ProofRequest{v.statement.get(), theory.find(v.mutant.statement)->title, &v.mutant.claim, s + 1, v.domain, witnessed});
  }
  ProverSettings prover;
  prover.jobs = settings.jobs ? settings.jobs : 2;
  const std::vector<ProofAnswer> answers = prove_claims(requests, prover, err);
  for (std::size_t k = 0; k < answers.size(); ++k)
    if (answers[k].proved()) {
      outcomes[survivors[k]].proved = true;
      outcomes[survivors[k]].proof_scope = answers[k].scope;
    }

  // One line per statement, in the order they were selected.
  std::vector<std::string> order;
  std::map<std::string, std::pair<std::size_t, std::size_t>> per_statement;
  for (const MutantOutcome& m : outcomes) {
    if (!per_statement.count(m.mutant.statement)) order.push_back(m.mutant.statement);
    auto& [caught, total] = per_statement[m.mutant.statement];
    caught += m.caught;
    ++total;
  }
  for (const std::string& id : order)
    out << fmt::format("{:<8} {:>3} of {:>3} variants refuted\n", id, per_statement[id].first, per_statement[id].second);
  write_file_atomically_in(settings.report_dir, "mutation.json", to_json(outcomes, settings, theory).dump(2) + "\n");
  write_file_atomically_in(settings.report_dir, "mutation.md", to_markdown(outcomes, settings));
  write_ci_output("mutate", mutant_testcases(outcomes), settings.junit_path, out);
  const MutationScore score(outcomes);
  out << "mutation score: " << score.caught << " of " << score.not_proved() << " variants not proved true refuted ("
      << score.proved << " of " << score.total << " proved true and set apart); survivors explained in "
      << settings.report_dir << "/mutation.md\n";
  for (const MutantOutcome* m : ranked_survivors(outcomes))
    out << "  survived" << (m->proved ? " (proved true)" : "") << ": " << m->mutant.statement << " \""
        << m->mutant.claim.name << "\" (" << m->mutant.kind << "): " << m->mutant.text() << "\n    " << m->reason
        << "\n";
  return 0;
}

}  // namespace sinkcheck
