#include "propositions/hard_switch.hpp"

#include <boost/integer/common_factor.hpp>

#include <cmath>

#include "propositions/hard_switch_symbolic.hpp"
#include "engine/instance_fields.hpp"
#include "verify/attention.hpp"
#include "verify/quantity_binder.hpp"
#include "engine/model_registration.hpp"

namespace sinkcheck {

const std::vector<Variable>& hard_switch_variables() {
  static const std::vector<Variable> vars = {
      {"a0", false, "attention mass on the target key (the sink, or the query itself in P2.d)"},
      {"g", false, "the gate: total mass on the other visible keys, 1 - a0"},
      {"K", false, "number of visible non-target keys |K_i|"},
      {"m", false, "score margin s_target - max_j s_j over the other visible keys (may be negative)"},
      {"o_norm2", false, "squared norm of the output ||o||^2"},
      {"obar_norm2", false, "squared norm of the sink-free output ||obar||^2"},
      {"v0_norm2", false, "squared norm of the target's value ||v0||^2"},
      {"vx_norm2", false, "squared norm of the first other key's value (the probe token)"},
      {"o_dist2", false, "squared distance of the output from the target's value ||o - v0||^2"},
      {"max_dist2", false, "max over other keys of ||v_j - v0||^2"},
      {"max_norm2", false, "max over other keys of ||v_j||^2"},
      {"probe", false, "1 if every other visible key is the same token (same score and value), else 0"},
      {"o", true, "the output o = sum_j A_j v_j (per coordinate)"},
      {"v0", true, "the target's value (per coordinate)"},
      {"obar", true, "the output of attention without the target, sum_j abar_j v_j (per coordinate)"},
      {"vx", true, "the first other key's value (per coordinate)"},
  };
  return vars;
}

Integer score_lattice_denominator(const SwitchContext& c) {
  Integer d = 1;
  for (const Rational& s : c.scores) d = boost::integer::lcm(d, Integer(boost::multiprecision::denominator(s)));
  return d;
}

namespace {

Rational squared_norm(const std::vector<Rational>& v) {
  Rational s = 0;
  for (const Rational& x : v) s += x * x;
  return s;
}

Rational squared_distance(const std::vector<Rational>& a, const std::vector<Rational>& b) {
  Rational s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += (a[i] - b[i]) * (a[i] - b[i]);
  return s;
}

// The facts about a context that are exact by construction (rational inputs).
struct ExactFacts {
  std::vector<std::size_t> visible, others;
  Rational margin, max_dist2, max_norm2, v0_norm2, vx_norm2;
  bool probe = true;
};

ExactFacts exact_facts(const SwitchContext& c) {
  ExactFacts f;
  for (std::size_t j = 0; j < c.keys(); ++j) {
    if (!c.visible(j)) continue;
    f.visible.push_back(j);
    if (j != c.target) f.others.push_back(j);
  }
  const std::vector<Rational>& v0 = c.values[c.target];
  const std::size_t x = f.others.front();
  Rational best = c.scores[x];
  f.max_dist2 = squared_distance(c.values[x], v0);
  f.max_norm2 = squared_norm(c.values[x]);
  for (std::size_t j : f.others) {
    best = std::max(best, c.scores[j]);
    f.max_dist2 = std::max(f.max_dist2, squared_distance(c.values[j], v0));
    f.max_norm2 = std::max(f.max_norm2, squared_norm(c.values[j]));
    f.probe &= c.scores[j] == c.scores[x] && c.values[j] == c.values[x];
  }
  f.margin = c.scores[c.target] - best;
  f.v0_norm2 = squared_norm(v0);
  f.vx_norm2 = squared_norm(c.values[x]);
  return f;
}

template <class S>
std::vector<S> coords(const Vector<S>& v) {
  return std::vector<S>(v.data(), v.data() + v.size());
}

template <class S>
S squared_norm(const Vector<S>& v) {
  S s = from_rational<S>(0);
  for (Eigen::Index i = 0; i < v.size(); ++i) s += v[i] * v[i];
  return s;
}

// The quantities of hard_switch_variables(), evaluated in S and bound by name.
template <class S>
void switch_quantities(const SwitchContext& c, QuantityBinder<S>& b) {
  const ExactFacts f = exact_facts(c);
  auto value_matrix = [&](const std::vector<std::size_t>& keys) {
    Matrix<S> m(Eigen::Index(c.value_dim()), Eigen::Index(keys.size()));
    for (std::size_t k = 0; k < keys.size(); ++k)
      for (std::size_t r = 0; r < c.value_dim(); ++r) m(Eigen::Index(r), Eigen::Index(k)) = from_rational<S>(c.values[keys[k]][r]);
    return m;
  };
  auto scores_of = [&](const std::vector<std::size_t>& keys) {
    std::vector<S> s;
    for (std::size_t j : keys) s.push_back(from_rational<S>(c.scores[j]));
    return s;
  };

  const std::vector<S> weights = softmax(scores_of(f.visible));
  const Vector<S> o = attention_output(weights, value_matrix(f.visible));
  S a0 = from_rational<S>(0), g = from_rational<S>(0);
  std::vector<S> other_weights;
  for (std::size_t k = 0; k < f.visible.size(); ++k) {
    if (f.visible[k] == c.target) a0 = weights[k];
    else other_weights.push_back(weights[k]);
  }
  // g as the sum of the small weights, not 1 - a0: at margin 5000 the
  // difference would cancel every digit.
  for (const S& w : other_weights) g += w;
  const Vector<S> obar = attention_output(softmax(scores_of(f.others)), value_matrix(f.others));

  // o - v0 = sum_{j != target} A_j (v_j - v0), free of cancellation.
  Matrix<S> shifted = value_matrix(f.others);
  const Matrix<S> v0 = value_matrix({c.target});
  for (Eigen::Index k = 0; k < shifted.cols(); ++k) shifted.col(k) -= v0.col(0);
  const Vector<S> o_minus_v0 = attention_output(other_weights, shifted);

  b.set("a0", a0);
  b.set("g", g);
  b.set("K", from_rational<S>(Rational(f.others.size())));
  b.set("m", from_rational<S>(f.margin));
  b.set("o_norm2", squared_norm(o));
  b.set("obar_norm2", squared_norm(obar));
  b.set("v0_norm2", from_rational<S>(f.v0_norm2));
  b.set("vx_norm2", from_rational<S>(f.vx_norm2));
  b.set("o_dist2", squared_norm(o_minus_v0));
  b.set("max_dist2", from_rational<S>(f.max_dist2));
  b.set("max_norm2", from_rational<S>(f.max_norm2));
  b.set("probe", from_rational<S>(Rational(f.probe ? 1 : 0)));
  b.set_vector("o", coords<S>(o));
  b.set_vector("v0", coords<S>(Vector<S>(v0.col(0))));
  b.set_vector("obar", coords<S>(obar));
  b.set_vector("vx", coords<S>(Vector<S>(value_matrix({f.others.front()}).col(0))));
}

// A stored context is one the statement's generator could have drawn.
void check_family(const SwitchContext& c, SwitchTarget target) {
  if (c.values.size() != c.scores.size())
    throw std::invalid_argument("inputs.values: expected one value vector per key (" + std::to_string(c.scores.size()) + ")");
  if (c.query >= c.keys() || c.target >= c.keys()) throw std::invalid_argument("inputs.target/query: key index out of range");
  // The query comes after the sink, and the target is the sink (P2.a-c) or
  // the query itself (P2.d).
  if (c.query == 0) throw std::invalid_argument("inputs.query: 0 is the sink; the query is a later key (1 or more)");
  if (target == SwitchTarget::Sink && c.target != 0)
    throw std::invalid_argument("inputs.target: this statement's target is the sink, key 0");
  if (target == SwitchTarget::Self && c.target != c.query)
    throw std::invalid_argument("inputs.target: this statement's target is the query itself (inputs.query = " +
                                std::to_string(c.query) + ")");
  if (!c.visible(c.target)) throw std::invalid_argument("inputs.target: the target key is masked for this query");
  std::size_t others = 0;
  for (std::size_t k = 0; k < c.keys(); ++k) others += c.visible(k) && k != c.target;
  if (others == 0) throw std::invalid_argument("inputs: the query sees no key besides the target");
}

// A stored case: the query's scores on every key and the keys' values, the
// target and the query, the mask; and what ties them together.
const InstanceFields<SwitchContext>& switch_fields(SwitchTarget target) {
  auto fields = [](SwitchTarget target) {
    return InstanceFields<SwitchContext>()
        .vector("scores", &SwitchContext::scores, {2, SwitchLimits::keys + 1})
        .limit([](const nlohmann::json& scores, const std::string& where) {
          if (scores.is_array() && scores.size() > std::size_t(SwitchLimits::keys) + 1)
            throw std::invalid_argument(where + ": " + std::to_string(scores.size()) + " keys, above the limit of " +
                                        std::to_string(SwitchLimits::keys) + " besides the target");
        })
        .matrix("values", &SwitchContext::values, {2, SwitchLimits::keys + 1}, {1, SwitchLimits::value_dim})
        .integer("target", &SwitchContext::target, 0, SwitchLimits::keys)
        .integer("query", &SwitchContext::query, 0, SwitchLimits::keys)
        .flag("causal", &SwitchContext::causal)
        .check([target](const SwitchContext& c) { check_family(c, target); });
  };
  static const InstanceFields<SwitchContext> sink = fields(SwitchTarget::Sink), self = fields(SwitchTarget::Self);
  return target == SwitchTarget::Sink ? sink : self;
}

struct HardSwitchModel {
  using Instance = SwitchContext;
  static constexpr unsigned hooks = model_hook::in_domain | model_hook::figures | model_hook::symbolic;
  SwitchTarget target;

