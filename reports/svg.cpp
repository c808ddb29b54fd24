#include "reports/svg.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace sinkcheck {

namespace {

std::string escape(const std::string& s) { return xml_escape(s); }

// Viridis, sampled at five stops and interpolated: perceptually even and
// readable in grey.
std::string colour(double t) {
  static const double stops[5][3] = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
  if (!std::isfinite(t)) return "#cccccc";
  t = std::clamp(t, 0.0, 1.0) * 4;
  const int k = std::min(3, int(t));
  const double f = t - k;
  int rgb[3];
  for (int c = 0; c < 3; ++c) rgb[c] = int(std::lround(stops[k][c] + f * (stops[k + 1][c] - stops[k][c])));
  return fmt::format("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2]);
}

// A value as text; NaN (no value: an exact zero's log, a ratio of zeros) as "undefined".
std::string number_text(double v, int digits) {
  if (std::isnan(v)) return "undefined";
  return fmt::format("{:.{}g}", v, digits);
}

std::string heatmap(const Figure& f) {
  const std::size_t rows = f.values.size(), cols = rows ? f.values[0].size() : 0;
  const double cell = std::clamp(480.0 / double(std::max<std::size_t>(cols, 1)), 6.0, 48.0);
  // The left margin fits the longest row label (about 6 px a character at 11 px).
  std::size_t longest = 0;
  for (const std::string& label : f.row_labels) longest = std::max(longest, label.size());
  const double left = std::max(90.0, 10 + 6.2 * double(longest)), top = 30, width = cell * double(cols),
               height = cell * double(rows);
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{:.0f}\" height=\"{:.0f}\" font-family=\"sans-serif\" "
      "font-size=\"11\">",
      std::max(left + width + 90, left + 50 + 7.0 * double(f.title.size())), top + height + 40);
  svg += fmt::format("<text x=\"{}\" y=\"16\" font-size=\"13\">{}</text>", left, escape(f.title));
  const double span = f.high > f.low ? f.high - f.low : 1;
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t c = 0; c < cols; ++c) {
      const double v = f.values[r][c];
      svg += fmt::format(
          "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\"><title>{}{}{} = {}</title></rect>",
          left + cell * double(c), top + cell * double(r), cell, cell, colour((v - f.low) / span),
          r < f.row_labels.size() ? escape(f.row_labels[r]) : "", c < f.column_labels.size() ? ", " : "",
          c < f.column_labels.size() ? escape(f.column_labels[c]) : "", number_text(v, 6));
    }
  for (std::size_t r = 0; r < rows && r < f.row_labels.size(); ++r)
    svg += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>", left - 4,
                       top + cell * (double(r) + 0.5) + 4, escape(f.row_labels[r]));
  const std::size_t label_step = std::max<std::size_t>(1, std::size_t(std::ceil(18.0 / cell)));
  for (std::size_t c = 0; c < cols && c < f.column_labels.size(); c += label_step)
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>", left + cell * (double(c) + 0.5),
                       top + height + 14, escape(f.column_labels[c]));
  // Colour bar.
  for (int k = 0; k < 20; ++k)
    svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"12\" height=\"{:.2f}\" fill=\"{}\"/>", left + width + 16,
                       top + height * (1 - (k + 1) / 20.0), height / 20.0 + 0.5, colour((k + 0.5) / 20.0));
  svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\">{}</text>", left + width + 32, top + 10, number_text(f.high, 3));
  svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\">{}</text>", left + width + 32, top + height, number_text(f.low, 3));
  return svg + "</svg>";
}

// Tick values along [lo, hi]: five evenly spaced, or, for an axis of whole
// numbers (counts), distinct integers.
std::vector<double> tick_values(double lo, double hi, bool integers) {
  std::vector<double> ticks;
  for (int k = 0; k <= 4; ++k) {
    double t = lo + (hi - lo) * k / 4;
    if (integers) t = std::round(t);
    if (ticks.empty() || t != ticks.back()) ticks.push_back(t);
  }
  return ticks;
}

// Tick labels with the fewest significant digits (at least 3) that tell
// every tick apart.
std::vector<std::string> tick_labels(const std::vector<double>& ticks) {
  std::vector<std::string> labels;
  for (int digits = 3; digits <= 17; ++digits) {
    labels.clear();
    for (double t : ticks) labels.push_back(fmt::format("{:.{}g}", t == 0 ? 0.0 : t, digits));
    std::vector<std::string> sorted = labels;
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end()) break;
  }
  return labels;
}

bool all_integers(const std::vector<Figure::Series>& series, bool x_axis) {
  bool any = false;
  for (const auto& s : series)
    for (std::size_t k = 0; k < s.x.size() && k < s.y.size(); ++k) {
      const double v = x_axis ? s.x[k] : s.y[k];
      if (!std::isfinite(s.x[k]) || !std::isfinite(s.y[k])) continue;
      if (v != std::round(v)) return false;
      any = true;
    }
  return any;
}

