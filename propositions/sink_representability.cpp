#include "propositions/sink_representability.hpp"

#include <boost/integer/common_factor.hpp>

#include "propositions/hard_switch_symbolic.hpp"
#include "engine/instance_fields.hpp"
#include "propositions/pattern_optimum.hpp"
#include "propositions/sink_certificates.hpp"
#include "propositions/sink_figures.hpp"
#include "verify/attention.hpp"
#include "engine/model_registration.hpp"
#include "verify/quantity_binder.hpp"

namespace sinkcheck {

const std::vector<Variable>& sink_geometry_variables() {
  static const std::vector<Variable> vars = {
      {"d", false, "embedding dimension"},
      {"T", false, "number of non-sink tokens"},
      {"J", false, "number of queries that must sink |J|"},
      {"K", false, "number of competitor keys |K| ([T], or [max J] under a causal mask)"},
      {"kappa", false, "the margin asked for"},
      {"causal", false, "1 under a causal mask (K = [max J], K_i = [i]), else 0"},
      {"rho_Q", false, "dist(0, conv{z_i : i in J}) (alignment of the queries)"},
      {"rho_K", false, "dist(z_0, conv{z_j : j in K}) (separation of the sink from the keys)"},
      {"sinkable", false, "1 if an explicit W sinks J (checked exactly), 0 if an exact convex-combination certificate shows none does"},
      {"q_blocked", false, "1 if an exact convex combination of the queries equals 0, else 0"},
      {"k_blocked", false, "1 if an exact convex combination of the keys equals z_0, else 0"},
      {"q_align", false, "min over i in J of <p_Q, z_i>/|p_Q|: the queries' margin from the half-space boundary (undefined if rho_Q = 0)"},
      {"k_align", false, "min over j in K of <p_K, z_0 - z_j>/|p_K| (undefined if rho_K = 0)"},
      {"primal_margin", false, "min over i in J, j in K of z_i^T W* (z_0 - z_j)/sqrt(d), W* the rank-one construction at margin kappa"},
      {"cost_upper", false, "nuclear norm of W*: an upper bound on the minimal cost (W* is feasible)"},
      {"dual_sum", false, "sum of the dual multipliers mu_ij = sqrt(d) alpha_i beta_j/(rho_Q rho_K)"},
      {"dual_opnorm", false, "operator norm of sum mu_ij z_i (z_0 - z_j)^T/sqrt(d) (rank one: exact)"},
      {"cost_lower", false, "kappa * dual_sum / dual_opnorm: the weak-duality lower bound on the cost of every W that sinks J"},
      {"c_max", false, "max over j in K of cos(z_0, z_j) (undefined if a norm is 0)"},
      {"norm_spread", false, "max over all tokens of |(|z_j|^2 - d)| (0 for LayerNorm-scale embeddings)"},
      {"nn_opt", false, "the minimal cost as P4's certified nuclear-norm program finds it (a certified interval; P1.b, "
                        "d <= 16, |J| |K| <= 2000 and rho_Q rho_K >= 1e-4 only)"},
  };
  return vars;
}

const std::vector<Variable>& sink_softmax_variables() {
  static const std::vector<Variable> vars = [] {
    std::vector<Variable> v = sink_geometry_variables();
    v.push_back({"eps", false, "the epsilon of the epsilon-sink statements"});
    v.push_back({"K_i", true, "per query i in J: number of visible non-sink keys |K_i|"});
    v.push_back({"margin", true, "per query i in J: min over j in K_i of the score gap s_i0 - s_ij under W* at margin kappa"});
    v.push_back({"sink_mass", true, "per query i in J: softmax mass A_i0 on the sink under W* at margin kappa"});
    v.push_back({"gate", true, "per query i in J: 1 - A_i0, as the sum of the non-sink weights (log domain, no cancellation)"});
    return v;
  }();
  return vars;
}

namespace {

// The per-query softmax inputs of P1.c: score gaps m_ij = κ a_i b_j/(ρ_Q² ρ_K²) ≥ κ over K_i.
std::vector<std::vector<Rational>> query_margins(const SinkInstance& s, const SinkFacts& f) {
  std::vector<std::vector<Rational>> m;
  const Rational scale = s.kappa / (f.queries.norm2 * f.keys.norm2);
  for (std::size_t q = 0; q < s.J.size(); ++q) {
    std::vector<Rational> row;
    for (std::size_t j : s.visible_keys(s.J[q])) {
      const std::size_t k = std::size_t(std::lower_bound(f.K.begin(), f.K.end(), j) - f.K.begin());
      row.push_back(scale * f.a[q] * f.b[k]);
    }
    m.push_back(std::move(row));
  }
  return m;
}

template <class S>
std::vector<S> scalar(const S& x) {
  return {x};
}

template <class S>
S rat(const Rational& q) {
  return from_rational<S>(q);
}

// The exact field of P1.c's softmax, Q(e^{1/D}): D the lcm of the margins'
// denominators, over the queries whose exponents m D stay in range (greedily;
// a tie, where every margin equals kappa, always fits). The other queries'
// masses are undefined in the exact stage and decided by intervals.
struct SoftmaxLattice {
  Integer D = 1;
  std::vector<char> exact;  // per query in J
};

SoftmaxLattice softmax_lattice(const std::vector<std::vector<Rational>>& margins) {
  SoftmaxLattice lattice;
  const Integer limit = Integer(1) << 58;
  for (const auto& row : margins) {
    Integer D = lattice.D;
    Rational top = 0;
    for (const Rational& m : row) {
      D = boost::integer::lcm(D, Integer(boost::multiprecision::denominator(m)));
      top = std::max(top, m);
    }
    const bool fits = Rational(D) * top < Rational(limit) && D < limit;
    lattice.exact.push_back(fits);
    if (fits) lattice.D = D;
  }
  return lattice;
}

// The quantities of sink_geometry_variables() (and, for P1.c, the softmax
// ones), evaluated in S and bound by name; undefined ones bound as such.
template <class S>
void sink_quantities(const SinkInstance& s, const SinkFacts& f, bool softmax,
                     const std::vector<std::vector<Rational>>& margins, const SoftmaxLattice& lattice,
                     const std::optional<PatternOptimum>& cross_check, QuantityBinder<S>& b) {
  const Rational& rq2 = f.queries.norm2;
  const Rational& rk2 = f.keys.norm2;
  const bool feasible = rq2 > 0 && rk2 > 0;
  const S kappa = rat<S>(s.kappa), sqrt_d = sqrt(rat<S>(Rational(long(f.dim))));
  const S rho_Q = sqrt(rat<S>(rq2)), rho_K = sqrt(rat<S>(rk2));

  b.set("d", rat<S>(Rational(long(f.dim))));
  b.set("T", rat<S>(Rational(long(f.T))));
  b.set("J", rat<S>(Rational(long(s.J.size()))));
  b.set("K", rat<S>(Rational(long(f.K.size()))));
  b.set("kappa", kappa);
  b.set("causal", rat<S>(Rational(s.causal ? 1 : 0)));
  b.set("rho_Q", rho_Q);
  b.set("rho_K", rho_K);
  b.set("sinkable", rat<S>(Rational(f.sinkable ? 1 : 0)));
  b.set("q_blocked", rat<S>(Rational(f.q_blocked ? 1 : 0)));
  b.set("k_blocked", rat<S>(Rational(f.k_blocked ? 1 : 0)));
  b.set_if(rq2 > 0, "q_align", [&] { return S(rat<S>(*std::min_element(f.a.begin(), f.a.end())) / rho_Q); });
  b.set_if(rk2 > 0, "k_align", [&] { return S(rat<S>(*std::min_element(f.b.begin(), f.b.end())) / rho_K); });
  b.set_if(feasible, "primal_margin", [&] { return rat<S>(f.primal_margin); });
  // ‖W*‖_* = κ√d ‖p_Q‖ ‖p_K‖/(ρ_Q² ρ_K²): rank one, so the product of the factors' norms.
  b.set_if(feasible, "cost_upper", [&] {
    return S(kappa * sqrt_d * sqrt(rat<S>(dot(f.queries.point, f.queries.point))) *
             sqrt(rat<S>(dot(f.keys.point, f.keys.point))) / rat<S>(rq2 * rk2));
  });
  // Σ μ_ij = √d (Σ α)(Σ β)/(ρ_Q ρ_K)
  b.set_if(feasible, "dual_sum", [&] {
    Rational sa = 0, sb = 0;
    for (const Rational& w : f.queries.weights) sa += w;
    for (const Rational& w : f.keys.weights) sb += w;
    return S(sqrt_d * rat<S>(sa * sb) / (rho_Q * rho_K));
  });
  // Σ μ_ij z_i (z_0 − z_j)ᵀ/√d = u vᵀ/(ρ_Q ρ_K), whose operator norm is ‖u‖ ‖v‖/(ρ_Q ρ_K).
  b.set_if(feasible, "dual_opnorm",
           [&] { return S(sqrt(rat<S>(f.u_norm2)) * sqrt(rat<S>(f.v_norm2)) / (rho_Q * rho_K)); });
  b.set_if(feasible, "cost_lower", [&] { return S(kappa * b.get("dual_sum")[0] / b.get("dual_opnorm")[0]); });
  b.set_if(f.c_max_defined, "c_max", [&] { return S(rat<S>(f.c_max_dot) / sqrt(rat<S>(f.c_max_norms2))); });
  b.set("norm_spread", rat<S>(f.norm_spread));
  // min ||W||_* = kappa sqrt(d) min ||W~||_* over z_i^T W~ (z_0 - z_j) >= 1: a
  // certified interval, which the exact field cannot hold.
  if constexpr (!std::is_same_v<S, ExactValue>)
    b.set_if(cross_check.has_value(), "nn_opt",
             [&] { return S(kappa * sqrt_d * from_rational_range<S>(cross_check->lower, cross_check->upper)); });
  else
    b.set_undefined("nn_opt");
  if (!softmax) return;

  b.set("eps", rat<S>(s.eps));
  std::vector<S> K_i, margin, mass, gate;
  const bool defined = feasible && !margins.empty();
  for (std::size_t q = 0; defined && q < s.J.size(); ++q) {
    K_i.push_back(rat<S>(Rational(long(margins[q].size()))));
    margin.push_back(rat<S>(*std::min_element(margins[q].begin(), margins[q].end())));
    if constexpr (std::is_same_v<S, ExactValue>) {
      if (!lattice.exact[q]) {
        const std::string why = "query " + std::to_string(s.J[q]) + ": margins off the exact field's lattice";
        mass.push_back(ExactValue::undefined(why));
        gate.push_back(ExactValue::undefined(why));
        continue;
      }
    }
    // Scores shifted so the sink's is 0 (softmax is shift invariant): 0, −m_ij.
    std::vector<S> scores{rat<S>(0)};
    for (const Rational& m : margins[q]) scores.push_back(rat<S>(-m));
    const std::vector<S> w = sinkcheck::softmax(scores);
    S rest = rat<S>(0);
    for (std::size_t k = 1; k < w.size(); ++k) rest += w[k];
    mass.push_back(w[0]);
    gate.push_back(rest);
  }
  b.set_vector("K_i", std::move(K_i));
  b.set_vector("margin", std::move(margin));
  b.set_vector("sink_mass", std::move(mass));
  b.set_vector("gate", std::move(gate));
}

}  // namespace

// Independent of the minimum-norm points; a solver failure leaves nn_opt undefined.
std::optional<PatternOptimum> nuclear_norm_cross_check(const SinkInstance& s, const SinkFacts& f,
                                                       PatternOptimumSolver& solver) {
  if (f.dim > 16 || s.J.size() * f.K.size() > 2000 || !(f.queries.norm2 * f.keys.norm2 >= Rational(1, 100000000)))
    return std::nullopt;
  std::vector<Preference> preferences;
  for (std::size_t i : s.J)
    for (std::size_t j : f.K) {
      RationalVector diff(f.dim);
      for (std::size_t k = 0; k < f.dim; ++k) diff[k] = s.tokens[0][k] - s.tokens[j][k];
      preferences.push_back(Preference{s.tokens[i], std::move(diff)});
    }
  try {
    return solver.solve(preferences, f.dim);
  } catch (const std::runtime_error&) {
    return std::nullopt;
  }
}

SinkDomain sink_domain(const DomainTable& domain) {
  domain.require_known({"tokens_max", "dim_max", "large_tokens_max", "large_dim_max", "large_percent",
                        "softmax_tokens_max", "margin_max", "degenerate_exponent"});
  SinkDomain d;
  using L = SinkLimits;
  d.tokens_max = domain.integer("tokens_max", d.tokens_max, 1, L::tokens);
  d.dim_max = domain.integer("dim_max", d.dim_max, 1, L::dim);
  d.large_tokens_max = domain.integer("large_tokens_max", d.large_tokens_max, 2, L::tokens);
  d.large_dim_max = domain.integer("large_dim_max", d.large_dim_max, 1, L::dim);
  d.large_percent = domain.integer("large_percent", d.large_percent, 0, 100);
  d.softmax_tokens_max = domain.integer("softmax_tokens_max", d.softmax_tokens_max, 1, L::softmax_tokens);
  d.margin_max = domain.integer("margin_max", d.margin_max, 50, L::margin);
  d.degenerate_exponent = domain.integer("degenerate_exponent", d.degenerate_exponent, 1, L::degenerate_exponent);
  return d;
}

StagedQuantities sink_staged_quantities(const SinkInstance& s, bool softmax,
                                        const std::shared_ptr<PatternOptimumSolver>& cross_check) {
  const std::vector<Variable>& variables = softmax ? sink_softmax_variables() : sink_geometry_variables();
  std::shared_ptr<const SinkFacts> facts;
  std::string failure;
  try {
    facts = std::make_shared<const SinkFacts>(sink_facts(s));
  } catch (const CertificateError& e) {
    failure = e.what();
  }
  if (!facts) {
    // No certified facts: every quantity undefined, every claim undecided.
    return staged_by_name(variables, [&variables](auto& binder) {
      for (const Variable& v : variables) binder.set_undefined(v.name);
    });
  }
  auto margins = std::make_shared<const std::vector<std::vector<Rational>>>(
      softmax && facts->sinkable ? query_margins(s, *facts) : std::vector<std::vector<Rational>>());
  auto lattice = std::make_shared<const SoftmaxLattice>(softmax_lattice(*margins));
  auto cross = std::make_shared<const std::optional<PatternOptimum>>(
      cross_check && facts->sinkable ? nuclear_norm_cross_check(s, *facts, *cross_check) : std::nullopt);
  // The quantities need the instance's header, not its tokens (T d numbers).
  auto instance = std::make_shared<SinkInstance>();
  instance->J = s.J;
  instance->causal = s.causal;
  instance->kappa = s.kappa;
  instance->eps = s.eps;
  return staged_by_name(
      variables,
      [=](auto& binder) { sink_quantities(*instance, *facts, softmax, *margins, *lattice, *cross, binder); },
      lattice->D);
}

namespace {

// A stored case is one the generators could have drawn: J increasing
// within 1 … T, a positive margin, eps in (0, 1).
void check_instance(const SinkInstance& s) {
  if (s.J.empty())
    throw std::invalid_argument("inputs.J: empty; rho_Q = dist(0, conv{}) is not defined (no query has to sink)");
  for (std::size_t k = 0; k < s.J.size(); ++k) {
    if (s.J[k] > s.T())
      throw std::invalid_argument("inputs.J[" + std::to_string(k) + "]: expected a token index in 1.." + std::to_string(s.T()));
    if (k > 0 && s.J[k] <= s.J[k - 1]) throw std::invalid_argument("inputs.J: indices must be increasing");
  }
  if (s.kappa <= 0) throw std::invalid_argument("inputs.kappa: the margin must be positive");
  if (s.eps <= 0 || s.eps >= 1) throw std::invalid_argument("inputs.eps: must lie in (0, 1)");
}

// A stored case: the tokens z_0 … z_T, the queries J, the mask, the margin,
// eps and the generator family (for the reader).
const InstanceFields<SinkInstance>& sink_fields() {
  static const InstanceFields<SinkInstance> fields =
      InstanceFields<SinkInstance>()
          .matrix("tokens", &SinkInstance::tokens, {0, SinkLimits::tokens + 1}, {1, SinkLimits::dim})
          .limit([](const nlohmann::json& tokens, const std::string& where) {
            if (!tokens.is_array() || tokens.size() < 2)
              throw std::invalid_argument(where + ": expected the sink z_0 and at least one more token");
            if (tokens.size() > std::size_t(SinkLimits::tokens) + 1)
              throw std::invalid_argument(where + ": " + std::to_string(tokens.size() - 1) +
                                          " tokens besides the sink, above the limit of " +
                                          std::to_string(SinkLimits::tokens));
          })
          .integers("J", &SinkInstance::J, 1, SinkLimits::tokens, {0, SinkLimits::tokens})
          .flag("causal", &SinkInstance::causal)
          .rational("kappa", &SinkInstance::kappa)
          .optional_rational("eps", &SinkInstance::eps)
          .text("family", &SinkInstance::family)
          .check(check_instance);
  return fields;
}

struct SinkModel {
  using Instance = SinkInstance;
  static constexpr unsigned hooks =
      model_hook::domain_notes | model_hook::in_domain | model_hook::figures | model_hook::certificate | model_hook::symbolic;
  SinkPurpose purpose;
  // P1.b: also solve P4's nuclear-norm program, with this solver (its
  // certificates reuse the run's solves); null for the other statements.
  std::shared_ptr<PatternOptimumSolver> cross_check = nullptr;

