#pragma once
// P4's certificates for certificates.json (`check --certificates`; format in
// docs/report-schema.md):
//   per case: the certified optimum of the statement's pattern program (the
//   feasible factorisation, the dual multipliers and t), and whether the
//   seed's constructions of that pattern meet every preference;
//   per λ bracket of a threshold table: at each end, a witness enclosing the
//   construction's nuclear norm and the claim's right side enclosed at 256
//   bits, which together give the end's verdict.
// The independent checker (tools/check_certificates.py) rebuilds the program
// and the constructions from the instance and re-checks all of it.
#include <map>
#include <nlohmann/json.hpp>

#include "generators/copy_task.hpp"
#include "propositions/copy_patterns.hpp"
#include "verify/formula.hpp"
#include "verify/nuclear_norm_certificate.hpp"
#include "verify/verdict.hpp"

namespace sinkcheck {

nlohmann::json nuclear_norm_certificate_json(const NuclearNormCertificate& certificate);

nlohmann::json cost_bound_certificate(const CopyTaskInstance& x, Pattern pattern);

// One end of a λ bracket: `relation` (lhs cost_sink or cost_diag, an
// inequality) decided `verdict` on the canonical instance at `lambda`.
nlohmann::json threshold_end_certificate(const Relation& relation, const std::map<std::string, Rational>& fixed,
                                         const Rational& lambda, Verdict verdict);

}  // namespace sinkcheck
