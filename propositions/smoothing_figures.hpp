#pragma once
// Pictures of P3 for the HTML report: D_k(λ) and ρ(λ), the curves the
// statements are about, for a stored case and for three example heads (one of
// each of the paper's Figure 8 classes).
#include <vector>

#include "generators/smoothing_model.hpp"
#include "engine/figure.hpp"

namespace sinkcheck {

// D_k(λ) and ρ(λ) of one instance (a counterexample, say).
std::vector<Figure> smoothing_case_figures(const SmoothingInstance& instance);

// D_k(λ)/D_k(0) and ρ(λ) for a red, a blue and a grey head (d = 2, k = 8,
// B = I, μ = (1, 1/2), β = 1, W = cI with c = 1/2, -1/2, -3/2).
std::vector<Figure> smoothing_example_figures();

}  // namespace sinkcheck
