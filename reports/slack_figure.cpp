#include "reports/slack_figure.hpp"

#include <algorithm>
#include <cmath>

namespace sinkcheck {

namespace {

// log10 of a slack. Slacks span many orders of magnitude; a positive one
// is at least 2^-40 (smaller ones count as ties, verify/slack.hpp), so two
// levels below that keep apart what a single floor would merge: a claim met
// with equality (slack 0) and a refuted one (below 0).
constexpr double kEquality = -13, kRefuted = -14;
double log_slack(double slack) {
  if (slack > 0) return std::max(kEquality + 0.5, std::log10(slack));
  return slack == 0 ? kEquality : kRefuted;
}

}  // namespace

std::optional<Figure> targeted_slack_figure(const StatementResult& result) {
  Figure f;
  f.kind = Figure::Kind::Lines;
  f.title = "Targeted phase: the smallest slack seen, per claim";
  f.caption =
      "log10 of the smallest slack (scale-free distance to failure at the fast path) seen so far, against the "
      "targeted phase's evaluations of the claim, its searches one after another; the first point is the random "
      "cases' closest approach. A slack of exactly 0 (the claim met with equality, as an identity always is) is "
      "drawn at -13, a slack below 0 (refuted) at -14.";
  f.x_label = "evaluation";
  f.y_label = "log10 slack";
  for (std::size_t c = 0; c < result.targeted.traces.size() && c < result.claims.size(); ++c) {
    const std::vector<double>& trace = result.targeted.traces[c];
    if (trace.empty()) continue;
    Figure::Series s;
    s.name = result.claims[c].name;
    double best = std::nan("");
    for (std::size_t k = 0; k < trace.size(); ++k) {
      if (!std::isnan(trace[k]) && !(trace[k] >= best)) best = trace[k];
      s.x.push_back(double(k));
      s.y.push_back(std::isnan(best) ? std::nan("") : log_slack(best));
    }
    f.series.push_back(std::move(s));
  }
  if (f.series.empty()) return std::nullopt;
  return f;
}

}  // namespace sinkcheck
