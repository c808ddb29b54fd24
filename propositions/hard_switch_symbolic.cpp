#include "propositions/hard_switch_symbolic.hpp"

#include "generators/switch_context.hpp"
#include "propositions/hard_switch.hpp"
#include "propositions/sink_representability.hpp"

namespace sinkcheck {

namespace {

std::string numbered(const std::string& stem, long count, const std::string& separator) {
  std::string text;
  for (long j = 1; j <= count; ++j) text += (j > 1 ? separator : "") + stem + std::to_string(j);
  return text;
}

// "[u1; u2; u3]" and the like.
std::string coq_list(const std::string& stem, long count) { return "[" + numbered(stem, count, "; ") + "]"; }

// The competitors' weights u_j = exp(s_j - s_target), each at most exp(-bound).
std::vector<std::string> weight_hypotheses(long keys, const std::string& bound) {
  std::vector<std::string> hypotheses;
  for (long j = 1; j <= keys; ++j) hypotheses.push_back("0 < u" + std::to_string(j) + " <= exp (- " + bound + ")");
  return hypotheses;
}

std::vector<CoqFamily> switch_families(const DomainTable& domain) {
  std::vector<CoqFamily> families;
  for (long K = 1; K <= switch_domain(domain).keys_max; ++K) {
    CoqFamily f;
    f.label = "K" + std::to_string(K);
    f.scope = "K = " + std::to_string(K) + " other visible key" + (K > 1 ? "s" : "") + ", every margin m";
    f.binders = {"(m : R)", "(" + numbered("u", K, " ") + " : R)", "(v0n : R)"};
    f.hypotheses = weight_hypotheses(K, "m");
    f.hypotheses.push_back("0 <= v0n");
    const std::string us = coq_list("u", K), xs = coq_list("x", K);
    f.quantities = {{"K", std::to_string(K)},
                    {"m", "m"},
                    {"g", "gate " + us},
                    {"a0", "target_mass " + us},
                    {"v0_norm2", "v0n"},
                    {"o", "switch_output v0c " + us + " " + xs},
                    {"obar", "sink_free_output " + us + " " + xs},
                    {"v0", "v0c"},
                    {"vx", "x1"}};
    // One value coordinate: the target's v0c and the others' x1..xK; v0n
    // bounds the target's squared coordinate (it is ||v0||^2).
    f.coordinate_binder = "(v0c " + numbered("x", K, " ") + " : R)";
    f.coordinate_hypothesis = "v0c * v0c <= v0n";
    families.push_back(std::move(f));
  }
  return families;
}

const std::map<std::string, std::string> kSwitchOpenQuantities = {
    {"o_norm2", "a sum over the value coordinates (their number is not fixed by the model's coordinate)"},
    {"obar_norm2", "a sum over the value coordinates (their number is not fixed by the model's coordinate)"},
    {"o_dist2", "a sum over the value coordinates (their number is not fixed by the model's coordinate)"},
    {"vx_norm2", "a sum over the value coordinates (their number is not fixed by the model's coordinate)"},
    {"max_dist2", "a maximum over the keys of sums over the value coordinates"},
    {"max_norm2", "a maximum over the keys of sums over the value coordinates"},
    {"probe", "a flag over the keys' tokens (whether every other key is the same token)"},
};

std::vector<CoqFamily> sink_softmax_families(const DomainTable& domain) {
  std::vector<CoqFamily> families;
  for (long K = 1; K <= sink_domain(domain).softmax_tokens_max; ++K) {
    CoqFamily f;
    f.label = "K" + std::to_string(K);
    f.scope = "queries with K_i = " + std::to_string(K) + " visible key" + (K > 1 ? "s" : "") + ", every kappa";
    f.binders = {"(kappa : R)"};
    f.hypotheses = {"0 < kappa"};
    f.quantities = {{"kappa", "kappa"}, {"K_i", std::to_string(K)}, {"gate", "gate " + coq_list("u", K)},
                    {"sink_mass", "target_mass " + coq_list("u", K)}};
    // A coordinate is a query i: its weights u_j = exp(-m_ij), m_ij >= kappa.
    f.coordinate_binder = "(" + numbered("u", K, " ") + " : R)";
    std::string weights;
    for (const std::string& h : weight_hypotheses(K, "kappa")) weights += (weights.empty() ? "" : " /\\ ") + ("(" + h + ")");
    f.coordinate_hypothesis = weights;
    families.push_back(std::move(f));
  }
  return families;
}

}  // namespace

const SymbolicModel& hard_switch_symbolic_model() {
  static const SymbolicModel model{
      "SinkcheckSwitch", "sinkcheck_switch_auto",
      [](const DomainTable& domain) {
        return "every K <= " + std::to_string(switch_domain(domain).keys_max) + " and every margin";
      },
      switch_families, kSwitchOpenQuantities};
  return model;
}

const SymbolicModel& sink_softmax_symbolic_model() {
  static const SymbolicModel model{
      "SinkcheckSwitch", "sinkcheck_switch_auto",
      [](const DomainTable& domain) {
        return "every query with K_i <= " + std::to_string(sink_domain(domain).softmax_tokens_max) +
               " keys and every kappa > 0";
      },
      sink_softmax_families,
      {{"margin", "the minimum gap over the query's keys is not a closed form in the weights"},
       {"eps", "an input of the epsilon-sink claims, outside the gate's model"}}};
  return model;
}

}  // namespace sinkcheck
