#pragma once
// Instances of P4's generator for the tests, from fixed seeds.
#include <rapidcheck/Random.h>
#include <rapidcheck/Shrinkable.h>

#include <vector>

#include "engine/statement.hpp"
#include "generators/copy_task.hpp"

namespace sinkcheck::test {

inline std::vector<CopyTaskInstance> sample_instances(std::size_t count, CopyTaskDomain domain = {}) {
  const rc::Gen<CopyTaskInstance> gen = copy_task_gen(domain);
  std::vector<CopyTaskInstance> out;
  for (std::size_t k = 0; k < count; ++k) out.push_back(gen(rc::Random(case_seed(5, "P4.test", k)), int(k % 101)).value());
  return out;
}

}  // namespace sinkcheck::test
