#include "propositions/cost_bounds.hpp"

#include <set>

#include <boost/integer/common_factor.hpp>

#include <memory>
#include <stdexcept>
#include <type_traits>

#include "propositions/cost_bound_certificates.hpp"
#include "propositions/cost_bound_extras.hpp"
#include "propositions/cost_bounds_symbolic.hpp"
#include "engine/instance_fields.hpp"
#include "verify/quantity_binder.hpp"
#include "verify/attention.hpp"
#include "verify/exact_double.hpp"
#include "engine/model_registration.hpp"

namespace sinkcheck {

const std::vector<Variable>& cost_bound_variables() {
  static const std::vector<Variable> vars = {
      {"kappa", false, "the margin kappa of every preference"},
      {"d", false, "the ambient dimension d (>= 2C + 1 + r)"},
      {"C", false, "number of groups C"},
      {"n", false, "dormant tokens per group n"},
      {"lambda", false, "weight lambda of the group direction in a dormant token"},
      {"t", false, "the scale t of the realised attention (W_QK scaled by t)"},
      {"r_eta", false, "r_eta = rank span{eta_ci}"},
      {"r_eff", false, "r_eff(Sigma_D) = tr Sigma_D / ||Sigma_D||_op (certified enclosure)"},
      {"delta2", false, "delta^2 = tr(Sigma_D)/2"},
      {"Delta_diag", false, "2 min over ordered pairs (ci) != (c'j) of ||eta_ci||^2 - <eta_ci, eta_c'j>"},
      {"cost_sink", false, "||W_QK||_* of the seed's sink construction (a = kappa/(min(lambda,1) sqrt d))"},
      {"cost_diag", false, "||W_QK||_* of the seed's diagonal construction (alpha_diag = 2 kappa sqrt(d)/Delta_diag)"},
      {"feasible_sink", false, "1 if the sink construction meets every preference of (S1)-(S3) exactly, else 0"},
      {"feasible_diag", false, "1 if the diagonal construction meets (D1)-(D3) exactly, else 0"},
      {"feasible_diag_alt", false, "the same with the other reading alpha_diag = 2 kappa/(sqrt(d) Delta_diag)"},
      {"opt_sink", false, "min ||W||_* over (S1)-(S3): a certified interval (P4.U_sink and P4.L_sink only)"},
      {"opt_diag", false, "min ||W||_* over (D1)-(D3): a certified interval (P4.U_diag and P4.L_diag only)"},
      {"gate_sink", true, "per context: attention mass off the sink pattern's targets, construction scaled by t"},
      {"others_sink", true, "per context: number of visible non-target keys (sink pattern)"},
      {"gate_diag", true, "per context: attention mass off the diagonal pattern's targets, construction scaled by t"},
      {"others_diag", true, "per context: number of visible non-target keys (diagonal pattern)"},
  };
  return vars;
}

namespace {


Integer denominator_of(const Rational& q) { return Integer(boost::multiprecision::denominator(q)); }

template <class S>
std::vector<S> off_target_mass(const std::vector<RealisedContext>& realised) {
  std::vector<S> gates;
  for (const RealisedContext& r : realised) {
    std::vector<S> scores;
    for (const Rational& s : r.scores) scores.push_back(from_rational<S>(s));
    const std::vector<S> weights = softmax(scores);
    S mass = from_rational<S>(Rational(0));
    for (std::size_t k = 0; k < weights.size(); ++k)
      if (!r.target[k]) mass += weights[k];
    gates.push_back(mass);
  }
  return gates;
}

template <class S>
std::vector<S> others_of(const std::vector<RealisedContext>& realised) {
  std::vector<S> out;
  for (const RealisedContext& r : realised) out.push_back(from_rational<S>(Rational(long(r.others))));
  return out;
}

// The quantities of cost_bound_variables(), bound by name. Costs and optima
// are (κ/√d) times their reduced values; in the exact field (which has no
// √d) they are left to the interval stages.
template <class S>
void cost_bound_quantities(const CostBoundFacts& f, QuantityBinder<S>& b) {
  const CopyTaskInstance& x = f.x;
  auto set = [&](const char* name, std::vector<S> v) { b.set_vector(name, std::move(v)); };
  auto set1 = [&](const char* name, const S& v) { b.set(name, v); };
  auto exact = [](const Rational& q) { return from_rational<S>(q); };
  set1("kappa", exact(x.kappa));
  set1("d", exact(Rational(x.dim)));
  set1("C", exact(Rational(x.groups)));
  set1("n", exact(Rational(x.per_group)));
  set1("lambda", exact(x.lambda));
  set1("t", exact(x.scale));
  set1("r_eta", exact(Rational(f.stats.rank)));
  set1("delta2", exact(f.stats.delta2 * x.dim));
  set1("Delta_diag", exact(f.stats.Delta_diag * x.dim));
  if (f.closed_forms_only) {
    // A parameter sweep that reads only the closed forms: the rest was not
    // computed, and a relation naming it is undefined (never decided).
    for (const char* name : {"feasible_sink", "feasible_diag", "feasible_diag_alt", "gate_sink", "others_sink",
                             "gate_diag", "others_diag", "r_eff", "opt_sink", "opt_diag"})
      b.set_undefined(name);
  } else {
    set1("feasible_sink", exact(Rational(f.unmet_sink.empty() ? 1 : 0)));
    set1("feasible_diag", exact(Rational(f.unmet_diag.empty() ? 1 : 0)));
    set1("feasible_diag_alt", exact(Rational(f.unmet_diag_alt.empty() ? 1 : 0)));
    set("gate_sink", off_target_mass<S>(f.realised_sink));
    set("others_sink", others_of<S>(f.realised_sink));
    set("gate_diag", off_target_mass<S>(f.realised_diag));
    set("others_diag", others_of<S>(f.realised_diag));
  }
  if constexpr (std::is_same_v<S, ExactValue>) {
    if (f.closed_forms_only) {
      for (const char* name : {"cost_sink", "cost_diag"})
        set1(name, ExactValue::undefined(std::string(name) + " is irrational in general: left to the interval stages"));
      return;
    }
    for (const char* name : {"r_eff", "cost_sink", "cost_diag", "opt_sink", "opt_diag"})
      set1(name, ExactValue::undefined(std::string(name) + " is irrational in general: left to the interval stages"));
  } else {
    const S unit = exact(x.kappa) / sqrt(exact(Rational(x.dim)));
    set1("cost_sink", unit * sink_construction_cost<S>(x.groups, x.lambda));
    set1("cost_diag", unit * diagonal_construction_cost<S>(x.groups, x.lambda, f.alpha, f.stats.rank));
    if (f.closed_forms_only) return;
    b.set_if(f.sigma_top.has_value(), "r_eff", [&] {
      return S(exact(f.stats.trace_sigma_D) / from_rational_range<S>(f.sigma_top->lo, f.sigma_top->hi));
    });
    // An optimum not solved for this statement stays empty: a claim that
    // reads it is "undefined", never decided on a made-up value.
    b.set_if(f.optimum_sink.has_value(), "opt_sink",
             [&] { return S(unit * from_rational_range<S>(f.optimum_sink->lower, f.optimum_sink->upper)); });
    b.set_if(f.optimum_diag.has_value(), "opt_diag",
             [&] { return S(unit * from_rational_range<S>(f.optimum_diag->lower, f.optimum_diag->upper)); });
  }
}

}  // namespace

CostBoundFacts cost_bound_closed_forms(const CopyTaskInstance& x) {
  validate(x);
  CostBoundFacts f;
  f.x = x;
  f.closed_forms_only = true;
  f.stats = nuisance_statistics(x);
  f.alpha = diagonal_alpha(f.stats.Delta_diag, x.dim, false);
  f.alpha_alt = diagonal_alpha(f.stats.Delta_diag, x.dim, true);
  f.field_denominator = denominator_of(x.scale * x.kappa);
  return f;
}

bool reads_only_closed_forms(const Relation& relation) {
  static const std::set<std::string> closed = {"kappa", "d",      "C",          "n",         "lambda",   "t",
                                               "r_eta", "delta2", "Delta_diag", "cost_sink", "cost_diag"};
  for (const Formula* side : {&relation.lhs(), &relation.rhs()})
    for (const FormulaNode& node : side->nodes())
      if (node.kind == FormulaNode::Kind::Variable && !closed.count(cost_bound_variables()[node.variable].name))
        return false;
  return true;
}

namespace {

// The optimum a relation reads (a lower bound's quantity), if any: the one
// program a sweep's instance must solve (opt_sink before opt_diag).
std::optional<Pattern> optimum_read(const Relation& relation) {
  std::optional<Pattern> read;
  for (const Formula* side : {&relation.lhs(), &relation.rhs()})
    for (const FormulaNode& node : side->nodes())
      if (node.kind == FormulaNode::Kind::Variable) {
        const std::string& name = cost_bound_variables()[node.variable].name;
        if (name == "opt_sink") return Pattern::Sink;
        if (name == "opt_diag") read = Pattern::Diagonal;
      }
  return read;
}

}  // namespace

CostBoundFacts cost_bound_sweep_facts(const CopyTaskInstance& x, const Relation& relation) {
  return reads_only_closed_forms(relation) ? cost_bound_closed_forms(x) : cost_bound_facts(x, optimum_read(relation));
}

CostBoundFacts cost_bound_facts(const CopyTaskInstance& x, std::optional<Pattern> solve) {
  validate(x);
  CostBoundFacts f;
  f.x = x;
  f.stats = nuisance_statistics(x);
  try {
    f.sigma_top = certified_top_eigenvalue(f.stats.sigma_D);
  } catch (const NonFiniteDouble&) {
    // η so large that Σ_D overflows a double: r_eff stays undefined (its
    // claims undecided), the rest of the instance is still decided.
  }
  f.alpha = diagonal_alpha(f.stats.Delta_diag, x.dim, false);
  f.alpha_alt = diagonal_alpha(f.stats.Delta_diag, x.dim, true);
  const CopyTaskContexts sink = copy_task_contexts(x, Pattern::Sink);
  const CopyTaskContexts diagonal = copy_task_contexts(x, Pattern::Diagonal);
  const RationalMatrix W_sink = sink_construction(x);
  const RationalMatrix W_diag = diagonal_construction(x, f.alpha);
  f.unmet_sink = first_unmet_preference(W_sink, sink);
  f.unmet_diag = first_unmet_preference(W_diag, diagonal);
  f.unmet_diag_alt = first_unmet_preference(diagonal_construction(x, f.alpha_alt), diagonal);
  f.realised_sink = realised_scores(W_sink, sink, x.kappa, x.scale);
  f.realised_diag = realised_scores(W_diag, diagonal, x.kappa, x.scale);
  f.field_denominator = denominator_of(x.scale * x.kappa);
  for (const auto* realised : {&f.realised_sink, &f.realised_diag})
    for (const RealisedContext& r : *realised)
      for (const Rational& s : r.scores) f.field_denominator = boost::integer::lcm(f.field_denominator, denominator_of(s));
  // A solver that fails leaves the optimum undefined: claims that read it end
  // undecided (stage "undefined"), never decided on a guess, and the run goes on.
  try {
    if (solve == Pattern::Sink)
      f.optimum_sink = certified_pattern_optimum(pattern_preferences(sink), x.space_dim());
    if (solve == Pattern::Diagonal)
      f.optimum_diag = certified_pattern_optimum(pattern_preferences(diagonal), x.space_dim());
  } catch (const std::runtime_error& e) {
    f.optimum_failure = e.what();
  }
  return f;
}

StagedQuantities cost_bound_staged_quantities(const CostBoundFacts& facts) {
  auto shared = std::make_shared<const CostBoundFacts>(facts);
  return staged_by_name(
      cost_bound_variables(), [shared](auto& binder) { cost_bound_quantities(*shared, binder); },
      shared->field_denominator);
}

namespace {

// eta: one list of nuisance vectors per group (groups is read before it).
nlohmann::json eta_to_json(const CopyTaskInstance& x) {
  nlohmann::json eta = nlohmann::json::array();
  for (const auto& group : x.eta) eta.push_back(rational_rows_to_json(group));
  return eta;
}

void eta_from_json(const nlohmann::json& eta, const std::string& where, CopyTaskInstance& x) {
  if (!eta.is_array() || eta.size() != std::size_t(x.groups))
    throw std::invalid_argument(where + ": expected one list of nuisance vectors per group (" + std::to_string(x.groups) + ")");
  for (std::size_t c = 0; c < eta.size(); ++c) {
    const std::string field = where + "[" + std::to_string(c) + "]";
    if (!eta[c].is_array() || eta[c].empty()) throw std::invalid_argument(field + ": expected a list of nuisance vectors");
    x.eta.push_back(rational_rows_from_json(eta[c], field, eta[c].size(), -1));
  }
}

// rotation: the Givens rotations {i, j, t} turning the instance, in order.
nlohmann::json rotation_to_json(const CopyTaskInstance& x) {
  nlohmann::json rotation = nlohmann::json::array();
  for (const GivensRotation& g : x.rotation) rotation.push_back({{"i", g.i}, {"j", g.j}, {"t", to_string(g.t)}});
  return rotation;
}

void rotation_from_json(const nlohmann::json& rotation, const std::string& where, CopyTaskInstance& x) {
  if (!rotation.is_array()) throw std::invalid_argument(where + ": expected a list of {i, j, t}");
  for (std::size_t k = 0; k < rotation.size(); ++k) {
    const std::string field = where + "[" + std::to_string(k) + "]";
    const nlohmann::json& g = rotation[k];
    if (!g.is_object() || !g.contains("i") || !g.contains("j") || !g.contains("t") || !g["i"].is_number_unsigned() ||
        !g["j"].is_number_unsigned())
      throw std::invalid_argument(field + ": expected {\"i\": coordinate, \"j\": coordinate, \"t\": \"p/q\"}");
    x.rotation.push_back(
        GivensRotation{g["i"].get<std::size_t>(), g["j"].get<std::size_t>(), rational_from_json(g["t"], field + ".t")});
  }
}

// A stored case: the sizes C, n, d, the rationals kappa, lambda, t, the
// nuisance and the rotations, and the generator family (for the reader);
// validate() ties them together.
const InstanceFields<CopyTaskInstance>& copy_task_fields() {
  const long any = std::numeric_limits<long>::max();
  static const InstanceFields<CopyTaskInstance> fields =
      InstanceFields<CopyTaskInstance>()
          .integer("groups", &CopyTaskInstance::groups, 1, any)
          .integer("per_group", &CopyTaskInstance::per_group, 1, any)
          .integer("dim", &CopyTaskInstance::dim, 1, any)
          .rational("kappa", &CopyTaskInstance::kappa)
          .rational("lambda", &CopyTaskInstance::lambda)
          .rational("scale", &CopyTaskInstance::scale)
          .custom("eta", true, eta_to_json, eta_from_json)
          .custom("rotation", false, rotation_to_json, rotation_from_json)
          .text("family", &CopyTaskInstance::family)
          .check([](const CopyTaskInstance& x) {
            try {
              validate(x);
            } catch (const std::invalid_argument& e) {
              throw std::invalid_argument(std::string("inputs.") + e.what());
            }
          });
  return fields;
}

}  // namespace

nlohmann::json copy_task_to_json(const CopyTaskInstance& x) { return copy_task_fields().to_json(x); }

CopyTaskInstance copy_task_from_json(const nlohmann::json& j) { return copy_task_fields().from_json(j); }

CopyTaskInstance copy_task_from_parameters(const std::map<std::string, Rational>& parameters) {
  std::map<std::string, Rational> p = {{"C", 1}, {"n", 2}, {"lambda", 1}, {"kappa", 1}, {"d", 0}, {"t", 4}};
  for (const auto& [key, value] : parameters) {
    if (!p.count(key))
      throw std::invalid_argument("parameter '" + key + "': P4's sweeps know C, n, lambda, kappa, d, t");
    p[key] = value;
  }
  for (const char* key : {"C", "n", "d"})
    if (denominator_of(p[key]) != 1) throw std::invalid_argument(std::string("parameter '") + key + "': expected an integer");
  // Sizes before the instance is built: its nuisance has C n coordinates.
  using L = CopyTaskLimits;
  if (p["C"] < 1 || p["C"] > L::groups)
    throw std::invalid_argument("parameter 'C' = " + to_short_string(p["C"]) + ": expected 1 to " + std::to_string(L::groups));
  if (p["n"] < 2 || p["n"] > L::per_group)
    throw std::invalid_argument("parameter 'n' = " + to_short_string(p["n"]) + ": expected 2 to " + std::to_string(L::per_group));
  if (p["C"] * p["n"] > L::nuisance_dim)
    throw std::invalid_argument("parameters C n = " + to_string(p["C"] * p["n"]) + ": a sweep's canonical instance is " +
                                "limited to C n <= " + std::to_string(L::nuisance_dim) + " tokens");
  if (p["d"] < 0 || p["d"] > 2 * p["C"] + 1 + p["C"] * p["n"] + L::extra_dim)
    throw std::invalid_argument("parameter 'd' = " + to_short_string(p["d"]) + ": expected 2C + 1 + C n (the default, 0) to " +
                                "that plus " + std::to_string(L::extra_dim));
  CopyTaskInstance x = canonical_copy_task(p["C"].convert_to<long>(), p["n"].convert_to<long>(), p["lambda"],
                                           p["kappa"], p["d"].convert_to<long>(), p["t"]);
  try {
    validate(x);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string("parameters: ") + e.what());
  }
  return x;
}

