#include "propositions/cost_bound_certificates.hpp"

#include <mpfr.h>

#include <stdexcept>

#include "propositions/cost_bounds.hpp"
#include "engine/json_inputs.hpp"
#include "propositions/pattern_optimum.hpp"
#include "verify/scalar.hpp"
#include "verify/norm_enclosures.hpp"

namespace sinkcheck {

namespace {

// Rational endpoints of a ladder ball, rounded outward at its precision.
std::pair<Rational, Rational> endpoints(const LadderScalar& x) {
  std::pair<Rational, Rational> out;
  mpfr_t lower, upper;
  mpfr_init2(lower, mpfr_prec_t(x.precision()));
  mpfr_init2(upper, mpfr_prec_t(x.precision()));
  arb_get_interval_mpfr(lower, upper, x.data());
  mpfr_get_q(out.first.backend().data(), lower);
  mpfr_get_q(out.second.backend().data(), upper);
  mpfr_clear(lower);
  mpfr_clear(upper);
  return out;
}


}  // namespace

nlohmann::json nuclear_norm_certificate_json(const NuclearNormCertificate& c) {
  nlohmann::json multipliers = nlohmann::json::array();  // sparse: [constraint index, mu]
  for (std::size_t k = 0; k < c.multipliers.size(); ++k)
    if (c.multipliers[k] != 0) multipliers.push_back({k, to_string(c.multipliers[k])});
  return {{"lower", to_string(c.lower)},
          {"upper", to_string(c.upper)},
          {"factor_scale", to_string(c.factor_scale)},
          {"factor_left", rational_rows_to_json(c.factor_left)},
          {"factor_right", rational_rows_to_json(c.factor_right)},
          {"multipliers", multipliers},
          {"op_norm_bound", to_string(c.op_norm_bound)}};
}

nlohmann::json cost_bound_certificate(const CopyTaskInstance& x, Pattern pattern) {
  const CopyTaskContexts contexts = copy_task_contexts(x, pattern);
  nlohmann::json j = {{"kind", "copy_task"}, {"pattern", name(pattern)}};
  try {
    const PatternOptimum optimum = certified_pattern_optimum(pattern_preferences(contexts), x.space_dim());
    j["optimum"] = nuclear_norm_certificate_json(*optimum.certificate);
  } catch (const std::runtime_error& e) {
    j["optimum"] = {{"failure", e.what()}};  // the optimum is undefined in the report too
  }
  nlohmann::json constructions = nlohmann::json::array();
  if (pattern == Pattern::Sink) {
    constructions.push_back({{"name", "sink"}, {"feasible", first_unmet_preference(sink_construction(x), contexts).empty()}});
  } else {
    const Rational Delta = nuisance_statistics(x).Delta_diag;
    for (bool over_sqrt_d : {false, true}) {
      const Rational alpha = diagonal_alpha(Delta, x.dim, over_sqrt_d);
      constructions.push_back(
          {{"name", "diagonal"},
           {"alpha_reading", over_sqrt_d ? "2 kappa/(sqrt(d) Delta_diag)" : "2 kappa sqrt(d)/Delta_diag"},
           {"alpha", to_string(alpha)},
           {"feasible", first_unmet_preference(diagonal_construction(x, alpha), contexts).empty()}});
    }
  }
  j["constructions"] = constructions;
  return j;
}

nlohmann::json threshold_end_certificate(const Relation& relation, const std::map<std::string, Rational>& fixed,
                                         const Rational& lambda, Verdict verdict) {
  std::map<std::string, Rational> parameters = fixed;
  parameters["lambda"] = lambda;
  const CopyTaskInstance x = copy_task_from_parameters(parameters);
  const std::string cost = relation.lhs().to_text();
  nlohmann::json j = {{"lambda", to_string(lambda)}, {"verdict", to_string(verdict)}, {"inputs", copy_task_to_json(x)},
                      {"cost", cost}, {"op", to_string(relation.op())}};
  try {
    const RationalMatrix W = cost == "cost_sink" ? sink_construction(x) : diagonal_construction(x, diagonal_alpha(x, false));
    const NuclearNormWitness w = propose_nuclear_norm_witness(W);
    const RationalInterval norm = nuclear_norm_enclosure(W, w);
    j["nuclear_norm"] = {{"lower", to_string(norm.lo)}, {"upper", to_string(norm.hi)},
                         {"G", rational_rows_to_json(w.G)}, {"t", to_string(w.t)},
                         {"P", rational_rows_to_json(w.P)}, {"Y", rational_rows_to_json(w.Y)}};
    StagedQuantities q = cost_bound_staged_quantities(cost_bound_facts(x, std::nullopt));
    const Bindings<LadderScalar>& values = q.at_bits(256);
    WorkingPrecision precision(256);
    const auto [lo, hi] = endpoints(evaluate(relation.rhs(), values));
    j["bound"] = {{"formula", relation.rhs().to_text()}, {"lower", to_string(lo)}, {"upper", to_string(hi)}};
  } catch (const std::exception& e) {
    j["failure"] = e.what();
  }
  return j;
}

}  // namespace sinkcheck
