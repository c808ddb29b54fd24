// Pictures of the HTML report: the data they draw and the SVG they become.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "propositions/smoothing_figures.hpp"
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
