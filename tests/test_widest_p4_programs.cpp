// Issue 26 item 5: P4's programs are decided across the whole legal domain.
// Instances drawn from the widest P4 tables the issue names (C up to 6, n up
// to 4, r up to 8, λ in [1/64, 64]) must each get a certified optimum with a
// relative gap below 1e-6, for the sink and the diagonal pattern alike.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "copy_task_samples.hpp"
#include "propositions/copy_patterns.hpp"
#include "propositions/cost_bounds.hpp"
#include "propositions/pattern_optimum.hpp"

using namespace sinkcheck;
using namespace sinkcheck::test;

namespace {

CopyTaskDomain widest_tables() {
  CopyTaskDomain d;
  d.groups_max = 6;
  d.per_group_max = 4;
  d.nuisance_dim_max = 8;
  d.lambda_min = Rational(1, 64);
  d.lambda_max = 64;
  return d;
}

// Every instance's two programs: certified, with a relative gap below 1e-6.
void require_decided(const std::vector<CopyTaskInstance>& instances) {
  for (const CopyTaskInstance& x : instances)
    for (Pattern pattern : {Pattern::Sink, Pattern::Diagonal}) {
      INFO(name(pattern) << " pattern of " << copy_task_to_json(x).dump());
      const PatternOptimum opt =
          certified_pattern_optimum(pattern_preferences(copy_task_contexts(x, pattern)), x.space_dim());
      INFO("certified [" << to_double(opt.lower) << ", " << to_double(opt.upper) << "] by "
                         << opt.certificate->solver);
      CHECK(opt.lower <= opt.upper);
      CHECK(opt.relative_gap() < 1e-6);
    }
}

}  // namespace

TEST_CASE("widest P4 tables: every drawn program is certified to a relative gap below 1e-6", "[P4]") {
  require_decided(sample_instances(24, widest_tables()));
}

// The same over more draws (ctest label long: cmake -DSINKCHECK_LONG_TESTS=ON).
TEST_CASE("long: widest P4 tables, 300 draws", "[.][p4-widest-long]") {
  require_decided(sample_instances(300, widest_tables()));
}

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
TEST_CASE("explore", "[.][explore]") {
  const char* file = std::getenv("P4_INSTANCES");
  std::vector<CopyTaskInstance> xs;
  if (file) {
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) xs.push_back(copy_task_from_json(nlohmann::json::parse(line)));
  } else {
    xs = sample_instances(std::atoi(std::getenv("P4_COUNT")), widest_tables());
  }
  for (const CopyTaskInstance& x : xs)
    for (Pattern pattern : {Pattern::Sink, Pattern::Diagonal}) {
      const PatternOptimum opt =
          certified_pattern_optimum(pattern_preferences(copy_task_contexts(x, pattern)), x.space_dim());
      std::cout << name(pattern) << " C=" << x.groups << " n=" << x.per_group << " r=" << x.nuisance_dim()
                << " lambda=" << to_string(x.lambda) << " [" << to_double(opt.lower) << ", " << to_double(opt.upper)
                << "] gap " << opt.relative_gap() << " " << opt.certificate->solver << " "
                << opt.certificate->solve_seconds << "s\n";
      if (opt.relative_gap() > 1e-6) std::cout << "BAD " << copy_task_to_json(x).dump() << "\n";
    }
}
#include "verify/nuclear_norm.hpp"
TEST_CASE("explore2", "[.][explore]") {
  std::ifstream in(std::getenv("P4_INSTANCES"));
  std::string line;
  while (std::getline(in, line)) {
    const CopyTaskInstance x = copy_task_from_json(nlohmann::json::parse(line));
    for (Pattern pattern : {Pattern::Sink, Pattern::Diagonal}) {
      NuclearNormProgram program;
      program.dim = x.space_dim();
      for (const Preference& p : pattern_preferences(copy_task_contexts(x, pattern)))
        program.constraints.push_back(RankOneConstraint{p.left, p.right});
      for (auto solver : {NuclearNormOptions::Solver::interior_point, NuclearNormOptions::Solver::dsdp}) {
        NuclearNormOptions o;
        o.solver = solver;
        try {
          const NuclearNormCertificate c = certify_min_nuclear_norm(program, o);
          std::cout << name(pattern) << " [" << to_double(c.lower) << ", " << to_double(c.upper) << "] gap "
                    << c.relative_gap() << " " << c.solver << "\n";
        } catch (const std::exception& e) {
          std::cout << name(pattern) << " error " << e.what() << "\n";
        }
      }
    }
  }
}
TEST_CASE("explore3", "[.][explore]") {
  double worst = 0;
  for (const CopyTaskInstance& x : sample_instances(std::atoi(std::getenv("P4_COUNT"))))
    for (Pattern pattern : {Pattern::Sink, Pattern::Diagonal}) {
      NuclearNormProgram program;
      program.dim = x.space_dim();
      for (const Preference& p : pattern_preferences(copy_task_contexts(x, pattern)))
        program.constraints.push_back(RankOneConstraint{p.left, p.right});
      NuclearNormCertificate c;
      try { c = certify_min_nuclear_norm(program); } catch (const std::exception& e) { std::cout << "throw\n"; continue; }
      worst = std::max(worst, c.relative_gap());
      if (c.relative_gap() > 1e-8) std::cout << "gap " << c.relative_gap() << " " << c.solver << "\n";
    }
  std::cout << "worst " << worst << "\n";
}
