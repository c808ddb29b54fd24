#include "engine/statement.hpp"

namespace sinkcheck {

std::uint64_t case_seed(std::uint64_t run_seed, const std::string& statement_id, std::size_t case_index) {
  // FNV-1a of the id, then SplitMix64: stable across platforms and builds.
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char ch : statement_id) h = (h ^ ch) * 1099511628211ull;
  std::uint64_t z = run_seed * 0x9E3779B97F4A7C15ull ^ h ^ (std::uint64_t(case_index) * 0xBF58476D1CE4E5B9ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}


}  // namespace sinkcheck