  rc::Gen<Instance> generator(const DomainTable& domain) const { return switch_context_gen(switch_domain(domain), target); }

  // The targeted phase stays where the generator draws: the statement's
  // target (the sink, or the query itself), its sizes, the target's score in
  // [-8, 8], values in [-9, 9], and every gap to the target within
  // at least -16 (no competitor more than 16 above it), the margin at most margin_max.
  bool in_domain(const Instance& c, const DomainTable& domain) const {
    const SwitchDomain d = switch_domain(domain);
    const long others = long(c.keys()) - 1;
    if (others < 1 || others > d.keys_max || c.value_dim() < 1 || long(c.value_dim()) > d.value_dim_max) return false;
    if (c.query < 1 || long(c.query) > others) return false;
    if (c.target != (target == SwitchTarget::Sink ? 0 : c.query)) return false;
    if (abs(c.scores[c.target]) > 8) return false;
    for (const auto& v : c.values)
      for (const Rational& x : v)
        if (abs(x) > 9) return false;
    // No key more than 16 above the target, as the generator draws them.
    for (std::size_t j = 0; j < c.keys(); ++j)
      if (c.scores[c.target] - c.scores[j] < -16) return false;
    // The margin stays within margin_max, as the generator keeps it: the
    // quantity m, the gap to the strongest competitor the query sees. A key
    // the causal mask hides is no competitor: counting it let a hidden key
    // raised near the target pass an m above margin_max (issue 25).
    return c.visible(c.target) && exact_facts(c).margin <= d.margin_max;
  }

