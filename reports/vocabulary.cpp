// The words every rendering uses for cases and stages, defined once: the
// console, report.md and report.html say the same thing the same way.
#include <algorithm>
#include <cstdlib>

#include "reports/writers.hpp"

namespace sinkcheck {

std::size_t case_budget(const StatementResult& s) {
  return s.cases - std::min(s.cases, s.targeted.cases) + s.targeted.budget;
}

const char* cases_legend() {
  return "budget: random cases + targeted evaluations; cases: certified cases (the random cases and the instances "
         "the targeted search certified); escalated: cases that needed more than double intervals";
}

std::vector<std::pair<std::string, std::size_t>> stages_by_precision(const std::map<std::string, std::size_t>& decided_by) {
  // double, then the Arb steps by bits, then exact; undefined and the cap last.
  auto rank = [](const std::string& stage) -> std::pair<int, long> {
    if (stage == "double") return {0, 0};
    if (stage.rfind("arb-", 0) == 0 || stage.rfind("mpfi-", 0) == 0)
      return {1, std::atol(stage.c_str() + stage.find('-') + 1)};
    if (stage == "exact") return {2, 0};
    if (stage == "undefined") return {3, 0};
    return {4, 0};
  };
  std::vector<std::pair<std::string, std::size_t>> stages(decided_by.begin(), decided_by.end());
  std::stable_sort(stages.begin(), stages.end(), [&](const auto& a, const auto& b) { return rank(a.first) < rank(b.first); });
  return stages;
}

}  // namespace sinkcheck
