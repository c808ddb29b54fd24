#include "propositions/sink_figures.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "propositions/sink_representability.hpp"
#include "verify/attention.hpp"
#include "verify/mpfi.hpp"

namespace sinkcheck {

namespace {

// Larger cases are drawn in part: a picture of 40 queries by 40 keys is as
// much as a reader takes in, and shrinking keeps counterexamples far smaller.
constexpr std::size_t kMaxDrawn = 40;

}  // namespace

std::vector<Figure> sink_case_figures(const SinkInstance& s) {
  SinkFacts f;
  try {
    f = sink_facts(s);
  } catch (const std::exception&) {
    return {};
  }
  if (!f.sinkable) return {};
  // Score gaps to the sink: z_iᵀ W* (z_0 − z_j)/√d = κ a_i b_j/(ρ_Q² ρ_K²).
  const Rational scale = s.kappa / (f.queries.norm2 * f.keys.norm2);
  WorkingPrecision precision(256);
  const std::size_t rows = std::min(s.J.size(), kMaxDrawn);
  std::size_t columns = 1;
  for (std::size_t q = 0; q < rows; ++q)
    for (std::size_t j : s.visible_keys(s.J[q])) columns = std::max(columns, std::min(j, kMaxDrawn) + 1);

  Figure fig;
  fig.kind = Figure::Kind::Heatmap;
  fig.title = "log10 of the attention weights of W* (rows: queries in J; columns: keys, 0 the sink)";
  fig.caption = "The explicit sink W* at margin kappa = " + to_string(s.kappa) + (s.causal ? ", causal mask" : "") +
                ", on the case's tokens; softmax in the log domain at 256 bits. Grey: masked or not a key.";
  if (rows < s.J.size() || columns <= s.T()) fig.caption += " Drawn in part (first 40 queries and keys).";
  fig.low = 0;
  fig.high = 0;
  for (std::size_t c = 0; c < columns; ++c) fig.column_labels.push_back(c == 0 ? "sink" : std::to_string(c));
  for (std::size_t q = 0; q < rows; ++q) {
    const std::vector<std::size_t> visible = s.visible_keys(s.J[q]);
    std::vector<Mpfi> scores{enclose(Rational(0))};
    for (std::size_t j : visible) {
      const std::size_t k = std::size_t(std::lower_bound(f.K.begin(), f.K.end(), j) - f.K.begin());
      scores.push_back(enclose(Rational(-scale * f.a[q] * f.b[k])));
    }
    const std::vector<Mpfi> logs = log_softmax(scores);
    std::vector<double> row(columns, std::numeric_limits<double>::quiet_NaN());
    auto put = [&](std::size_t column, const Mpfi& log_weight) {
      if (column >= columns) return;
      row[column] = ScalarTraits<Mpfi>::approx(log_weight) / std::log(10.0);
      fig.low = std::min(fig.low, row[column]);
    };
    put(0, logs[0]);
    for (std::size_t k = 0; k < visible.size(); ++k) put(visible[k], logs[k + 1]);
    fig.values.push_back(std::move(row));
    fig.row_labels.push_back("query " + std::to_string(s.J[q]));
  }
  return {fig};
}

}  // namespace sinkcheck
