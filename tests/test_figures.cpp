// Pictures of the HTML report: the data they draw and the SVG they become.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include <cctype>
#include <cmath>
#include <optional>

#include "propositions/smoothing_figures.hpp"
#include "reports/slack_figure.hpp"
#include "reports/svg.hpp"

using namespace sinkcheck;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("figures: the example heads' D_k curves have their class's shape") {
  const std::vector<Figure> figures = smoothing_example_figures();
  REQUIRE(figures.size() == 2);
  const auto& d = figures[0].series;
  REQUIRE(d.size() == 3);
  const auto& red = d[0].y;
  const auto& blue = d[1].y;
  const auto& grey = d[2].y;
  CHECK(std::is_sorted(red.rbegin(), red.rend()));  // decreasing
  CHECK(std::is_sorted(blue.begin(), blue.end()));  // increasing
  // grey: (1 - 3(1-λ)/2)^2 / (1/4), minimum 0 at λ = 1/3, inside (0,1)
  const auto lowest = std::min_element(grey.begin(), grey.end()) - grey.begin();
  CHECK(lowest > 0);
  CHECK(lowest < long(grey.size()) - 1);
  CHECK(grey[std::size_t(lowest)] == Approx(0).margin(1e-2));
  CHECK(red.back() == Approx(1.0 / 2.25));
  CHECK(blue.back() == Approx(4.0));
}

TEST_CASE("figures: series become polylines or markers, flat curves stay flat") {
  Figure f;
  f.title = "t <&>";
  f.series.push_back({"line", {0, 1, 2}, {1, 1 + 1e-15, 1}});
  f.series.push_back({"points", {0, 1}, {0.5, 0.7}, "#123456", true});
  const std::string svg = to_svg(f);
  CHECK(count(svg, "<polyline") == 1);
  // 1 ± 1e-15 is drawn at one height, not stretched over the whole axis.
  const std::size_t from = svg.find("points=\"") + 8, to = svg.find('"', from);
  std::vector<std::string> heights;
  for (std::size_t at = svg.find(',', from); at < to; at = svg.find(',', at + 1))
    heights.push_back(svg.substr(at + 1, svg.find(' ', at) - at - 1));
  REQUIRE(heights.size() == 3);
  CHECK(heights[0] == heights[1]);
  CHECK(heights[1] == heights[2]);
  CHECK(count(svg, "<circle") == 2);
  CHECK(svg.find("#123456") != std::string::npos);
  CHECK(svg.find("t &lt;&amp;&gt;") != std::string::npos);
}

namespace {

// The texts of an SVG's elements of class `css` ("xtick", "ytick").
std::vector<std::string> texts_of_class(const std::string& svg, const std::string& css) {
  std::vector<std::string> out;
  const std::string marker = "class=\"" + css + "\"";
  for (std::size_t at = svg.find(marker); at != std::string::npos; at = svg.find(marker, at + 1)) {
    const std::size_t from = svg.find('>', at) + 1;
    out.push_back(svg.substr(from, svg.find('<', from) - from));
  }
  return out;
}

bool distinct(std::vector<std::string> labels) {
  std::sort(labels.begin(), labels.end());
  return std::adjacent_find(labels.begin(), labels.end()) == labels.end();
}

std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower((unsigned char)c));
  return s;
}

// What every picture must be: no NaN anywhere, distinct tick labels on each axis.
void check_picture(const Figure& f) {
  const std::string svg = to_svg(f);
  INFO(f.title << "\n" << svg);
  CHECK(lower(svg).find("nan") == std::string::npos);
  CHECK(distinct(texts_of_class(svg, "xtick")));
  CHECK(distinct(texts_of_class(svg, "ytick")));
}

StatementResult with_traces(std::vector<std::vector<double>> traces) {
  StatementResult r;
  for (std::size_t c = 0; c < traces.size(); ++c) r.claims.push_back(ClaimTally{"claim " + std::to_string(c), "", 0, 0, 0, 0, {}});
  r.targeted.traces = std::move(traces);
  return r;
}

}  // namespace

TEST_CASE("figures: degenerate instances draw no NaN and tell their ticks apart") {
  // P3.b with W = 0 and beta = 0: rho has no value anywhere, D_k is flat.
  SmoothingInstance x;
  x.k = 2;
  x.beta = Rational(0);
  x.mu = {Rational(0), Rational(0)};
  x.L = {{Rational(0)}, {Rational(0)}};
  x.W = {{Rational(0), Rational(0)}, {Rational(0), Rational(0)}};
  const std::vector<Figure> curves = smoothing_case_figures(x);
  REQUIRE(curves.size() == 2);
  for (const Figure& f : curves) check_picture(f);
  CHECK(to_svg(curves[1]).find("undefined on [0, 1]") != std::string::npos);

  // P4.U_diag's slack chart at a constant slack, at one varying past the
  // third digit, and at equality beside a refutation.
  for (const auto& traces : {std::vector<std::vector<double>>{{1.0 / 3, 1.0 / 3, 1.0 / 3, 1.0 / 3}},
                             std::vector<std::vector<double>>{{0.333333, 0.333332, 0.333331}},
                             std::vector<std::vector<double>>{{0.5, 0.0, 0.0}, {0.5, -0.25, -0.5}}}) {
    const std::optional<Figure> slack = targeted_slack_figure(with_traces(traces));
    REQUIRE(slack);
    check_picture(*slack);
    // The x axis counts evaluations: whole-number ticks.
    for (const std::string& tick : texts_of_class(to_svg(*slack), "xtick")) CHECK(tick.find('.') == std::string::npos);
  }
  // Equality and refutation are drawn at different heights.
  const Figure both = *targeted_slack_figure(with_traces({{0.5, 0.0}, {0.5, -0.5}}));
  CHECK(both.series[0].y.back() != both.series[1].y.back());

  // A heatmap of undefined values, and a legend with a long name that must fit.
  Figure map;
  map.kind = Figure::Kind::Heatmap;
  map.title = "weights";
  map.values = {{std::nan(""), 1}, {0, std::nan("")}};
  map.row_labels = {"a", "b"};
  map.column_labels = {"c", "d"};
  map.low = std::nan("");
  map.high = std::nan("");
  check_picture(map);
  Figure legend;
  legend.title = "t";
  legend.series.push_back({std::string(60, 'x'), {0, 1}, {0, 1}, "", false});
  const std::string svg = to_svg(legend);
  const double width = std::stod(svg.substr(svg.find("width=\"") + 7));
  CHECK(width >= 70 + 460 + 28 + 6 * 60);
}
