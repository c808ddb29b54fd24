#pragma once
// Pictures of P1 for the HTML report: the attention pattern that the explicit
// sink W* realises on a stored case.
#include <vector>

#include "generators/sink_geometry.hpp"
#include "engine/figure.hpp"

namespace sinkcheck {

// log10 of the softmax weights of every query in J over the sink and the keys
// it sees, for W* at margin κ, computed in the log domain at 256 bits (a mass
// of 1 - 1e-400 is drawn as such, not rounded to 1). Empty when the instance
// has no sink (ρ_Q = 0 or ρ_K = 0) or a certificate fails.
std::vector<Figure> sink_case_figures(const SinkInstance& instance);

}  // namespace sinkcheck
