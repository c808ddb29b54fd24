#pragma once
// Pictures a report carries, as data: a checker fills them, the HTML writer
// draws them as inline SVG. Kept free of any drawing code.
#include <string>
#include <vector>

namespace sinkcheck {

struct Figure {
  enum class Kind { Heatmap, Lines };
  Kind kind = Kind::Lines;
  std::string title;
  std::string caption;

  // Heatmap: values[row][col], with labels; the colour scale spans [low, high].
  std::vector<std::vector<double>> values;
  std::vector<std::string> row_labels, column_labels;
  double low = 0, high = 1;

  // Lines: one polyline per series over shared axes.
  struct Series {
    std::string name;
    std::vector<double> x, y;
    std::string colour;    // CSS colour; empty: the palette's next
    bool markers = false;  // points (a scatter) instead of a polyline
  };
  std::vector<Series> series;
  std::string x_label, y_label;
};

}  // namespace sinkcheck
