#include "generators/sink_geometry.hpp"

#include <rapidcheck/gen/Container.h>
#include <rapidcheck/gen/Create.h>
#include <rapidcheck/gen/Exec.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "generators/rationals.hpp"

namespace sinkcheck {

namespace {

using Point = std::vector<Rational>;

Rational pow10(long k) {
  return Rational(Integer(1), boost::multiprecision::pow(Integer(10), unsigned(k)));
}

Rational dot(const Point& a, const Point& b) {
  Rational s = 0;
  for (std::size_t k = 0; k < a.size(); ++k) s += a[k] * b[k];
  return s;
}

Point axpy(const Rational& a, const Point& x, const Point& y) {  // a x + y
  Point r = y;
  for (std::size_t k = 0; k < r.size(); ++k) r[k] += a * x[k];
  return r;
}

// A rational Householder reflection: x − 2 (v·x)/(v·v) v keeps ‖x‖ exactly.
Point reflect(const Point& x, const Point& v) {
  const Rational vv = dot(v, v);
  if (vv == 0) return x;
  return axpy(Rational(-2) * dot(v, x) / vv, v, x);
}

Point point_gen(std::size_t d, long lo = -9, long hi = 9) {
  return *rc::gen::container<Point>(d, gen::rational(lo, hi, {1, 2, 3, 4}));
}

bool is_zero(const Point& p) {
  return std::all_of(p.begin(), p.end(), [](const Rational& q) { return q == 0; });
}

Point nonzero_point(std::size_t d) {
  Point p = point_gen(d);
  if (std::all_of(p.begin(), p.end(), [](const Rational& q) { return q == 0; })) p[0] = 1;
  return p;
}

// A random nonempty J ⊆ {1 … T}, containing `must` (when given).
std::vector<std::size_t> queries_gen(std::size_t T, std::vector<std::size_t> must = {}) {
  const auto pick = *rc::gen::container<std::vector<bool>>(T, rc::gen::weightedElement<bool>({{2, true}, {1, false}}));
  std::vector<std::size_t> J = std::move(must);
  for (std::size_t j = 1; j <= T; ++j)
    if (pick[j - 1]) J.push_back(j);
  if (J.empty()) J.push_back(std::size_t(*rc::gen::inRange<long>(1, long(T) + 1)));
  std::sort(J.begin(), J.end());
  J.erase(std::unique(J.begin(), J.end()), J.end());
  return J;
}

// 0 (exactly degenerate) or 10^-k, k up to the domain's exponent.
Rational gap_gen(const SinkDomain& domain) {
  return *rc::gen::weightedOneOf<Rational>({
      {1, rc::gen::just(Rational(0))},
      // the whole range at every case size (rapidcheck scales inRange by size)
      {3, rc::gen::map(rc::gen::resize(100, rc::gen::inRange<long>(1, domain.degenerate_exponent + 1)),
                       [](long k) { return pow10(k); })},
  });
}

// Tokens sharing a mean direction e_1 (first coordinate in (0, 2M)), as all
// tokens of a trained model do; the sink either clearly apart along e_1
// (feasible), or anywhere.
void common_direction(SinkInstance& s, std::size_t T, std::size_t d, bool separated) {
  const long M = *rc::gen::inRange<long>(2, 10);
  s.tokens.assign(T + 1, Point());
  for (std::size_t j = 1; j <= T; ++j) {
    Point z = point_gen(d);
    z[0] = Rational(M) + *gen::rational(-(M - 1), M - 1, {1, 2, 3});
    s.tokens[j] = z;
  }
  Point z0 = point_gen(d);
  if (separated) {
    Rational top = s.tokens[1][0], bottom = s.tokens[1][0];
    for (std::size_t j = 2; j <= T; ++j) {
      top = std::max(top, s.tokens[j][0]);
      bottom = std::min(bottom, s.tokens[j][0]);
    }
    const Rational gap = *gen::rational(1, 16, {1, 2, 4, 8});
    z0[0] = *rc::gen::element(false, true) ? Rational(top + gap) : Rational(bottom - gap);  // beyond or below every key
  }
  s.tokens[0] = z0;
}

// The large instances of the fast path: T up to large_tokens_max, d up to
// large_dim_max, a shared mean direction, coordinates from a seeded stream
// (shrinking acts on the sizes and the seed).
SinkInstance large_instance(const SinkDomain& domain) {
  SinkInstance s;
  s.family = "large common direction";
  // Full ranges whatever the case's size (rapidcheck scales inRange by size).
  const std::size_t T = std::size_t(*rc::gen::resize(100, rc::gen::inRange<long>(2, domain.large_tokens_max + 1)));
  const std::size_t d = std::size_t(*rc::gen::resize(100, rc::gen::inRange<long>(1, domain.large_dim_max + 1)));
  const auto seed = *rc::gen::inRange<unsigned>(0, 1u << 30);
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> noise(-4, 4), along(40, 160);
  s.tokens.assign(T + 1, Point(d));
  for (std::size_t j = 0; j <= T; ++j) {
    s.tokens[j][0] = along(rng);
    for (std::size_t k = 1; k < d; ++k) s.tokens[j][k] = Rational(noise(rng), 2);
  }
  s.tokens[0][0] = 200 + along(rng);  // the sink beyond every key along the shared direction
  s.causal = *rc::gen::element(false, true);
  s.J = queries_gen(std::min<std::size_t>(T, 64));
  if (*rc::gen::element(false, true)) {  // every token a query
    s.J.clear();
    for (std::size_t j = 1; j <= T; ++j) s.J.push_back(j);
  }
  return s;
}

SinkInstance geometry_instance(const SinkDomain& domain, bool feasible_only) {
  SinkInstance s;
  const std::size_t T = std::size_t(*rc::gen::inRange<long>(1, domain.tokens_max + 1));
  const std::size_t d = *rc::gen::weightedElement<bool>({{1, true}, {6, false}})
                            ? 1
                            : std::size_t(*rc::gen::inRange<long>(1, domain.dim_max + 1));
  s.causal = *rc::gen::element(false, true);
  enum Family { General, Common, OppositePair, SinkInside, Duplicates };
  const Family family = feasible_only
                            ? *rc::gen::weightedElement<Family>({{6, Common}, {1, OppositePair}, {1, SinkInside}})
                            : *rc::gen::weightedElement<Family>(
                                  {{3, General}, {3, Common}, {2, OppositePair}, {2, SinkInside}, {1, Duplicates}});
  switch (family) {
    case General:
    case Duplicates: {
      s.family = family == General ? "general position" : "duplicate tokens";
      s.tokens.clear();
      for (std::size_t j = 0; j <= T; ++j) s.tokens.push_back(point_gen(d));
      s.J = queries_gen(T);
      if (family == Duplicates) {
        const std::size_t a = std::size_t(*rc::gen::inRange<long>(0, long(T) + 1));
        const std::size_t b = std::size_t(*rc::gen::inRange<long>(0, long(T) + 1));
        s.tokens[b] = s.tokens[a];
        for (std::size_t j : s.J) s.tokens[j] = s.tokens[s.J.front()];  // all queries one token
      }
      break;
    }
    case Common:
      s.family = "common direction";
      common_direction(s, T, d, feasible_only || *rc::gen::weightedElement<bool>({{3, true}, {1, false}}));
      s.J = queries_gen(T);
      break;
    case OppositePair: {
      // Queries z_a and z_b = −z_a + δ w: ρ_Q ≤ δ‖w‖/2 → 0 (ρ_Q = 0 at δ = 0).
      s.family = "near-opposite query pair";
      const std::size_t TT = std::max<std::size_t>(T, 2);
      common_direction(s, TT, d, true);
      const std::size_t a = std::size_t(*rc::gen::inRange<long>(1, long(TT) + 1));
      std::size_t b = std::size_t(*rc::gen::inRange<long>(1, long(TT)));
      if (b >= a) ++b;
      Rational delta = gap_gen(domain);
      if (feasible_only && delta == 0) delta = pow10(3);
      Point w = nonzero_point(d);
      Point za = s.tokens[a];
      for (auto& q : za) q = -q;
      s.tokens[b] = axpy(delta, w, za);
      if (feasible_only) {
        // Keep 0 outside the segment: the perturbation has no e_1 part (z_a's
        // first coordinate is positive); in d = 1 the pair is z_a and δ z_a.
        if (d == 1) {
          s.tokens[b] = s.tokens[a];
          s.tokens[b][0] *= delta;
        } else {
          w[0] = 0;
          if (is_zero(w)) w[1] = 1;
          s.tokens[b] = axpy(delta, w, za);
        }
      }
      s.J = queries_gen(TT, {a, b});
      // Only the pair sinks when the instance must stay feasible (another
      // query could put 0 in the hull).
      if (feasible_only || *rc::gen::element(false, true)) s.J = {std::min(a, b), std::max(a, b)};
      // keep the sink apart along e_1 from the new key
      if (!feasible_only) break;
      Rational top = s.tokens[1][0];
      for (std::size_t j = 2; j <= TT; ++j) top = std::max(top, s.tokens[j][0]);
      s.tokens[0][0] = top + 1;
      break;
    }
    case SinkInside: {
      // z_0 = Σ β_j z_j + δ w over some keys: ρ_K ≤ δ‖w‖ → 0 (ρ_K = 0 at δ = 0).
      s.family = "sink near the key hull";
      common_direction(s, T, d, false);
      s.J = queries_gen(T);
      const std::vector<std::size_t> K = s.keys();
      if (feasible_only) {
        // z_0 = z_m − δ e_1 below the key lowest along e_1: 0 < ρ_K ≤ δ.
        std::size_t m = K.front();
        for (std::size_t j : K)
          if (s.tokens[j][0] < s.tokens[m][0]) m = j;
        Rational delta = gap_gen(domain);
        if (delta == 0) delta = pow10(3);
        s.tokens[0] = s.tokens[m];
        s.tokens[0][0] -= delta;
        break;
      }
      Point z0(d, Rational(0));
      Rational total = 0;
      std::vector<Rational> beta;
      for (std::size_t t = 0; t < K.size(); ++t) {
        beta.push_back(*gen::rational(0, 4, {1, 2, 3}));
        total += beta.back();
      }
      if (total == 0) beta[0] = total = 1;
      for (std::size_t t = 0; t < K.size(); ++t) z0 = axpy(beta[t] / total, s.tokens[K[t]], z0);
      Rational delta = gap_gen(domain);
      if (feasible_only && delta == 0) delta = pow10(3);
      s.tokens[0] = axpy(delta, nonzero_point(d), z0);
      break;
    }
  }
  return s;
}

// LayerNorm scale: every token of norm √d exactly, as rational reflections of
// the all-ones vector; most share the sink's direction, some nearly equal it
// (c_max → 1).
SinkInstance normalised_instance(const SinkDomain& domain) {
  SinkInstance s;
  s.family = "normalised (norm sqrt(d))";
  const std::size_t T = std::size_t(*rc::gen::inRange<long>(1, domain.tokens_max + 1));
  const std::size_t d = std::size_t(*rc::gen::inRange<long>(1, domain.dim_max + 1));
  s.causal = *rc::gen::element(false, true);
  Point z0 = reflect(Point(d, Rational(1)), point_gen(d));
  s.tokens = {z0};
  const Rational dd(long(d), 1);
  for (std::size_t j = 1; j <= T; ++j) {
    const Point w = point_gen(d);
    Point v = axpy(-dot(w, z0), z0, std::vector<Rational>(d, Rational(0)));
    v = axpy(dd, w, v);  // v = d w − (w·z_0) z_0 ⊥ z_0
    const int kind = *rc::gen::weightedElement<int>({{4, 0}, {2, 1}, {1, 2}});
    if (kind == 0) v = axpy(*gen::rational(-2, 2, {1, 2, 4}), z0, v);         // spread around the sink
    else if (kind == 1) v = axpy(gap_gen(domain) + pow10(30), z0, v);        // nearly the sink: c → 1
    else v = point_gen(d);                                                   // anywhere on the sphere
    if (dot(v, z0) == 0) v = axpy(Rational(1, 8), z0, v);  // v ⊥ z_0 would give z_j = z_0 (c = 1)
    s.tokens.push_back(reflect(z0, v));
  }
  s.J = queries_gen(T);
  // Now and then one token off the sphere, so that the norm assumption of
  // P1.d is exercised too (such instances are vacuous for the shipped claims).
  if (*rc::gen::resize(100, gen::chance(1, 8))) {
    s.family = "normalised but one token rescaled";
    const std::size_t j = std::size_t(*rc::gen::inRange<long>(0, long(T) + 1));
    for (Rational& q : s.tokens[j]) q *= *rc::gen::element(Rational(1, 2), Rational(3, 2), Rational(3));
  }
  return s;
}

// The margin of the P1.c instances: small, beyond double's range, up to margin_max.
Rational margin_gen(long margin_max) {
  return *rc::gen::weightedOneOf<Rational>({
      {3, gen::rational(1, 32, {1, 2, 4})},
      {3, rc::gen::map(rc::gen::inRange<long>(50, margin_max + 1), [](long m) { return Rational(m); })},
      {1, rc::gen::map(rc::gen::inRange<long>(std::max(50L, margin_max - 10), margin_max + 1),
                       [](long m) { return Rational(m); })},
  });
}

// ε near the thresholds log((1−ε)/ε) ≈ κ, so that both ends of the sandwich are met.
Rational eps_gen(const Rational& kappa) {
  const long k = long(std::lround(to_double(kappa) / std::log(10.0)));
  return *rc::gen::weightedOneOf<Rational>({
      {1, rc::gen::element(Rational(1, 2), Rational(1, 3), Rational(1, 10))},
      {4, rc::gen::map(rc::gen::inRange<long>(std::max(1L, k - 1), std::max(2L, k + 3)), [](long e) { return pow10(e); })},
  });
}

}  // namespace

rc::Gen<SinkInstance> sink_instance_gen(const SinkDomain& domain, SinkPurpose purpose) {
  return rc::gen::exec([domain, purpose] {
    SinkInstance s;
    switch (purpose) {
      case SinkPurpose::Geometry:
        s = *rc::gen::resize(100, rc::gen::inRange<long>(0, 100)) < domain.large_percent ? large_instance(domain)
                                                                    : geometry_instance(domain, false);
        s.kappa = *gen::rational(1, 16, {1, 2, 4});
        break;
      case SinkPurpose::Softmax: {
        SinkDomain small = domain;
        small.tokens_max = std::min(domain.tokens_max, domain.softmax_tokens_max);
        s = geometry_instance(small, true);
        s.kappa = margin_gen(domain.margin_max);
        s.eps = eps_gen(s.kappa);
        break;
      }
      case SinkPurpose::Normalised:
        s = normalised_instance(domain);
        s.kappa = *gen::rational(1, 16, {1, 2, 4});
        break;
    }
    return s;
  });
}

}  // namespace sinkcheck
