// `sinkcheck prove` (docs/proving.md): each claim of the selected statements
// proved for every instance of its domain (Coq accepted its file and a
// sampled instance satisfies its assumptions), vacuous, refuted (a certified
// counterexample of the ordinary sampling run, stored in report.json) or
// open, with the reason.
#include <algorithm>
#include <filesystem>
#include <ostream>
#include <thread>

#include "cli/ci_output.hpp"
#include "cli/claim_prover.hpp"
#include "cli/commands.hpp"
#include "cli/coq_folder.hpp"
#include "reports/proofs_writer.hpp"
#include "reports/writers.hpp"

namespace sinkcheck {

namespace {

// The sampling run only looks for counterexamples and witnesses: a modest
// budget unless --cases says otherwise.
constexpr std::size_t kProveCases = 200;

// The tally of a claim in the sampling run: the selected reading's, or the
// other reading's it belongs to.
const ClaimTally* sampled_tally(const StatementResult& result, const ClaimTheory& claim, bool selected) {
  auto find = [&](const StatementResult& r) -> const ClaimTally* {
    for (const ClaimTally& t : r.claims)
      if (t.name == claim.name) return &t;
    return nullptr;
  };
  if (selected) return find(result);
  for (const StatementResult& other : result.other_readings)
    if (other.reading == claim.reading) return find(other);
  return nullptr;
}

// The sampling run's verdict, where it settles the claim without Coq.
bool settled_by_sampling(const ClaimTally* tally, ClaimProof& proof) {
  if (!tally) {
    proof.reason = "not sampled";
    return true;
  }
  if (tally->counterexamples > 0) {
    proof.status = ProofStatus::Refuted;
    proof.reason = "certified counterexample in report.json (sinkcheck replay)";
    return true;
  }
  if (tally->holds == 0) {
    proof.status = tally->undecided == 0 ? ProofStatus::Vacuous : ProofStatus::Open;
    proof.reason = tally->undecided == 0 ? "no sampled instance satisfies its assumptions"
                                         : "no certified instance satisfies its assumptions (only undecided ones)";
    return true;
  }
  return false;
}

// The sampling run's testcases (failures carry the falsifying example,
// vacuous claims are skipped), each with its proof's status and its scope or
// reason as properties: a CI dashboard shows which claims Coq proved.
std::vector<JunitCase> proof_testcases(const RunReport& sampled, const Theory& theory, const ProofsReport& report,
                                       bool strict) {
  std::vector<JunitCase> cases = claim_testcases(sampled, &theory, strict);
  for (JunitCase& t : cases)
    for (const ClaimProof& c : report.claims)
      if (c.selected && c.statement == t.classname && c.claim == t.name) {
        t.properties.emplace_back("proof", to_string(c.status));
        if (!c.scope.empty()) t.properties.emplace_back("scope", c.scope);
        if (!c.reason.empty()) t.properties.emplace_back("reason", c.reason);
        if (!c.coq.empty()) t.properties.emplace_back("coq", c.coq);
        break;
      }
  return cases;
}

}  // namespace

int prove_command(const std::vector<std::string>& patterns, const std::string& theory_path, CheckSettings settings,
                  std::ostream& out, std::ostream& err) {
  if (!settings.cases_given) settings.cases = kProveCases;
  const Theory theory = load_theory_file(theory_path);
  const std::vector<StatementPtr> statements = select_statements(patterns);
  const RunReport sampled = run_checks(statements, theory, settings, out, err);
  if (!sampled.complete) return 130;

  ProofsReport report;
  report.tool_version = kToolVersion;
  report.theory_path = theory.path;
  report.theory_fingerprint = fingerprint(theory.text);
  std::vector<ProofRequest> requests;
  std::vector<std::size_t> requested;  // the report's claim of each request
  for (const StatementResult& result : sampled.statements) {
    const StatementTheory* st = theory.find(result.id);
    const StatementPtr statement = find_statement(result.id);
    const DomainTable domain = theory.domain(proposition_of(result.id));
    for (std::size_t k = 0; k < st->claims.size(); ++k) {
      const ClaimTheory& claim = st->claims[k];
      ClaimProof proof;
      proof.statement = result.id;
      proof.claim = claim.name;
      proof.reading = claim.reading.empty() ? st->reading : claim.reading;
      proof.selected = claim.reading.empty() || claim.reading == st->reading;
      if (!settled_by_sampling(sampled_tally(result, claim, proof.selected), proof)) {
        requests.push_back(ProofRequest{statement.get(), st->title.empty() ? statement->info().title : st->title,
                                        &claim, k + 1, domain, true});
        requested.push_back(report.claims.size());
      }
      report.claims.push_back(std::move(proof));
    }
  }

  ProverSettings prover;
  prover.jobs = settings.jobs ? settings.jobs : std::max(1u, std::thread::hardware_concurrency());
  const std::vector<ProofAnswer> answers = prove_claims(requests, prover, err);
  std::vector<CoqSource> files;
  for (const ProofAnswer& a : answers)
    if (a.file) files.push_back(CoqSource{a.file->module, a.file->text, a.file->theorems});
  write_coq_folder(settings.report_dir + "/coq", libraries_of(answers), files);
  for (std::size_t i = 0; i < answers.size(); ++i) {
    ClaimProof& proof = report.claims[requested[i]];
    if (answers[i].file) proof.coq = "coq/" + answers[i].file->module + ".v";
    if (answers[i].proved()) {
      proof.status = ProofStatus::Proved;
      proof.scope = answers[i].scope;
    } else {
      proof.reason = answers[i].reason;
    }
  }

  write_file_atomically_in(settings.report_dir, "proofs.json", to_json(report).dump(2) + "\n");
  write_file_atomically_in(settings.report_dir, "proofs.md", to_markdown(report));
  out << "\nproofs:\n";
  print_proofs(out, report);
  out << "proofs: " << settings.report_dir << "/proofs.json, proofs.md, coq/\n";
  write_ci_output("prove", proof_testcases(sampled, theory, report, settings.strict), settings.junit_path, out);
  for (const ClaimProof& c : report.claims)
    if (c.selected && c.status == ProofStatus::Refuted) return 1;
  return 0;
}

}  // namespace sinkcheck
