#pragma once
// Instances for P1 (sink representability): embeddings z_0 … z_T (z_0 the
// sink), the queries J that must sink, a causal flag, the margin κ and, for
// the ε-sink statements, an ε. All exact rationals.
#include <rapidcheck/Gen.h>

#include <string>
#include <vector>

#include "verify/rational.hpp"

namespace sinkcheck {

struct SinkInstance {
  std::vector<std::vector<Rational>> tokens;  // z_0 … z_T, all of dimension d
  std::vector<std::size_t> J;                 // sorted, distinct, within 1 … T
  bool causal = false;
  Rational kappa = 1;                         // the margin asked for
  Rational eps = Rational(1, 10);             // ε of the ε-sink statements (P1.c)
  std::string family;                         // which generator family made it (reports only)

  std::size_t dim() const { return tokens.empty() ? 0 : tokens[0].size(); }
  std::size_t T() const { return tokens.empty() ? 0 : tokens.size() - 1; }
  // K: the competitor keys, [T], or [max J] under a causal mask.
  std::vector<std::size_t> keys() const { return one_to(causal && !J.empty() ? J.back() : T()); }
  // K_i: the non-sink keys query i sees, [T], or [i] under a causal mask.
  std::vector<std::size_t> visible_keys(std::size_t i) const { return one_to(causal ? i : T()); }

 private:
  static std::vector<std::size_t> one_to(std::size_t last) {
    std::vector<std::size_t> k;
    for (std::size_t j = 1; j <= last; ++j) k.push_back(j);
    return k;
  }
};

// What the instances are for: the geometry of P1.a/P1.b (feasible and
// infeasible, near-degenerate, large), the softmax masses of P1.c (feasible,
// margins up to margin_max), the LayerNorm-scale embeddings of P1.d.
enum class SinkPurpose { Geometry, Softmax, Normalised };

// The parameter domain, editable in [P1.domain].
struct SinkDomain {
  long tokens_max = 12;          // T of the everyday instances
  long dim_max = 6;              // d of the everyday instances
  long large_tokens_max = 1024;  // T of the large instances (common direction, fast path)
  long large_dim_max = 256;      // d of the large instances
  long large_percent = 10;       // share of large instances among the geometry cases
  long softmax_tokens_max = 24;  // T of the P1.c instances (every sink mass at high precision)
  long margin_max = 5000;        // largest margin κ of the P1.c instances
  long degenerate_exponent = 30; // near-degenerate gaps go down to 10^-this
};

rc::Gen<SinkInstance> sink_instance_gen(const SinkDomain& domain, SinkPurpose purpose);

}  // namespace sinkcheck