  StagedQuantities staged(const Instance& c) const { return switch_staged_quantities(c); }
  const SymbolicModel* symbolic() const { return &hard_switch_symbolic_model(); }

  // The query's attention over its visible keys, as log10 of the weights
  // (at 256 bits: a gate of e^-5000 is -2171, not an underflowed 0).
  std::vector<Figure> figures(const Instance& c) const {
    const ExactFacts f = exact_facts(c);
    WorkingPrecision precision(256);
    std::vector<Mpfi> scores;
    for (std::size_t j : f.visible) scores.push_back(enclose(c.scores[j]));
    const std::vector<Mpfi> logs = log_softmax(scores);
    Figure fig;
    fig.kind = Figure::Kind::Heatmap;
    fig.title = "log10 of the attention weights of the query";
    fig.caption = "Each visible key of the stored case; the target (" +
                  std::string(c.target == 0 ? "the sink z_0" : "the query itself") +
                  ") is marked *. Computed in the log domain at 256 bits.";
    fig.row_labels = {"query " + std::to_string(c.query)};
    fig.values.emplace_back();
    fig.low = 0;
    for (std::size_t k = 0; k < f.visible.size(); ++k) {
      const double log10_weight = ScalarTraits<Mpfi>::approx(logs[k]) / std::log(10.0);
      fig.values[0].push_back(log10_weight);
      fig.low = std::min(fig.low, log10_weight);
      fig.column_labels.push_back((f.visible[k] == c.target ? "*" : "") + std::to_string(f.visible[k]));
    }
    fig.high = 0;
    if (fig.low == 0) fig.low = -1;
    return {fig};
  }

  nlohmann::json to_json(const Instance& c) const { return switch_fields(target).to_json(c); }
  Instance from_json(const nlohmann::json& j) const { return switch_fields(target).from_json(j); }
};

}  // namespace

SwitchDomain switch_domain(const DomainTable& domain) {
  domain.require_known({"keys_max", "value_dim_max", "margin_max"});
  SwitchDomain d;
  d.keys_max = domain.integer("keys_max", d.keys_max, 1, SwitchLimits::keys);
  d.value_dim_max = domain.integer("value_dim_max", d.value_dim_max, 1, SwitchLimits::value_dim);
  d.margin_max = domain.integer("margin_max", d.margin_max, 50, SwitchLimits::margin);
  return d;
}

StagedQuantities switch_staged_quantities(const SwitchContext& c) {
  return staged_by_name(
      hard_switch_variables(), [c](auto& binder) { switch_quantities(c, binder); }, score_lattice_denominator(c));
}

PropositionModels hard_switch_models() {
  const std::string doc = "docs/propositions/P2-hard-switch.md";
  return {{register_model("switch/sink", "P2", doc, hard_switch_variables(), HardSwitchModel{SwitchTarget::Sink}),
           register_model("switch/self", "P2", doc, hard_switch_variables(), HardSwitchModel{SwitchTarget::Self})},
          {{"switch/sink", "P2.a", "A sink is a gate", "recon"},
           {"switch/sink", "P2.b", "Sink implies switch, with rate", "recon"},
           {"switch/sink", "P2.c", "Switch implies sink", "recon"},
           {"switch/self", "P2.d", "Relaxed switch is a diagonal pattern", "recon"}}};
}

}  // namespace sinkcheck
