#pragma once
// P3 — when dense attention smooths more than sparse (paper §5; docs/propositions/P3-smoothing.md).
// Statements P3.model (the closed forms against exact moments of the model),
// P3.a (D'_k), P3.b and P3.c (monotonicity under the two conditions), P3.d
// (the seed's "iff", in two readings) and P3.e (N' and ρ'). Their claims are
// the relations in the theory file's [P3.*] tables, over the quantities below.
#include <vector>

#include "generators/smoothing_model.hpp"
#include "engine/model_entry.hpp"

namespace sinkcheck {

// The quantities P3's claims may name (documented in docs/propositions/P3-smoothing.md).
const std::vector<Variable>& smoothing_variables();

// The λ grid of the vector quantities: 0, 1/4, 1/2, 3/4, 1.
const std::vector<Rational>& smoothing_grid();

// The staged (double / Arb / exact) quantities of one instance, in the order
// of smoothing_variables(): what every P3 claim is decided on.
StagedQuantities smoothing_staged_quantities(const SmoothingInstance& instance);

// The generator's domain from [P3.domain] (throws TheoryError on a bad key or value).
SmoothingDomain smoothing_domain(const DomainTable& domain);

// One quantity, exactly (for tests and tools): its value per coordinate.
std::vector<Rational> smoothing_exact_quantity(const SmoothingInstance& instance, const std::string& name);

// D_k(λ) and ρ(λ) sampled at `points` equispaced λ in [0,1], for pictures
// only (interval midpoints; no verdict reads them). ρ is NaN where
// E||Y_i||^2 = 0.
struct SmoothingCurves {
  std::vector<double> lambda, D, rho;
};
SmoothingCurves smoothing_curves(const SmoothingInstance& instance, int points = 41);

nlohmann::json smoothing_to_json(const SmoothingInstance& instance);
// Throws std::invalid_argument naming the field ("inputs.W[1][2]: …").
SmoothingInstance smoothing_from_json(const nlohmann::json& inputs);

// Its models (every head, red, blue, boundary heads) and statements.
PropositionModels smoothing_models();

}  // namespace sinkcheck
