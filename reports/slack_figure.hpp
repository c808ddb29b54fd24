#pragma once
// The picture of the targeted phase: how each searched claim's smallest
// slack fell, evaluation by evaluation (HTML report only).
#include <optional>

#include "engine/results.hpp"

namespace sinkcheck {

std::optional<Figure> targeted_slack_figure(const StatementResult& result);

}  // namespace sinkcheck
