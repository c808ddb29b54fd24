#pragma once
#include <string>

#include "engine/figure.hpp"

namespace sinkcheck {

// A standalone <svg> element for the figure (no scripts, no external refs).
std::string to_svg(const Figure& figure);

}  // namespace sinkcheck
