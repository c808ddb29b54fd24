#pragma once
// What `sinkcheck prove` found per claim (docs/report-schema.md,
// "proofs.json"), and its renderings: proofs.json, proofs.md, the console.
#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace sinkcheck {

enum class ProofStatus { Proved, Vacuous, Refuted, Open };
const char* to_string(ProofStatus status);

struct ClaimProof {
  std::string statement, claim, reading;
  ProofStatus status = ProofStatus::Open;
  std::string scope;   // proved: the domain the proof covers, in words
  std::string reason;  // why not proved (open, vacuous, refuted)
  std::string coq;     // "coq/P2_b_1.v", or "" when no Coq file was written
  bool selected = true;  // of the statement's selected reading (refuted ones fail the run)
};

struct ProofsReport {
  static constexpr const char* schema = "sinkcheck-proofs/1";
  std::string tool_version, theory_path, theory_fingerprint;
  std::vector<ClaimProof> claims;
};

nlohmann::json to_json(const ProofsReport& report);
std::string to_markdown(const ProofsReport& report);
void print_proofs(std::ostream& out, const ProofsReport& report);

}  // namespace sinkcheck
