#pragma once
// The certified optimum of a pattern's program, min ‖W̃‖_* subject to its
// preferences x_qᵀ W̃ (x_t − x_k) ≥ 1, in reduced units (multiply by κ/√d):
// a thin adapter from P4's preferences to verify/nuclear_norm.
#include <map>
#include <memory>
#include <mutex>
#include <string>
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

// Solves pattern programs and keeps their optima by program (bounded), for
// whoever holds it: P4's facts and tables revisit the run's cases, and a
// P1.b case's certificate repeats its cross-check. Thread-safe.
class PatternOptimumSolver {
 public:
  // Throws std::runtime_error when the solver fails or the certificate does
  // not check (never a silent guess).
  PatternOptimum solve(const std::vector<Preference>& preferences, std::size_t dim);

 private:
  std::mutex mutex_;
  std::map<std::string, PatternOptimum> cache_;
};

// P4's solver, shared by its statements within the process.
PatternOptimum certified_pattern_optimum(const std::vector<Preference>& preferences, std::size_t dim);

}  // namespace sinkcheck
