#include <mutex>

#include "engine/parallel.hpp"
#include "propositions/cost_bound_extras.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include <rapidcheck/Random.h>
#include <rapidcheck/Shrinkable.h>

#include "engine/boundary_search.hpp"
#include "propositions/cost_bound_certificates.hpp"
#include "propositions/cost_bounds.hpp"
#include "verify/attention.hpp"
#include "verify/mpfi.hpp"

namespace sinkcheck {

CopyTaskDomain copy_task_domain(const DomainTable& domain) {
  domain.require_known({"groups_max", "per_group_max", "nuisance_dim_max", "lambda_min", "lambda_max",
                        "extra_dim_max", "rotations_max"});
  CopyTaskDomain d;
  using L = CopyTaskLimits;
  d.groups_max = domain.integer("groups_max", d.groups_max, 1, L::groups);
  d.per_group_max = domain.integer("per_group_max", d.per_group_max, 2, L::per_group);
  d.nuisance_dim_max = domain.integer("nuisance_dim_max", d.nuisance_dim_max, 1, 12);
  // A bound left out keeps its default unless that would cross the bound
  // given: then it follows it (lambda_min = 10 alone means [10, 10]).
  const bool min_given = domain.entries().count("lambda_min") > 0, max_given = domain.entries().count("lambda_max") > 0;
  d.lambda_min = domain.rational("lambda_min", d.lambda_min, L::lambda_min(), L::lambda_max());
  if (!max_given) d.lambda_max = std::max(d.lambda_max, d.lambda_min);
  if (!min_given && max_given) {
    d.lambda_max = domain.rational("lambda_max", d.lambda_max, L::lambda_min(), L::lambda_max());
    d.lambda_min = std::min(d.lambda_min, d.lambda_max);
  }
  d.lambda_max = domain.rational("lambda_max", d.lambda_max, d.lambda_min, L::lambda_max());
  d.extra_dim_max = domain.integer("extra_dim_max", d.extra_dim_max, 0, L::extra_dim);
  d.rotations_max = domain.integer("rotations_max", d.rotations_max, 0, L::rotations);
  return d;
}

namespace {

std::string fixed(double v, int digits = 4) {
  std::ostringstream s;
  s.precision(digits);
  s << std::fixed << v;
  return s.str();
}

// The claims whose left side is one cost or optimum and whose relation is an
// inequality: the bounds a tightness ratio and a threshold make sense for.
struct BoundClaim {
  const ClaimTheory* claim;
  std::string cost;  // the variable on the left
};
std::vector<BoundClaim> bound_claims(const StatementTheory& theory) {
  std::vector<BoundClaim> out;
  for (const ClaimTheory& c : theory.claims) {
    const std::string lhs = c.holds.lhs().to_text();
    const bool inequality = c.holds.op() != RelationOp::Equal;
    if (inequality && (lhs == "cost_sink" || lhs == "cost_diag" || lhs == "opt_sink" || lhs == "opt_diag"))
      out.push_back({&c, lhs});
  }
  return out;
}

double approx(const Bindings<DoubleInterval>& b, const std::string& name) {
  const auto& v = b[variable_index(cost_bound_variables(), name)];
  return v.empty() ? std::nan("") : ScalarTraits<DoubleInterval>::approx(v[0]);
}

void tightness(const CostBoundStatementKind& kind, const StatementTheory& theory, const DomainTable& domain,
               const RunOptions& options, StatementExtras& out) {
  const std::vector<BoundClaim> claims = bound_claims(theory);
  if (claims.empty()) return;
  const std::string optimum = kind.pattern == Pattern::Sink ? "opt_sink" : "opt_diag";
  // The run's own cases (same seeds, same instances; the solves are cached).
  const rc::Gen<CopyTaskInstance> gen = copy_task_gen(copy_task_domain(domain));
  const std::size_t cases = std::min<std::size_t>(options.cases, 60);
  std::vector<std::vector<double>> ratios(claims.size());
  std::vector<std::vector<double>> optima(claims.size()), bounds(claims.size());
  std::vector<double> construction_ratio;
  for (std::size_t k = 0; k < cases; ++k) {
    if (options.stop_requested && options.stop_requested()) return;
    const CopyTaskInstance x = [&] {
      std::lock_guard<std::mutex> lock(generation_mutex());  // rapidcheck's generation context is process-wide
      return gen(rc::Random(case_seed(options.seed, theory.id, k)), int(k % 101)).value();
    }();
    StagedQuantities q = cost_bound_staged_quantities(cost_bound_facts(x, kind.pattern));
    const Bindings<DoubleInterval>& b = q.at_double();
    const double opt = approx(b, optimum);
    const double construction = approx(b, kind.pattern == Pattern::Sink ? "cost_sink" : "cost_diag");
    if (opt > 0) construction_ratio.push_back(construction / opt);
    for (std::size_t c = 0; c < claims.size(); ++c) {
      bool applies = true;
      for (const Relation& a : claims[c].claim->assume) applies &= margin_estimate(a, b) >= 0;
      if (!applies || !(opt > 0)) continue;
      double bound = std::nan("");
      try {
        bound = ScalarTraits<DoubleInterval>::approx(evaluate(claims[c].claim->holds.rhs(), b));
      } catch (const NotExact&) {
        continue;
      }
      ratios[c].push_back(bound / opt);
      optima[c].push_back(opt);
      bounds[c].push_back(bound);
    }
  }
  Table t;
  t.title = "Tightness: bound / certified optimum";
  t.caption = "Over the run's first " + std::to_string(cases) + " cases where the claim's assumptions hold (double "
              "estimates of certified quantities: a description, not a verdict). The optimum is the midpoint of the "
              "certified interval of min ||W||_* over the " + std::string(name(kind.pattern)) + " pattern's constraints.";
  t.columns = {"claim", "cases", "min", "median", "max"};
  auto summary = [&](const std::string& label, std::vector<double> v) {
    if (v.empty()) {
      t.rows.push_back({label, "0", "-", "-", "-"});
      return;
    }
    std::sort(v.begin(), v.end());
    t.rows.push_back({label, std::to_string(v.size()), fixed(v.front()), fixed(v[v.size() / 2]), fixed(v.back())});
  };
  for (std::size_t c = 0; c < claims.size(); ++c) summary(claims[c].claim->name + " (" + claims[c].claim->holds.text() + ")", ratios[c]);
  summary(std::string("the seed's ") + name(kind.pattern) + " construction / optimum", construction_ratio);
  out.tables.push_back(std::move(t));

  // Log-log: optima range over orders of magnitude (a tiny Delta_diag makes
  // the nuisance part huge), and a ratio reads as a fixed offset there.
  Figure f;
  f.kind = Figure::Kind::Lines;
  f.title = "Each bound against the certified optimum (log10-log10)";
  f.caption = "One marker per case: x = log10 of the certified min ||W||_* of the " + std::string(name(kind.pattern)) +
              " pattern, y = log10 of the bound. On the grey line the bound is exact; an upper bound must lie above "
              "it, a lower bound below.";
  f.x_label = "log10 certified optimum";
  f.y_label = "log10 bound";
  double low = std::numeric_limits<double>::infinity(), high = -low;
  const char* colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd"};
  for (std::size_t c = 0; c < claims.size(); ++c) {
    Figure::Series s;
    s.name = claims[c].claim->name;
    for (std::size_t k = 0; k < optima[c].size(); ++k) {
      if (!(optima[c][k] > 0) || !(bounds[c][k] > 0)) continue;
      s.x.push_back(std::log10(optima[c][k]));
      s.y.push_back(std::log10(bounds[c][k]));
      low = std::min({low, s.x.back(), s.y.back()});
      high = std::max({high, s.x.back(), s.y.back()});
    }
    s.markers = true;
    s.colour = colours[c % 4];
    f.series.push_back(std::move(s));
  }
  if (!(low <= high)) return;
  Figure::Series diagonal;
  diagonal.name = "bound = optimum";
  diagonal.x = {low, high};
  diagonal.y = {low, high};
  diagonal.colour = "#999999";
  f.series.push_back(std::move(diagonal));
  out.figures.push_back(std::move(f));
}

void thresholds(const StatementTheory& theory, const RunOptions& options, StatementExtras& out) {
  std::vector<BoundClaim> claims;
  for (const BoundClaim& b : bound_claims(theory))
    if (b.cost == "cost_sink" || b.cost == "cost_diag") claims.push_back(b);
  if (claims.empty()) return;
  Table t;
  t.title = "Thresholds in lambda";
  t.caption = "For C = 1..10 groups: the certified bracket [fails, holds] of the lambda below which the claim "
              "fails on the canonical instance (n = 2, kappa = 1, d = D; the claim's assumptions ignored), "
              "lambda scanned over [1/64, 4], bracket width <= 1e-4. Each end is a certified verdict.";
  t.columns = {"C"};
  for (const BoundClaim& b : claims) t.columns.push_back(b.claim->name);
  Figure f;
  f.kind = Figure::Kind::Lines;
  f.title = "lambda thresholds of the upper bounds";
  f.caption = "Below the curve the claim on the construction's cost fails (certified brackets, width <= 1e-4).";
  f.x_label = "C (groups)";
  f.y_label = "threshold lambda";
  std::vector<Figure::Series> series(claims.size());
  for (std::size_t c = 0; c < claims.size(); ++c) {
    series[c].name = claims[c].claim->name;
    series[c].markers = false;
  }
  for (long C = 1; C <= 10; ++C) {
    if (options.stop_requested && options.stop_requested()) return;
    std::vector<std::string> row = {std::to_string(C)};
    for (std::size_t c = 0; c < claims.size(); ++c) {
      const std::map<std::string, Rational> fixed = {{"C", Rational(C)}};
      const Relation& relation = claims[c].claim->holds;
      const ThresholdBracket b = lambda_threshold(relation, fixed, options.policy);
      row.push_back(bracket_text(b));
      if (b.found && options.certificates)
        out.certificates.push_back(
            {{"kind", "threshold"}, {"claim", claims[c].claim->name}, {"relation", relation.text()}, {"C", C},
             {"ends", {threshold_end_certificate(relation, fixed, b.fails, Verdict::Counterexample),
                       threshold_end_certificate(relation, fixed, b.holds, Verdict::Holds)}}});
      if (b.found) {
        series[c].x.push_back(double(C));
        series[c].y.push_back(0.5 * (to_double(b.fails) + to_double(b.holds)));
      }
    }
    t.rows.push_back(std::move(row));
  }
  f.series = std::move(series);
  out.tables.push_back(std::move(t));
  out.figures.push_back(std::move(f));
}

// Where the seed's U_sink (QK share) lies below its L_diag, for C = 2 and an
// isotropic nuisance (r_eff = r_eta = 4): 12C/sqrt(d) < sqrt(d) r_eff/delta^2
// + C/(2 sqrt d) (kappa cancels), i.e. 11.5 C delta^2 < d r_eff — exact.
void sinks_cheaper_map(StatementExtras& out) {
  const long C = 2, r_eff = 4;
  const std::vector<long> dims = {16, 64, 256, 1024, 4096, 16384};
  const std::vector<Rational> deltas = {Rational(1, 4), Rational(1, 2), Rational(1), Rational(2), Rational(4),
                                        Rational(8), Rational(16), Rational(32)};
  Table t;
  t.title = "Sinks are cheaper: where U_sink < L_diag";
  t.caption = "The seed's bounds (QK shares) for C = 2 groups and an isotropic nuisance (r_eff = r_eta = 4): "
              "'sink' where 12 kappa C/sqrt(d) < (kappa sqrt(d)/delta^2) r_eff + kappa C/(2 sqrt d), i.e. "
              "11.5 C delta^2 < d r_eff, decided exactly; 'diag' where it is not.";
  t.columns = {"d \\ delta"};
  for (const Rational& delta : deltas) t.columns.push_back(to_string(delta));
  Figure f;
  f.kind = Figure::Kind::Heatmap;
  f.title = "Sinks are cheaper: U_sink < L_diag over (d, delta)";
  f.caption = "Rows d, columns delta. 1 (yellow): the sink solution's bound lies below every diagonal solution's "
              "cost; 0 (dark): it does not. C = 2, r_eff = 4; exact comparison 11.5 C delta^2 < d r_eff.";
  f.low = 0;
  f.high = 1;
  for (const Rational& delta : deltas) f.column_labels.push_back(to_string(delta));
  for (long d : dims) {
    std::vector<std::string> row = {std::to_string(d)};
    std::vector<double> values;
    for (const Rational& delta : deltas) {
      const bool sink = Rational(23, 2) * C * delta * delta < Rational(d * r_eff);
      row.push_back(sink ? "sink" : "diag");
      values.push_back(sink ? 1 : 0);
    }
    t.rows.push_back(std::move(row));
    f.row_labels.push_back("d=" + std::to_string(d));
    f.values.push_back(std::move(values));
  }
  out.tables.push_back(std::move(t));
  out.figures.push_back(std::move(f));
}

}  // namespace

ThresholdBracket lambda_threshold(const Relation& relation, const std::map<std::string, Rational>& fixed,
                                  const PrecisionPolicy& policy) {
  auto verdict_at = [&](const Rational& lambda) {
    std::map<std::string, Rational> p = fixed;
    p["lambda"] = lambda;
    StagedQuantities q = cost_bound_staged_quantities(cost_bound_sweep_facts(copy_task_from_parameters(p), relation));
    return decide(relation, q, policy).verdict;
  };
  return find_threshold(verdict_at, Rational(1, 64), Rational(4), Rational(1, 10000), 24);
}

StatementExtras cost_bound_statement_extras(const CostBoundStatementKind& kind, const StatementTheory& theory,
                                            const DomainTable& domain, const RunOptions& options) {
  StatementExtras out;
  tightness(kind, theory, domain, options, out);
  if (kind.upper_bound) thresholds(theory, options, out);
  if (kind.pattern == Pattern::Diagonal && !kind.upper_bound) sinks_cheaper_map(out);
  return out;
}

std::vector<Figure> cost_bound_case_figures(const CopyTaskInstance& x, Pattern pattern) {
  // The scaled construction's attention, contexts by tokens, log10 of the
  // weights at 256 bits (masked keys grey).
  const CopyTaskContexts contexts = copy_task_contexts(x, pattern);
  const RationalMatrix W = pattern == Pattern::Sink ? sink_construction(x) : diagonal_construction(x, diagonal_alpha(x, false));
  const std::vector<RealisedContext> realised = realised_scores(W, contexts, x.kappa, x.scale);
  if (contexts.contexts.size() > 40 || contexts.tokens.size() > 40) return {};
  WorkingPrecision precision(256);
  Figure f;
  f.kind = Figure::Kind::Heatmap;
  f.title = std::string("log10 attention of the ") + name(pattern) + " construction scaled by t";
  f.caption = "Rows: the pattern's contexts (the query and what it sees); columns: tokens; targets marked * in the "
              "row label's context. Grey: a key the context does not see. Computed in the log domain at 256 bits.";
  f.column_labels = contexts.token_names;
  f.low = 0;
  f.high = 0;
  for (std::size_t c = 0; c < contexts.contexts.size(); ++c) {
    const CopyContext& ctx = contexts.contexts[c];
    std::vector<Mpfi> scores;
    for (const Rational& s : realised[c].scores) scores.push_back(enclose(s));
    const std::vector<Mpfi> logs = log_softmax(scores);
    std::vector<double> row(contexts.tokens.size(), std::nan(""));
    std::string targets;
    for (std::size_t k = 0; k < ctx.keys.size(); ++k) {
      row[ctx.keys[k]] = ScalarTraits<Mpfi>::approx(logs[k]) / std::log(10.0);
      f.low = std::min(f.low, row[ctx.keys[k]]);
      if (ctx.target[k]) targets += (targets.empty() ? "" : ",") + contexts.token_names[ctx.keys[k]];
    }
    f.row_labels.push_back(ctx.label + " -> *" + targets);
    f.values.push_back(std::move(row));
  }
  if (f.low == 0) f.low = -1;
  return {f};
}

}  // namespace sinkcheck