  rc::Gen<Instance> generator(const DomainTable& domain) const { return sink_instance_gen(sink_domain(domain), purpose); }
  std::vector<std::string> domain_notes(const DomainTable& domain) const {
    return sink_skipped_families(sink_domain(domain), purpose);
  }

  // The targeted phase stays within the generator's sizes and margins: P1.c's
  // instances up to softmax_tokens_max tokens and margin_max, the others'
  // margins up to 16.
  bool in_domain(const Instance& s, const DomainTable& domain) const {
    const SinkDomain d = sink_domain(domain);
    long tokens = d.tokens_max, dim = d.dim_max;
    Rational kappa_max = 16;
    if (purpose == SinkPurpose::Softmax) {
      tokens = std::min(d.tokens_max, d.softmax_tokens_max);
      kappa_max = d.margin_max;
    } else if (purpose == SinkPurpose::Geometry) {
      tokens = std::max(d.tokens_max, d.large_tokens_max);
      dim = std::max(d.dim_max, d.large_dim_max);
    }
    return long(s.T()) <= tokens && long(s.dim()) <= dim && s.kappa <= kappa_max;
  }


  StagedQuantities staged(const Instance& s) const {
    return sink_staged_quantities(s, purpose == SinkPurpose::Softmax, cross_check);
  }
  nlohmann::json to_json(const Instance& s) const { return sink_fields().to_json(s); }
  // P1.c's sink masses are one softmax per query (propositions/hard_switch_symbolic.hpp).
  const SymbolicModel* symbolic() const {
    return purpose == SinkPurpose::Softmax ? &sink_softmax_symbolic_model() : nullptr;
  }
  Instance from_json(const nlohmann::json& j) const { return sink_fields().from_json(j); }
  std::vector<Figure> figures(const Instance& s) const { return sink_case_figures(s); }
  nlohmann::json certificate(const Instance& s) const { return sink_certificate(s, cross_check); }
};

}  // namespace

PropositionModels sink_representability_models() {
  const std::string doc = "docs/propositions/P1-sink-representability.md";
  return {{register_model("sink/geometry", "P1", doc, sink_geometry_variables(), SinkModel{SinkPurpose::Geometry}),
           register_model("sink/geometry-cross-checked", "P1", doc, sink_geometry_variables(),
                          SinkModel{SinkPurpose::Geometry, std::make_shared<PatternOptimumSolver>()}),
           register_model("sink/softmax", "P1", doc, sink_softmax_variables(), SinkModel{SinkPurpose::Softmax}),
           register_model("sink/normalised", "P1", doc, sink_geometry_variables(), SinkModel{SinkPurpose::Normalised})},
          {{"sink/geometry", "P1.a", "Sinks exist iff rho_Q > 0 and rho_K > 0", "recon"},
           {"sink/geometry-cross-checked", "P1.b", "The minimal cost of a sink is kappa sqrt(d)/(rho_Q rho_K)", "recon",
            {"Cross-checked against P4's certified nuclear-norm program (nn_opt) where it is small and "
             "well scaled: an independent certificate of the same minimum."}},
           {"sink/softmax", "P1.c", "Softmax sink masses and the epsilon-sink cost sandwich", "recon",
            {"Sink masses are those of W* scaled to margin kappa (up to 5000), in the log domain."}},
           {"sink/normalised", "P1.d", "Normalised embeddings: the cost bounds in c_max", "recon"}}};
}

}  // namespace sinkcheck
