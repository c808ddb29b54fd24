#pragma once
// Figure 8's head classes from P3, with certified signs: a measured head
// (β, B, W) is red when β tr(BW) > 0 (dense attention smooths more), blue when
// β tr(BW) + tr(BWᵀW) < 0 (it smooths less), grey otherwise. The measured
// doubles are exact rationals, so every sign is decided through the precision
// policy: double intervals, Arb balls up to the cap, then exact arithmetic.
#include <Eigen/Core>
#include <string>

#include "verify/decide.hpp"

namespace sinkcheck {

struct MeasuredHead {
  std::string label;
  double beta = 0;
  Eigen::MatrixXd B, W;  // d x d
};

struct CertifiedSignOf {
  int sign = 0;         // -1, 0, +1 when decided
  bool decided = false;
  bool at_most_zero = false;  // "> 0" was certified false, even if "< 0" stayed open
  std::string stage;    // what decided it ("double", "arb-256", "exact"), or the cap reached
  double approx = 0;    // a double estimate, for display
};

struct HeadClass {
  std::string label;
  CertifiedSignOf trBW, trBWtW, red, blue;  // red: β tr(BW); blue: β tr(BW) + tr(BWᵀW)
  std::string colour;   // "red", "blue", "grey" or "undecided"
  std::string note;     // e.g. tr(BWᵀW) < 0: B is not PSD
};

HeadClass classify_head(const MeasuredHead& head, const PrecisionPolicy& policy);

}  // namespace sinkcheck
