#pragma once
#include <string>

#include "engine/figure.hpp"

namespace sinkcheck {

// A standalone <svg> element for the figure (no scripts, no external refs).
std::string to_svg(const Figure& figure);

// Text made safe for XML and HTML content and attribute values (& < > ").
std::string xml_escape(const std::string& s);

}  // namespace sinkcheck
