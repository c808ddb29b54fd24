#include "propositions/sink_certificates.hpp"

#include "propositions/cost_bound_certificates.hpp"
#include "engine/json_inputs.hpp"
#include "propositions/sink_representability.hpp"

namespace sinkcheck {

namespace {

// A hull's certificate with its support named by token index (i ∈ J for the
// queries, j ∈ K for the keys z_0 − z_j).
nlohmann::json hull_json(const MinNormCertificate& c, const std::vector<std::size_t>& tokens) {
  nlohmann::json support = nlohmann::json::array();
  for (std::size_t position : c.support) support.push_back(tokens[position]);
  return {{"support", support}, {"weights", rationals_to_json(c.weights)}, {"norm2", to_string(c.norm2)}};
}

}  // namespace

nlohmann::json sink_certificate(const SinkInstance& s, const std::shared_ptr<PatternOptimumSolver>& cross_check) {
  SinkFacts f;
  try {
    f = sink_facts(s);
  } catch (const CertificateError& e) {
    // No certified facts: every claim of the case is undecided, nothing to check.
    return {{"kind", "sink_geometry"}, {"failure", e.what()}};
  }
  nlohmann::json j = {{"kind", "sink_geometry"},
                      {"queries", hull_json(f.queries, s.J)},
                      {"keys", hull_json(f.keys, f.K)},
                      {"sinkable", f.sinkable}};
  if (f.sinkable) {
    const Rational& rq2 = f.queries.norm2;
    const Rational& rk2 = f.keys.norm2;
    // W* = sqrt(d) * scale * p_Q p_K^T; the dual multipliers are alpha_i beta_j.
    j["explicit_sink"] = {{"left", rationals_to_json(f.queries.point)},
                          {"right", rationals_to_json(f.keys.point)},
                          {"scale", to_string(Rational(s.kappa / (rq2 * rk2)))}};
    j["primal_margin"] = to_string(f.primal_margin);
    j["min_cost_squared"] = to_string(Rational(s.kappa * s.kappa * long(f.dim) / (rq2 * rk2)));
    if (cross_check)
      if (const std::optional<PatternOptimum> nn = nuclear_norm_cross_check(s, f, *cross_check))
        j["nn_cross_check"] = nuclear_norm_certificate_json(*nn->certificate);
  } else {
    nlohmann::json blocked = nlohmann::json::array();
    if (f.q_blocked) blocked.push_back("queries");
    if (f.k_blocked) blocked.push_back("keys");
    j["blocked"] = blocked;
  }
  return j;
}

}  // namespace sinkcheck