std::string lines(const Figure& f) {
  static const char* palette[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b"};
  double x0 = std::numeric_limits<double>::infinity(), x1 = -x0, y0 = x0, y1 = -x0;
  double defined_x0 = x0, defined_x1 = -x0;  // where any x is finite, defined or not
  for (const auto& s : f.series)
    for (std::size_t k = 0; k < s.x.size() && k < s.y.size(); ++k) {
      if (std::isfinite(s.x[k])) defined_x0 = std::min(defined_x0, s.x[k]), defined_x1 = std::max(defined_x1, s.x[k]);
      if (!std::isfinite(s.x[k]) || !std::isfinite(s.y[k])) continue;
      x0 = std::min(x0, s.x[k]), x1 = std::max(x1, s.x[k]), y0 = std::min(y0, s.y[k]), y1 = std::max(y1, s.y[k]);
    }
  // Nothing finite to draw (rho where E||Y_i||^2 = 0 everywhere): say so
  // over the x range, never print an axis of NaN.
  const bool empty = !std::isfinite(x0);
  if (empty) {
    x0 = std::isfinite(defined_x0) ? defined_x0 : 0, x1 = std::isfinite(defined_x1) ? defined_x1 : 1;
    y0 = 0, y1 = 1;
  }
  if (!(x1 > x0)) x0 -= 1, x1 += 1;
  // A curve flat up to rounding is drawn flat, not as magnified noise.
  const double y_scale = std::max({1.0, std::abs(y0), std::abs(y1)});
  if (!(y1 - y0 > 1e-9 * y_scale)) {
    const double mid = std::isfinite(y0) ? 0.5 * (y0 + y1) : 0;
    y0 = mid - 0.5 * y_scale, y1 = mid + 0.5 * y_scale;
  }
  // The legend's width fits its longest name (about 6.2 px a character at 11 px).
  std::size_t longest = 0;
  for (const auto& s : f.series) longest = std::max(longest, s.name.size());
  const double legend = std::max(170.0, 40 + 6.2 * double(longest));
  const double left = 70, top = 30, width = 460, height = 260;
  auto px = [&](double x) { return left + (x - x0) / (x1 - x0) * width; };
  auto py = [&](double y) { return top + height - (y - y0) / (y1 - y0) * height; };
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{:.0f}\" height=\"{:.0f}\" font-family=\"sans-serif\" "
      "font-size=\"11\">",
      std::max(left + width + legend, left + 50 + 7.0 * double(f.title.size())), top + height + 50);
  svg += fmt::format("<text x=\"{}\" y=\"16\" font-size=\"13\">{}</text>", left, escape(f.title));
  svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#888\"/>", left, top,
                     width, height);
  const std::vector<double> xs = tick_values(x0, x1, all_integers(f.series, true));
  const std::vector<std::string> x_labels = tick_labels(xs);
  for (std::size_t k = 0; k < xs.size(); ++k)
    svg += fmt::format("<text class=\"xtick\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>", px(xs[k]),
                       top + height + 14, x_labels[k]);
  if (empty) {
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">undefined on [{:.3g}, {:.3g}]</text>",
                       left + width / 2, top + height / 2, x0, x1);
  } else {
    const std::vector<double> ys = tick_values(y0, y1, all_integers(f.series, false) && y1 - y0 >= 4);
    const std::vector<std::string> y_labels = tick_labels(ys);
    for (std::size_t k = 0; k < ys.size(); ++k)
      svg += fmt::format("<text class=\"ytick\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>", left - 4,
                         py(ys[k]) + 4, y_labels[k]);
  }
  svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>", left + width / 2,
                     top + height + 32, escape(f.x_label));
  svg += fmt::format("<text x=\"14\" y=\"{:.1f}\" transform=\"rotate(-90 14 {:.1f})\" text-anchor=\"middle\">{}</text>",
                     top + height / 2, top + height / 2, escape(f.y_label));
  for (std::size_t i = 0; i < f.series.size(); ++i) {
    const auto& s = f.series[i];
    const std::string c = s.colour.empty() ? palette[i % 7] : escape(s.colour);
    // A curve is broken where it is undefined, not joined across the gap.
    std::string points;
    auto flush = [&] {
      if (!points.empty())
        svg += fmt::format("<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"2\" points=\"{}\"/>", c, points);
      points.clear();
    };
    for (std::size_t k = 0; k < s.x.size() && k < s.y.size(); ++k) {
      if (!std::isfinite(s.x[k]) || !std::isfinite(s.y[k])) {
        flush();
        continue;
      }
      if (s.markers)
        svg += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" fill=\"{}\" fill-opacity=\"0.7\"/>",
                           px(s.x[k]), py(s.y[k]), c);
      else
        points += fmt::format("{:.1f},{:.1f} ", px(s.x[k]), py(s.y[k]));
    }
    flush();
    svg += fmt::format("<rect x=\"{:.0f}\" y=\"{:.0f}\" width=\"12\" height=\"3\" fill=\"{}\"/>", left + width + 12,
                       top + 8 + 16 * double(i), c);
    svg += fmt::format("<text x=\"{:.0f}\" y=\"{:.0f}\">{}</text>", left + width + 28, top + 12 + 16 * double(i),
                       escape(s.name));
  }
  return svg + "</svg>";
}

}  // namespace

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string to_svg(const Figure& figure) {
  return figure.kind == Figure::Kind::Heatmap ? heatmap(figure) : lines(figure);
}

}  // namespace sinkcheck