namespace {

struct CostBoundModel {
  using Instance = CopyTaskInstance;
  static constexpr unsigned hooks = model_hook::domain_notes | model_hook::in_domain | model_hook::targeted_move |
                                    model_hook::figures | model_hook::certificate | model_hook::statement_extras |
                                    model_hook::parameter_sweep | model_hook::symbolic;
  CostBoundStatementKind kind;

  rc::Gen<Instance> generator(const DomainTable& domain) const { return copy_task_gen(copy_task_domain(domain)); }
  std::vector<std::string> domain_notes(const DomainTable& domain) const {
    return copy_task_skipped_families(copy_task_domain(domain));
  }

  // The targeted phase stays within [P4.domain] and the generator's margins
  // (kappa in [1/4, 8]) and scales (t in [1, 24]).
  bool in_domain(const Instance& x, const DomainTable& domain) const {
    const CopyTaskDomain d = copy_task_domain(domain);
    return x.groups <= d.groups_max && x.per_group <= std::max(2L, d.per_group_max) &&
           long(x.nuisance_dim()) <= d.nuisance_dim_max && x.lambda >= d.lambda_min && x.lambda <= d.lambda_max &&
           x.dim - long(x.space_dim()) <= d.extra_dim_max && long(x.rotation.size()) <= d.rotations_max &&
           x.kappa >= Rational(1, 4) && x.kappa <= 8 && x.scale >= 1 && x.scale <= 24;
  }
  // Where structure matters: the nuisance of every group, or of one group,
  // scaled by one factor (a single entry moved alone breaks the centring
  // (H1) that validation asks for), or lambda moved.
  Instance targeted_move(const Instance& x, double sigma, SearchRandom& random) const {
    Instance y = x;
    const double which = random.uniform();
    if (which < 1.0 / 3) {
      y.lambda = nudge_rational(x.lambda, sigma, random);
    } else {
      const Rational factor = nudge_rational(Rational(1), sigma, random);
      const std::size_t only = which < 2.0 / 3 ? y.eta.size() : random.below(y.eta.size());
      for (std::size_t c = 0; c < y.eta.size(); ++c)
        if (only == y.eta.size() || c == only)
          for (auto& v : y.eta[c])
            for (Rational& e : v) e *= factor;
    }
    validate(y);
    return y;
  }

