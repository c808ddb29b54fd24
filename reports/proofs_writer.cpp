#include "reports/proofs_writer.hpp"

#include <map>
#include <ostream>
#include <sstream>

namespace sinkcheck {

const char* to_string(ProofStatus status) {
  switch (status) {
    case ProofStatus::Proved: return "proved";
    case ProofStatus::Vacuous: return "vacuous";
    case ProofStatus::Refuted: return "refuted";
    case ProofStatus::Open: return "open";
  }
  return "open";
}

nlohmann::json to_json(const ProofsReport& report) {
  nlohmann::json claims = nlohmann::json::array();
  for (const ClaimProof& c : report.claims)
    claims.push_back({{"statement", c.statement},
                      {"claim", c.claim},
                      {"reading", c.reading},
                      {"selected", c.selected},
                      {"status", to_string(c.status)},
                      {"scope", c.scope},
                      {"reason", c.reason},
                      {"coq", c.coq}});
  return {{"schema", ProofsReport::schema},
          {"tool_version", report.tool_version},
          {"theory", report.theory_path},
          {"theory_fingerprint", report.theory_fingerprint},
          {"claims", claims}};
}

namespace {

std::string cell(std::string text) {
  for (std::size_t at = 0; (at = text.find('|', at)) != std::string::npos; at += 2) text.replace(at, 1, "\\|");
  return text;
}

std::map<ProofStatus, std::size_t> counts(const ProofsReport& report) {
  std::map<ProofStatus, std::size_t> n;
  for (const ClaimProof& c : report.claims) ++n[c.status];
  return n;
}

std::string summary(const ProofsReport& report) {
  auto n = counts(report);
  std::ostringstream out;
  out << report.claims.size() << " claims: " << n[ProofStatus::Proved] << " proved, " << n[ProofStatus::Refuted]
      << " refuted, " << n[ProofStatus::Vacuous] << " vacuous, " << n[ProofStatus::Open] << " open";
  return out.str();
}

}  // namespace

std::string to_markdown(const ProofsReport& report) {
  std::ostringstream out;
  out << "# sinkcheck prove\n\n"
      << "Theory `" << report.theory_path << "` (fingerprint " << report.theory_fingerprint << "), sinkcheck "
      << report.tool_version << ". " << summary(report) << ".\n\n"
      << "A claim is **proved** when Coq accepted its file (`coq/`, rebuilt by `coq_makefile -f _CoqProject -o "
         "CoqMakefile && make -f CoqMakefile`) and a sampled instance satisfies its assumptions; **refuted** claims "
         "carry a certified counterexample in report.json (`sinkcheck replay`).\n\n"
      << "| statement | claim | reading | status | scope or reason | Coq |\n|---|---|---|---|---|---|\n";
  for (const ClaimProof& c : report.claims)
    out << "| " << c.statement << " | " << cell(c.claim) << " | " << cell(c.reading) << (c.selected ? "" : " (not selected)")
        << " | " << to_string(c.status) << " | " << cell(c.status == ProofStatus::Proved ? c.scope : c.reason) << " | "
        << (c.coq.empty() ? "" : "`" + c.coq + "`") << " |\n";
  return out.str();
}

void print_proofs(std::ostream& out, const ProofsReport& report) {
  for (const ClaimProof& c : report.claims) {
    out << "  " << c.statement << "  " << to_string(c.status) << "  " << c.claim;
    if (!c.reading.empty()) out << " [" << c.reading << (c.selected ? "" : ", not selected") << "]";
    out << "\n      " << (c.status == ProofStatus::Proved ? c.scope : c.reason) << "\n";
  }
  out << summary(report) << "\n";
}

}  // namespace sinkcheck
