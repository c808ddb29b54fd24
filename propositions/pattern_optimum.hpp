#pragma once
// The certified optimum of a pattern's program, min ‖W̃‖_* subject to its
// preferences x_qᵀ W̃ (x_t − x_k) ≥ 1, in reduced units (multiply by κ/√d):
// a thin adapter from P4's preferences to verify/nuclear_norm.
#include <memory>
#include <vector>

#include "propositions/copy_patterns.hpp"
#include "verify/nuclear_norm_certificate.hpp"

namespace sinkcheck {

struct PatternOptimum {
  Rational lower, upper;      // lower ≤ min ≤ upper, both certified
  std::size_t constraints = 0;
  double seconds = 0;
  // The exact certificate behind [lower, upper] (certificates.json); its
  // multipliers follow the order of the preferences solved.
  std::shared_ptr<const NuclearNormCertificate> certificate;
  double relative_gap() const;
};

// Throws std::runtime_error when the solver fails or the certificate does
// not check (never a silent guess). Solves are cached by program within the
// process: the tightness table revisits the run's cases.
PatternOptimum certified_pattern_optimum(const std::vector<Preference>& preferences, std::size_t dim);

}  // namespace sinkcheck