  StagedQuantities staged(const Instance& x) const {
    return cost_bound_staged_quantities(cost_bound_facts(x, kind.pattern));
  }
  nlohmann::json to_json(const Instance& x) const { return copy_task_to_json(x); }
  Instance from_json(const nlohmann::json& j) const { return copy_task_from_json(j); }
  std::vector<Figure> figures(const Instance& x) const { return cost_bound_case_figures(x, kind.pattern); }
  nlohmann::json certificate(const Instance& x) const { return cost_bound_certificate(x, kind.pattern); }
  StatementExtras statement_extras(const StatementTheory& theory, const DomainTable& domain,
                                   const RunOptions& options) const {
    return cost_bound_statement_extras(kind, theory, domain, options);
  }
  // Sweeps decide claims on the constructions: no program is solved.
  Instance from_parameters(const std::map<std::string, Rational>& p) const { return copy_task_from_parameters(p); }
  StagedQuantities staged_for_sweep(const Instance& x, const Relation& relation) const {
    return cost_bound_staged_quantities(cost_bound_sweep_facts(x, relation));
  }
  // The upper bounds' costs are closed forms (propositions/coq/SinkcheckCopy.v);
  // the lower bounds' optima stay open quantities of the same model.
  const SymbolicModel* symbolic() const { return &cost_bound_symbolic_model(); }
};

}  // namespace

