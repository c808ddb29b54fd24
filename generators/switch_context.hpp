#pragma once
// Contexts for P2 (sinks as hard switches): one query's scores over its keys
// and the keys' values, with a designated target key (the sink, or the query
// itself for the diagonal variant).
#include <rapidcheck/Gen.h>

#include <Eigen/Core>
#include <vector>

#include "verify/rational.hpp"

namespace sinkcheck {

struct SwitchContext {
  std::vector<Rational> scores;  // s_0 … s_T: the query's scores on every key
  std::vector<std::vector<Rational>> values;  // v_0 … v_T, each of the value dimension
  std::size_t target = 0;        // 0: the sink; the query itself for the diagonal pattern
  std::size_t query = 1;         // query position i (a causal query sees keys 0..i)
  bool causal = false;

  std::size_t keys() const { return scores.size(); }
  std::size_t value_dim() const { return values.empty() ? 0 : values[0].size(); }
  bool visible(std::size_t key) const { return !causal || key <= query; }
};

enum class SwitchTarget { Sink, Self };

// The largest legal [P2.domain] values: the generator's worst case, and so
// the largest instance `replay` accepts.
struct SwitchLimits {
  static constexpr long keys = 64, value_dim = 16, margin = 100000;
};

// The parameter domain of the generator, editable in [P2.domain].
struct SwitchDomain {
  long keys_max = 12;        // non-sink keys T
  long value_dim_max = 4;
  long margin_max = 5000;    // largest score gap s_target - max s_j
};

// Zero-value targets, probe contexts (all other keys one token), margins from
// 0 to margin_max, ties, negative gaps, causal and non-causal masks.
rc::Gen<SwitchContext> switch_context_gen(const SwitchDomain& domain, SwitchTarget target);

}  // namespace sinkcheck
