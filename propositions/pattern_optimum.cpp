#include "propositions/pattern_optimum.hpp"

#include <map>
#include <mutex>
#include <stdexcept>

#include "verify/nuclear_norm.hpp"

namespace sinkcheck {

double PatternOptimum::relative_gap() const {
  return upper > 0 ? to_double((upper - lower) / upper) : 0.0;
}

namespace {

std::string cache_key(const std::vector<Preference>& preferences, std::size_t dim) {
  std::string key = std::to_string(dim);
  for (const Preference& p : preferences) {
    for (const Rational& v : p.left) key += "," + to_string(v);
    key += ";";
    for (const Rational& v : p.right) key += "," + to_string(v);
    key += "|";
  }
  return key;
}

}  // namespace

PatternOptimum certified_pattern_optimum(const std::vector<Preference>& preferences, std::size_t dim) {
  static PatternOptimumSolver p4_solver;
  return p4_solver.solve(preferences, dim);
}

PatternOptimum PatternOptimumSolver::solve(const std::vector<Preference>& preferences, std::size_t dim) {
  const std::string key = cache_key(preferences, dim);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  }
  NuclearNormProgram program;
  program.dim = dim;
  for (const Preference& p : preferences) program.constraints.push_back(RankOneConstraint{p.left, p.right});
  // Our interior-point solver first (fast); DSDP when it fails or leaves a
  // wide gap. Either way the certificate, not the solver, makes the interval.
  NuclearNormOptions options;
  options.solver = NuclearNormOptions::Solver::automatic;
  NuclearNormCertificate certificate = certify_min_nuclear_norm(program, options);
  PatternOptimum out;
  out.lower = certificate.lower;
  out.upper = certificate.upper;
  out.constraints = certificate.distinct_constraints;
  out.seconds = certificate.solve_seconds + certificate.certify_seconds;
  out.certificate = std::make_shared<const NuclearNormCertificate>(std::move(certificate));
  std::lock_guard<std::mutex> lock(mutex_);
  if (cache_.size() > 512) cache_.clear();  // bounded: a run revisits only its recent cases
  cache_.emplace(key, out);
  return out;
}

}  // namespace sinkcheck