PropositionModels cost_bound_models() {
  const std::string qk_only =
      "Only the QK share of the bound is checked: the seed's value-side term ";
  const std::string not_derived =
      " comes from a part of the construction whose text is missing from the seed. It is carried as a declared "
      "term and was not derived.";
  const std::string units =
      "Costs are nuclear norms ||W_QK||_* (the weight-decay cost of a factorised head); optima are certified "
      "intervals from the nuclear-norm program (feasible factorisation above, dual multipliers below).";
  const std::string doc = "docs/propositions/P4-cost-bounds.md";
  return {{register_model("copy/sink-construction", "P4", doc, cost_bound_variables(),
                          CostBoundModel{{Pattern::Sink, true}}),
           register_model("copy/diagonal-optimum", "P4", doc, cost_bound_variables(),
                          CostBoundModel{{Pattern::Diagonal, false}}),
           register_model("copy/diagonal-construction", "P4", doc, cost_bound_variables(),
                          CostBoundModel{{Pattern::Diagonal, true}}),
           register_model("copy/sink-optimum", "P4", doc, cost_bound_variables(), CostBoundModel{{Pattern::Sink, false}})},
          {{"copy/sink-construction", "P4.U_sink", "A sink solution with QK cost <= 12 kappa C / sqrt(d)", "seed",
            {qk_only + "5(r_eta + C)" + not_derived, units,
             "The seed's 'We choose ...' is cut off; the construction uses a = kappa/(min(lambda,1) sqrt d), "
             "the smallest value meeting (S1)-(S3): the seed's a = kappa/(lambda sqrt d) misses (S3) for "
             "lambda > 1."}},
           {"copy/diagonal-optimum", "P4.L_diag",
            "Every diagonal solution costs >= (kappa sqrt(d)/delta^2) r_eff + kappa C/(2 sqrt d)", "seed", {units}},
           {"copy/diagonal-construction", "P4.U_diag",
            "A diagonal solution with QK cost <= 13 kappa C/sqrt(d) + (4 kappa sqrt(d)/Delta_diag) r_eta", "seed",
            {qk_only + "3(r_eta + C)" + not_derived, units,
             "The seed's 'alpha_diag = 2 kappa sqrt d Delta_diag' has two readings; the theory file "
             "selects one, the other is checked on the same cases and reported."}},
           {"copy/sink-optimum", "P4.L_sink", "Every sink solution costs >= kappa C/(2 sqrt d)", "seed", {units}}}};
}

}  // namespace sinkcheck
