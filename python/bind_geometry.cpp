// P1's geometry on the caller's tokens: sink_geometry (ρ_Q, ρ_K, the explicit
// sink W* or the infeasibility certificate, the minimal cost κ√d/(ρ_Q ρ_K))
// and head_sink_cost (a measured head's score matrix against that minimum).
// The certificates are P1's own (propositions/sink_representability): the
// minimum-norm points are checked exactly, the costs are exact squares
// enclosed by rational square-root bounds.
#include <pybind11/stl.h>

#include <stdexcept>

#include "exact_io.hpp"
#include "propositions/sink_representability.hpp"

namespace sinkcheck::python {

namespace py = pybind11;

namespace {

// The caller's tokens, queries J and keys K (original indices, J ⊆ K ⊆ 1..T,
// both increasing; the Python side checks this and the messages name the
// arguments) as a P1 instance whose keys are all its tokens: z_0, then the
// tokens of K in order. P1's K is then exactly the caller's.
struct Reindexed {
  SinkInstance instance;
  std::vector<std::size_t> K;  // original index of the instance's token k + 1
};

Reindexed reindex(const RationalMatrix& Z, const std::vector<std::size_t>& J, const std::vector<std::size_t>& K,
                  const Rational& kappa) {
  if (Z.size() < 2) throw std::invalid_argument("Z: expected the sink z_0 and at least one more token");
  Reindexed r;
  r.K = K;
  r.instance.kappa = kappa;
  r.instance.tokens.push_back(Z[0]);
  for (std::size_t k : K) {
    if (k < 1 || k >= Z.size()) throw std::invalid_argument("K: token index " + std::to_string(k) + " outside 1..T");
    r.instance.tokens.push_back(Z[k]);
  }
  for (std::size_t i : J) {
    const auto at = std::lower_bound(K.begin(), K.end(), i);
    if (at == K.end() || *at != i) throw std::invalid_argument("J: query " + std::to_string(i) + " is not in K");
    r.instance.J.push_back(std::size_t(at - K.begin()) + 1);
  }
  if (r.instance.J.empty()) throw std::invalid_argument("J: empty; rho_Q = dist(0, conv{}) is not defined");
  return r;
}

// {original token index: weight} of a convex combination.
py::dict weights_by_token(const MinNormCertificate& c, const std::vector<std::size_t>& original) {
  py::dict out;
  for (std::size_t s = 0; s < c.support.size(); ++s) out[py::int_(original[c.support[s]])] = to_string(c.weights[s]);
  return out;
}

std::vector<std::size_t> original_queries(const Reindexed& r) {
  std::vector<std::size_t> out;
  for (std::size_t i : r.instance.J) out.push_back(r.K[i - 1]);
  return out;
}

py::dict geometry_dict(const Reindexed& r, const SinkFacts& f) {
  const Rational& rq2 = f.queries.norm2;
  const Rational& rk2 = f.keys.norm2;
  const std::size_t d = f.dim;
  py::dict out;
  out["rho_Q2"] = to_string(rq2);
  out["rho_K2"] = to_string(rk2);
  out["rho_Q"] = outward(sqrt_enclosure(rq2));
  out["rho_K"] = outward(sqrt_enclosure(rk2));
  out["p_Q"] = text_of(f.queries.point);
  out["p_K"] = text_of(f.keys.point);
  out["query_weights"] = weights_by_token(f.queries, original_queries(r));
  out["key_weights"] = weights_by_token(f.keys, r.K);
  out["sinkable"] = f.sinkable;
  out["infeasibility"] = py::none();
  if (f.q_blocked) {
    py::dict c;
    c["kind"] = "queries";
    c["weights"] = weights_by_token(f.queries, original_queries(r));
    c["meaning"] = "sum_i w_i z_i = 0 exactly (w >= 0, sum w = 1): for every W, sum_i w_i z_i^T W (z_0 - z_j) = 0, "
                   "so some query of J scores some key at least as high as the sink";
    out["infeasibility"] = c;
  } else if (f.k_blocked) {
    py::dict c;
    c["kind"] = "keys";
    c["weights"] = weights_by_token(f.keys, r.K);
    c["meaning"] = "sum_j w_j z_j = z_0 exactly (w >= 0, sum w = 1): for every W and query i, "
                   "sum_j w_j z_i^T W (z_0 - z_j) = 0, so some key scores at least as high as the sink";
    out["infeasibility"] = c;
  }
  out["min_cost"] = py::none();
  out["min_score_cost"] = py::none();
  out["min_cost_squared"] = py::none();
  out["W_star"] = py::none();
  out["W_star_over_sqrt_d"] = py::none();
  out["primal_margin"] = py::none();
  if (f.sinkable) {
    // min ‖W‖_* = κ√d/(ρ_Q ρ_K): its square κ² d/(ρ_Q² ρ_K²) is an exact rational.
    const Rational& kappa = r.instance.kappa;
    const Rational cost2 = kappa * kappa * Rational(long(d)) / (rq2 * rk2);
    out["min_cost_squared"] = to_string(cost2);
    out["min_cost"] = outward(sqrt_enclosure(cost2));
    // The same minimum for score matrices M (scores z_iᵀ M z_j, W = √d M): κ/(ρ_Q ρ_K).
    out["min_score_cost"] = outward(sqrt_enclosure(kappa * kappa / (rq2 * rk2)));
    // W* = κ√d p_Q p_Kᵀ/(ρ_Q² ρ_K²) = √d · (rational matrix).
    RationalMatrix reduced(d, RationalVector(d));
    const Rational scale = kappa / (rq2 * rk2);
    for (std::size_t a = 0; a < d; ++a)
      for (std::size_t b = 0; b < d; ++b) reduced[a][b] = scale * f.queries.point[a] * f.keys.point[b];
    out["W_star_over_sqrt_d"] = text_of(reduced);
    py::list W;
    const RationalInterval sqrt_d = sqrt_enclosure(Rational(long(d)));
    const double root = to_double((sqrt_d.lo + sqrt_d.hi) / 2);
    for (const RationalVector& row : reduced) {
      py::list w;
      for (const Rational& q : row) w.append(root * to_double(q));  // display only: the exact form is above
      W.append(w);
    }
    out["W_star"] = W;
    out["primal_margin"] = to_string(f.primal_margin);
  }
  return out;
}

py::dict sink_geometry(const TextRows& tokens, const std::vector<std::size_t>& J, const std::vector<std::size_t>& K,
                       const std::string& kappa_text) {
  const RationalMatrix Z = rational_rows(tokens, "Z");
  const Reindexed r = reindex(Z, J, K, rational_from_text(kappa_text, "kappa"));
  SinkFacts f;
  {
    py::gil_scoped_release release;
    f = sink_facts(r.instance);
  }
  return geometry_dict(r, f);
}

// min over i ∈ J, j ∈ K of z_iᵀ M (z_0 − z_j), exactly.
Rational realised_margin(const RationalMatrix& Z, const RationalMatrix& M, const std::vector<std::size_t>& J,
                         const std::vector<std::size_t>& K) {
  const std::size_t d = Z[0].size();
  bool first = true;
  Rational best = 0;
  for (std::size_t i : J) {
    RationalVector u(d, Rational(0));  // u = Mᵀ z_i
    for (std::size_t a = 0; a < d; ++a)
      if (Z[i][a] != 0)
        for (std::size_t b = 0; b < d; ++b) u[b] += Z[i][a] * M[a][b];
    const Rational to_sink = dot(u, Z[0]);
    for (std::size_t j : K) {
      const Rational gap = to_sink - dot(u, Z[j]);
      if (first || gap < best) best = gap;
      first = false;
    }
  }
  return best;
}

py::dict head_sink_cost(const TextRows& tokens, const std::vector<std::size_t>& J, const std::vector<std::size_t>& K,
                        const TextRows& matrix) {
  const RationalMatrix Z = rational_rows(tokens, "Z");
  const RationalMatrix M = rational_rows(matrix, "M");
  if (Z.empty() || M.size() != Z[0].size() || M[0].size() != Z[0].size())
    throw std::invalid_argument("M: expected a d x d matrix, d = " + std::to_string(Z.empty() ? 0 : Z[0].size()) +
                                " (the tokens' dimension)");
  Reindexed r = reindex(Z, J, K, Rational(1));
  py::dict out;
  Rational margin;
  RationalInterval nuclear;
  SinkFacts f;
  {
    py::gil_scoped_release release;
    margin = realised_margin(Z, M, J, K);
    nuclear = certified_nuclear_norm(M);
    if (margin > 0) r.instance.kappa = margin;
    f = sink_facts(r.instance);
  }
  out["margin"] = to_string(margin);
  out["nuclear_norm"] = outward(nuclear);
  out["rho_Q"] = outward(sqrt_enclosure(f.queries.norm2));
  out["rho_K"] = outward(sqrt_enclosure(f.keys.norm2));
  out["rho_Q2"] = to_string(f.queries.norm2);
  out["rho_K2"] = to_string(f.keys.norm2);
  out["sinkable"] = f.sinkable;
  out["min_cost"] = py::none();
  out["ratio"] = py::none();
  if (margin > 0) {
    // M sinks J with margin κ = margin in score units (scores z_iᵀ M z_j), so by
    // P1.b (with W = √d M) every such matrix costs at least κ/(ρ_Q ρ_K).
    const RationalInterval minimum = sqrt_enclosure(margin * margin / (f.queries.norm2 * f.keys.norm2));
    out["min_cost"] = outward(minimum);
    out["ratio"] = outward(divided(nuclear, minimum));
  }
  return out;
}

}  // namespace

void bind_geometry(py::module_& m) {
  m.def("sink_geometry", &sink_geometry, py::arg("Z"), py::arg("J"), py::arg("K"), py::arg("kappa"));
  m.def("head_sink_cost", &head_sink_cost, py::arg("Z"), py::arg("J"), py::arg("K"), py::arg("M"));
}

}  // namespace sinkcheck::python
