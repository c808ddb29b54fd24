#include "generators/copy_task.hpp"

#include <rapidcheck/gen/Container.h>
#include <rapidcheck/gen/Create.h>
#include <rapidcheck/gen/Exec.h>
#include <rapidcheck/gen/Predicate.h>

#include <optional>
#include <stdexcept>

#include "generators/rationals.hpp"
#include "verify/input_limits.hpp"

namespace sinkcheck {

// Every legal instance's nuclear-norm program (D = 2C + 1 + r coordinates)
// is within the solver's limit, so P4 never meets it.
static_assert(2 * CopyTaskLimits::groups + 1 + CopyTaskLimits::nuisance_dim <= long(limits::nuclear_program_dim),
              "the widest legal copy task must fit the nuclear-norm program's limit");

namespace {

RationalVector unit(std::size_t dim, std::size_t k) {
  RationalVector e(dim);
  e[k] = 1;
  return e;
}

void rotate(RationalVector& v, const std::vector<GivensRotation>& rotation) {
  for (const GivensRotation& g : rotation) {
    const Rational denominator = 1 + g.t * g.t;
    const Rational c = (1 - g.t * g.t) / denominator, s = 2 * g.t / denominator;
    const Rational a = v[g.i], b = v[g.j];
    v[g.i] = c * a - s * b;
    v[g.j] = s * a + c * b;
  }
}

std::string where(long c, long i) { return "eta[" + std::to_string(c) + "][" + std::to_string(i) + "]"; }

}  // namespace

void validate(const CopyTaskInstance& x) {
  using L = CopyTaskLimits;
  // Sizes first: everything below allocates or loops in proportion to them.
  if (x.groups > L::groups) throw std::invalid_argument("groups: C = " + std::to_string(x.groups) + " is above the limit of " + std::to_string(L::groups));
  if (x.per_group > L::per_group)
    throw std::invalid_argument("per_group: n = " + std::to_string(x.per_group) + " is above the limit of " + std::to_string(L::per_group));
  if (x.nuisance_dim() > std::size_t(L::nuisance_dim))
    throw std::invalid_argument("eta: " + std::to_string(x.nuisance_dim()) + " nuisance coordinates, above the limit of " +
                                std::to_string(L::nuisance_dim));
  if (x.rotation.size() > std::size_t(L::rotations))
    throw std::invalid_argument("rotation: " + std::to_string(x.rotation.size()) + " rotations, above the limit of " +
                                std::to_string(L::rotations));
  if (x.dim > long(x.space_dim()) + L::extra_dim)
    throw std::invalid_argument("dim: d = " + std::to_string(x.dim) + " exceeds 2C + 1 + r by more than the limit of " +
                                std::to_string(L::extra_dim));
  auto in_range = [](const char* field, const Rational& v, const Rational& lo, const Rational& hi) {
    if (v < lo || v > hi)
      throw std::invalid_argument(std::string(field) + " = " + to_short_string(v) + " lies outside [" + to_string(lo) +
                                  ", " + to_string(hi) + "]");
  };
  in_range("lambda", x.lambda, L::lambda_min(), L::lambda_max());
  in_range("kappa", x.kappa, L::scale_min(), L::scale_max());
  in_range("scale", x.scale, L::scale_min(), L::scale_max());
  if (x.groups < 1) throw std::invalid_argument("groups: C must be at least 1");
  if (x.per_group < 2)
    throw std::invalid_argument("per_group: n must be at least 2 (a group of one token has no diagonal pattern: "
                                "its dormant token has no same-group competitor and Sigma_D is empty)");
  if (x.kappa <= 0) throw std::invalid_argument("kappa: the margin must be positive");
  if (x.lambda <= 0) throw std::invalid_argument("lambda: must be positive");
  if (x.scale <= 0) throw std::invalid_argument("scale: the attention scale t must be positive");
  if (long(x.eta.size()) != x.groups) throw std::invalid_argument("eta: expected one list of nuisance vectors per group");
  const std::size_t r = x.nuisance_dim();
  if (r == 0) throw std::invalid_argument("eta: the nuisance needs at least one coordinate (Delta_diag > 0 needs r_eta >= 1)");
  for (long c = 0; c < x.groups; ++c) {
    if (long(x.eta[std::size_t(c)].size()) != x.per_group)
      throw std::invalid_argument("eta[" + std::to_string(c) + "]: expected n = " + std::to_string(x.per_group) + " vectors");
    RationalVector sum(r);
    for (long i = 0; i < x.per_group; ++i) {
      const RationalVector& v = x.eta[std::size_t(c)][std::size_t(i)];
      if (v.size() != r) throw std::invalid_argument(where(c, i) + ": expected " + std::to_string(r) + " coordinates");
      for (std::size_t k = 0; k < r; ++k) sum[k] += v[k];
    }
    for (const Rational& s : sum)
      if (s != 0)
        throw std::invalid_argument("eta[" + std::to_string(c) + "]: the group's nuisance is not centred (H1 asks sum_i eta_ci = 0)");
  }
  if (x.dim < long(x.space_dim()))
    throw std::invalid_argument("dim: d = " + std::to_string(x.dim) + " is too small: the task needs d >= 2C + 1 + r = " +
                                std::to_string(x.space_dim()));
  for (std::size_t k = 0; k < x.rotation.size(); ++k) {
    const GivensRotation& g = x.rotation[k];
    if (g.i >= x.space_dim() || g.j >= x.space_dim() || g.i == g.j)
      throw std::invalid_argument("rotation[" + std::to_string(k) + "]: plane (" + std::to_string(g.i) + ", " +
                                  std::to_string(g.j) + ") is not two distinct coordinates below D = " +
                                  std::to_string(x.space_dim()));
  }
  const NuisanceStatistics s = nuisance_statistics(x);
  if (s.Delta_diag <= 0)
    throw std::invalid_argument("eta: Delta_diag = " + to_string(s.Delta_diag) +
                                " <= 0: two dormant tokens cannot each prefer themselves (the diagonal pattern is infeasible)");
}

CopyTaskTokens copy_task_tokens(const CopyTaskInstance& x) {
  const std::size_t D = x.space_dim(), m = x.signal_dim(), r = x.nuisance_dim();
  const std::size_t C = std::size_t(x.groups);
  CopyTaskTokens t;
  for (std::size_t k = 0; k < m; ++k) t.signal_basis.push_back(unit(D, k));
  for (std::size_t k = 0; k < r; ++k) t.nuisance_basis.push_back(unit(D, m + k));
  t.bos = unit(D, 0);
  for (std::size_t c = 1; c <= C; ++c) t.copy.push_back(unit(D, C + c));
  for (std::size_t c = 1; c <= C; ++c) {
    t.dormant.emplace_back();
    for (const RationalVector& eta : x.eta[c - 1]) {
      RationalVector v(D);
      v[c] = x.lambda;
      for (std::size_t k = 0; k < r; ++k) v[m + k] = eta[k];
      t.dormant.back().push_back(std::move(v));
    }
  }
  auto turn = [&](RationalVector& v) { rotate(v, x.rotation); };
  turn(t.bos);
  for (auto& v : t.copy) turn(v);
  for (auto& group : t.dormant)
    for (auto& v : group) turn(v);
  for (auto& v : t.signal_basis) turn(v);
  for (auto& v : t.nuisance_basis) turn(v);
  return t;
}

NuisanceStatistics nuisance_statistics(const CopyTaskInstance& x) {
  const std::size_t r = x.nuisance_dim();
  NuisanceStatistics s;
  s.sigma_D.assign(r, RationalVector(r));
  std::size_t pairs = 0;
  std::vector<RationalVector> all;
  for (const auto& group : x.eta) {
    for (std::size_t i = 0; i < group.size(); ++i) {
      all.push_back(group[i]);
      for (std::size_t j = i + 1; j < group.size(); ++j) {
        RationalVector diff(r);
        for (std::size_t k = 0; k < r; ++k) diff[k] = group[i][k] - group[j][k];
        for (std::size_t a = 0; a < r; ++a)
          for (std::size_t b = 0; b < r; ++b) s.sigma_D[a][b] += diff[a] * diff[b];
        ++pairs;
      }
    }
  }
  if (pairs > 0)
    for (auto& row : s.sigma_D)
      for (Rational& v : row) v /= Rational(long(pairs));
  for (std::size_t a = 0; a < r; ++a) s.trace_sigma_D += s.sigma_D[a][a];
  s.delta2 = s.trace_sigma_D / 2;
  std::optional<Rational> least;
  for (std::size_t p = 0; p < all.size(); ++p)
    for (std::size_t q = 0; q < all.size(); ++q) {
      if (p == q) continue;
      const Rational gap = dot(all[p], all[p]) - dot(all[p], all[q]);
      if (!least || gap < *least) least = gap;
    }
  s.Delta_diag = least ? 2 * *least : Rational(0);
  s.rank = long(independent_rows(all).size());
  return s;
}

namespace {

enum class Family { Generic, EqualNorm, LambdaOne, LambdaHalf, LambdaBesideHalf, TinyLambda, NearCollinear, SmallNuisance };

const char* name(Family f) {
  switch (f) {
    case Family::Generic: return "generic nuisance";
    case Family::EqualNorm: return "equal-norm nuisance (+-v pairs)";
    case Family::LambdaOne: return "lambda = 1 (the sink construction's kink)";
    case Family::LambdaHalf: return "lambda = 1/2";
    case Family::LambdaBesideHalf: return "lambda = 1/2 -+ 2^-e";
    case Family::TinyLambda: return "small lambda (below the upper bounds' thresholds)";
    case Family::NearCollinear: return "nearly collinear nuisance pair (small Delta_diag)";
    case Family::SmallNuisance: return "small nuisance, large lambda (L_diag nearly tight)";
  }
  return "?";
}

// Centred nuisance of one group: n − 1 free vectors, the last one minus their sum.
std::vector<RationalVector> centred_group(long n, std::size_t r, const rc::Gen<Rational>& entry) {
  std::vector<RationalVector> g;
  RationalVector sum(r);
  for (long i = 0; i + 1 < n; ++i) {
    g.push_back(*rc::gen::container<RationalVector>(r, entry));
    for (std::size_t k = 0; k < r; ++k) sum[k] += g.back()[k];
  }
  for (Rational& v : sum) v = -v;
  g.push_back(sum);
  return g;
}

// λ of a family, inside [lambda_min, lambda_max] or not at all: the domain
// is what the author claims the statement for, so no family may leave it.
struct LambdaChoices {
  // The grid of 1/16 inside the range, as numerators [lo, hi] (empty: lo > hi).
  long grid_lo = 1, grid_hi = 0;
  bool one = false, half = false;
  // 1/2 + sign 2^-e for e in [beside_lo[s], beside_hi[s]], s = 0 for +, 1 for −.
  long beside_lo[2] = {1, 1}, beside_hi[2] = {0, 0};
  // 1/k for k in [tiny_lo, tiny_hi] (empty: lo > hi).
  long tiny_lo = 1, tiny_hi = 0;
};

Integer floor_of(const Rational& q) {
  Integer n = numerator(q), d = denominator(q), f = n / d;
  if (f * d > n) --f;  // toward -inf for negatives
  return f;
}
Integer ceil_of(const Rational& q) { return -floor_of(-q); }

long clamp_long(const Integer& v, long lo, long hi) {
  return v < lo ? lo : v > hi ? hi : v.convert_to<long>();
}

LambdaChoices lambda_choices(const CopyTaskDomain& d) {
  LambdaChoices c;
  auto inside = [&](const Rational& l) { return d.lambda_min <= l && l <= d.lambda_max; };
  c.grid_lo = clamp_long(ceil_of(d.lambda_min * 16), 0, 1 << 20);
  c.grid_hi = clamp_long(floor_of(d.lambda_max * 16), -1, 1 << 20);
  c.one = inside(1);
  c.half = inside(Rational(1, 2));
  for (int s = 0; s < 2; ++s) {
    long lo = 21, hi = 3;
    for (long e = 4; e <= 20; ++e)
      if (inside(Rational(1, 2) + Rational(s == 0 ? 1 : -1, 1) / Rational(Integer(1) << unsigned(e)))) {
        lo = std::min(lo, e);
        hi = std::max(hi, e);
      }
    c.beside_lo[s] = lo;
    c.beside_hi[s] = hi;  // 2^-e moves monotonically: the inside e form one range
  }
  long tiny_lo = 65, tiny_hi = 3;
  for (long k = 4; k <= 64; ++k)
    if (inside(Rational(1, k))) {
      tiny_lo = std::min(tiny_lo, k);
      tiny_hi = std::max(tiny_hi, k);
    }
  c.tiny_lo = tiny_lo;
  c.tiny_hi = tiny_hi;
  return c;
}

bool beside_half_fits(const LambdaChoices& c, int s) { return c.beside_lo[s] <= c.beside_hi[s]; }

bool family_fits(Family f, const LambdaChoices& c) {
  switch (f) {
    case Family::LambdaOne: return c.one;
    case Family::LambdaHalf: return c.half;
    case Family::LambdaBesideHalf: return beside_half_fits(c, 0) || beside_half_fits(c, 1);
    case Family::TinyLambda: return c.tiny_lo <= c.tiny_hi;
    default: return true;
  }
}

std::string lambda_range(const CopyTaskDomain& d) {
  return "[" + to_string(d.lambda_min) + ", " + to_string(d.lambda_max) + "]";
}

const std::vector<std::pair<std::size_t, Family>>& family_weights() {
  static const std::vector<std::pair<std::size_t, Family>> weights = {
      {6, Family::Generic},    {2, Family::EqualNorm},  {2, Family::LambdaOne},    {1, Family::LambdaHalf},
      {2, Family::LambdaBesideHalf}, {1, Family::TinyLambda}, {1, Family::NearCollinear},
      {2, Family::SmallNuisance}};
  return weights;
}

bool valid(const CopyTaskInstance& x) {
  try {
    validate(x);
    return true;
  } catch (const std::invalid_argument&) {
    return false;
  }
}

}  // namespace

namespace {

rc::Gen<CopyTaskInstance> unfiltered_copy_task_gen(const CopyTaskDomain& domain) {
  const LambdaChoices lambdas = lambda_choices(domain);
  std::vector<std::pair<std::size_t, Family>> weights;
  for (const auto& [weight, family] : family_weights())
    if (family_fits(family, lambdas)) weights.emplace_back(weight, family);
  const rc::Gen<CopyTaskInstance> raw = rc::gen::exec([domain, lambdas, weights] {
    CopyTaskInstance x;
    const Family family = gen::weighted_pick(weights);
    x.family = name(family);
    auto nominal = [](long lo, long hi) { return *rc::gen::resize(rc::kNominalSize, rc::gen::inRange<long>(lo, hi + 1)); };
    x.groups = nominal(1, domain.groups_max);
    x.per_group = nominal(2, std::max(2L, domain.per_group_max));
    const std::size_t r = std::size_t(nominal(1, domain.nuisance_dim_max));
    x.kappa = *gen::rational(1, 8, {2, 1, 4});
    x.scale = *gen::rational(2, 24, {1, 2});
    // λ in [lambda_min, lambda_max] on a grid of 1/16; a range narrower than
    // the grid's spacing gives one of its ends.
    x.lambda = lambdas.grid_lo <= lambdas.grid_hi
                   ? Rational(nominal(std::max(1L, lambdas.grid_lo), lambdas.grid_hi), 16)
                   : (nominal(0, 1) == 0 ? domain.lambda_min : domain.lambda_max);
    switch (family) {
      case Family::LambdaOne: x.lambda = 1; break;
      case Family::LambdaHalf: x.lambda = Rational(1, 2); break;
      case Family::LambdaBesideHalf: {
        // 2^-20 at the closest: the exact field of the realised attention needs
        // the scores' common denominator to stay well inside its exponent range.
        long sign = *rc::gen::element<long>(1, -1);
        if (!beside_half_fits(lambdas, sign > 0 ? 0 : 1)) sign = -sign;
        const int s = sign > 0 ? 0 : 1;
        x.lambda = Rational(1, 2) + Rational(sign) / Rational(Integer(1) << unsigned(nominal(lambdas.beside_lo[s], lambdas.beside_hi[s])));
        break;
      }
      case Family::TinyLambda: x.lambda = Rational(1, nominal(lambdas.tiny_lo, lambdas.tiny_hi)); break;
      default: break;
    }
    const rc::Gen<Rational> entry = gen::rational(-4, 4, {4, 2, 8});
    for (long c = 0; c < x.groups; ++c) x.eta.push_back(centred_group(x.per_group, r, entry));
    if (family == Family::EqualNorm) {
      // ±v pairs with v = (±1/2 at two coordinates): equal norms, centred when n is even.
      for (long c = 0; c < x.groups; ++c)
        for (long i = 0; i + 1 < x.per_group; i += 2) {
          RationalVector v(r);
          v[std::size_t(nominal(0, long(r) - 1))] = Rational(1, 2);
          v[std::size_t(nominal(0, long(r) - 1))] += Rational(*rc::gen::element<long>(1, -1), 2);
          RationalVector w = v;
          for (Rational& e : w) e = -e;
          x.eta[std::size_t(c)][std::size_t(i)] = v;
          x.eta[std::size_t(c)][std::size_t(i + 1)] = w;
        }
    }
    if (family == Family::NearCollinear) {
      // Two dormant tokens with nuisance m + eps w and m - eps w (m ⊥ w):
      // each still prefers itself, by 2 eps^2 |w|^2 only, so Delta_diag is tiny.
      // Down to 2^-10: smaller makes the nuisance part of the optimum 2^40
      // times its signal part, below what a relative gap of 1e-9 resolves.
      const Rational eps = Rational(1, Integer(1) << unsigned(nominal(3, 10)));
      const bool two_groups = x.groups > 1;
      RationalVector& a = x.eta[0][0];
      RationalVector& b = two_groups ? x.eta[1][0] : x.eta[0][1];
      for (std::size_t k = 0; k < r; ++k) a[k] = b[k] = 0;
      if (two_groups && r >= 2) a[1] = b[1] = Rational(1, 2);
      a[0] = eps;
      b[0] = -eps;
      for (long c = 0; c < (two_groups ? 2 : 1); ++c) {
        auto& group = x.eta[std::size_t(c)];
        if (group.size() == 2 && !two_groups) break;  // a and b are already centred
        RationalVector sum(r);
        for (std::size_t i = 0; i + 1 < group.size(); ++i)
          for (std::size_t k = 0; k < r; ++k) sum[k] += group[i][k];
        for (std::size_t k = 0; k < r; ++k) group.back()[k] = -sum[k];
      }
    }
    if (family == Family::SmallNuisance) {
      // L_diag approaches its optimum as the nuisance term 1/delta^2 dominates
      // and lambda grows (the copy part of the optimum tends to its limit):
      // where a bound moved by 1% already fails.
      const Rational shrink(1, Integer(1) << unsigned(nominal(2, 6)));
      for (auto& group : x.eta)
        for (auto& v : group)
          for (Rational& e : v) e *= shrink;
      x.lambda = domain.lambda_max;
    }
    x.dim = long(x.space_dim()) + nominal(0, domain.extra_dim_max);
    const long turns = nominal(0, domain.rotations_max);
    for (long k = 0; k < turns; ++k) {
      GivensRotation g;
      g.i = std::size_t(nominal(0, long(x.space_dim()) - 1));
      g.j = std::size_t(nominal(0, long(x.space_dim()) - 2));
      if (g.j >= g.i) ++g.j;
      g.t = *gen::rational(1, 3, {2, 3, 4});
      x.rotation.push_back(g);
    }
    return x;
  });
  return raw;
}

}  // namespace

rc::Gen<CopyTaskInstance> copy_task_gen(const CopyTaskDomain& domain) {
  const auto is_valid = [](const CopyTaskInstance& x) { return valid(x); };
  const rc::Gen<CopyTaskInstance> drawn = rc::gen::suchThat(unfiltered_copy_task_gen(domain), is_valid);
  // Many nuisance vectors in few coordinates rarely all prefer themselves
  // (on a line, at most two can): when a legal domain makes 100 draws fail,
  // one group of two tokens — valid unless its nuisance is 0 — keeps the
  // case inside the domain instead of failing the run.
  CopyTaskDomain smallest = domain;
  smallest.groups_max = 1;
  smallest.per_group_max = 2;
  const rc::Gen<CopyTaskInstance> fallback = rc::gen::suchThat(unfiltered_copy_task_gen(smallest), is_valid);
  return rc::Gen<CopyTaskInstance>([drawn, fallback](const rc::Random& random, int size) {
    try {
      return drawn(random, size);
    } catch (const rc::GenerationFailure&) {
      return fallback(random, size);
    }
  });
}

std::vector<std::string> copy_task_skipped_families(const CopyTaskDomain& domain) {
  const LambdaChoices lambdas = lambda_choices(domain);
  std::vector<std::string> notes;
  for (const auto& [weight, family] : family_weights())
    if (!family_fits(family, lambdas))
      notes.push_back(std::string("Generator family '") + name(family) + "' skipped: its lambda lies outside " +
                      "[P4.domain] lambda_min .. lambda_max = " + lambda_range(domain) + ".");
  return notes;
}

CopyTaskInstance canonical_copy_task(long groups, long per_group, const Rational& lambda, const Rational& kappa,
                                     long dim, const Rational& scale) {
  CopyTaskInstance x;
  x.groups = groups;
  x.per_group = per_group;
  x.lambda = lambda;
  x.kappa = kappa;
  x.scale = scale;
  x.family = "canonical";
  const std::size_t r = std::size_t(groups * per_group);
  for (long c = 0; c < groups; ++c) {
    x.eta.emplace_back();
    for (long i = 0; i < per_group; ++i) {
      // (1/2)(e_ci − mean of the group's basis vectors): a centred simplex per group.
      RationalVector v(r);
      for (long k = 0; k < per_group; ++k) v[std::size_t(c * per_group + k)] = -Rational(1, 2 * per_group);
      v[std::size_t(c * per_group + i)] += Rational(1, 2);
      x.eta.back().push_back(v);
    }
  }
  x.dim = dim > 0 ? dim : long(x.space_dim());
  return x;
}

}  // namespace sinkcheck
