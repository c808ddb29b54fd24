#include "generators/smoothing_model.hpp"

#include <rapidcheck/gen/Container.h>
#include <rapidcheck/gen/Create.h>
#include <rapidcheck/gen/Exec.h>

#include "generators/rationals.hpp"

namespace sinkcheck {

namespace {

using Rows = std::vector<std::vector<Rational>>;

Rows multiply_by_transpose(const Rows& L) {  // L Lᵀ
  const std::size_t d = L.size();
  Rows B(d, std::vector<Rational>(d));
  for (std::size_t i = 0; i < d; ++i)
    for (std::size_t j = 0; j < d; ++j)
      for (std::size_t c = 0; c < L[i].size(); ++c) B[i][j] += L[i][c] * L[j][c];
  return B;
}

// A numerator in [-max, max] that shrinks toward 0 (then 1, -1, 2, …), over
// a denominator that shrinks toward 1. Drawn at the nominal size: at small
// sizes inRange would make every entry 0. (Dimensions and k do grow with the size.)
rc::Gen<Rational> entry_gen(long max) {
  return rc::gen::resize(
      rc::kNominalSize,
      rc::gen::apply([](long zigzag, long q) { return Rational(zigzag % 2 ? (zigzag + 1) / 2 : -(zigzag / 2), q); },
                     rc::gen::inRange<long>(0, 2 * max + 1), rc::gen::elementOf(std::vector<long>{1, 2, 3, 4})));
}

enum class Family { Generic, Red, Blue, BetaZero, TraceZero, Antisymmetric, TraceEps, SumZero, SumEps, Between, Degenerate };

const char* name(Family f) {
  switch (f) {
    case Family::Generic: return "generic";
    case Family::Red: return "beta*trBW > 0 (red head)";
    case Family::Blue: return "beta*trBW + trBWtW < 0 (blue head)";
    case Family::BetaZero: return "boundary beta*trBW = 0 (beta = 0)";
    case Family::TraceZero: return "boundary beta*trBW = 0 (trBW = 0)";
    case Family::Antisymmetric: return "boundary beta*trBW = 0 (antisymmetric W)";
    case Family::TraceEps: return "beside beta*trBW = 0 (trBW = -/+eps*trB)";
    case Family::SumZero: return "boundary beta*trBW + trBWtW = 0";
    case Family::SumEps: return "beside beta*trBW + trBWtW = 0 (beta +/- eps)";
    case Family::Between: return "strictly between the two conditions";
    case Family::Degenerate: return "degenerate head (W = 0, B = 0 or W L = 0)";
  }
  return "?";
}

// Every statement sees every family; each leans toward the instances its
// assumptions select, so that few of its cases are vacuous.
std::vector<std::pair<std::size_t, Family>> family_weights(SmoothingFocus focus) {
  const bool red = focus == SmoothingFocus::Red, blue = focus == SmoothingFocus::Blue,
             boundary = focus == SmoothingFocus::Boundary;
  return {{red || blue ? 2 : 4, Family::Generic},   {red ? 16 : 2, Family::Red},
          {blue ? 12 : 2, Family::Blue},            {1, Family::BetaZero},
          {boundary ? 4 : 2, Family::TraceZero},    {boundary ? 2 : 1, Family::Antisymmetric},
          {red || boundary ? 4 : 2, Family::TraceEps}, {boundary ? 4 : 2, Family::SumZero},
          {blue || boundary ? 4 : 2, Family::SumEps},  {blue ? 6 : 2, Family::Between},
          {1, Family::Degenerate}};
}

void shift_diagonal(Rows& W, const Rational& c) {
  for (std::size_t i = 0; i < W.size(); ++i) W[i][i] -= c;
}

}  // namespace

SmoothingTraces exact_traces(const SmoothingInstance& x) {
  const Rows B = multiply_by_transpose(x.L);
  const std::size_t d = x.dim();
  SmoothingTraces t;
  for (std::size_t i = 0; i < d; ++i) {
    t.trB += B[i][i];
    for (std::size_t j = 0; j < d; ++j) {
      t.trBW += B[i][j] * x.W[j][i];
      Rational wtw;  // (Wᵀ W)_{ji}
      for (std::size_t m = 0; m < d; ++m) wtw += x.W[m][j] * x.W[m][i];
      t.trBWtW += B[i][j] * wtw;
    }
  }
  return t;
}

rc::Gen<SmoothingInstance> smoothing_instance_gen(const SmoothingDomain& domain, SmoothingFocus focus) {
  return rc::gen::exec([domain, focus] {
    SmoothingInstance x;
    const Family family = gen::weighted_pick(family_weights(focus));
    x.family = name(family);
    const std::size_t d = std::size_t(*rc::gen::inRange<long>(1, domain.dim_max + 1));
    const std::size_t r = std::size_t(*rc::gen::inRange<long>(1, long(d) + 1));
    x.k = *rc::gen::weightedOneOf<long>({{4, rc::gen::inRange<long>(2, std::min(9L, domain.k_max) + 1)},
                                         {2, rc::gen::inRange<long>(2, domain.k_max + 1)},
                                         {1, rc::gen::just(domain.k_max)}});
    const rc::Gen<Rational> entry = entry_gen(domain.entry_max);
    const auto row = [&](std::size_t n) { return *rc::gen::container<std::vector<Rational>>(n, entry); };
    x.beta = *entry;
    x.mu = row(d);
    for (std::size_t i = 0; i < d; ++i) x.L.push_back(row(r));
    for (std::size_t i = 0; i < d; ++i) x.W.push_back(row(d));
    const Rational eps = Rational(*rc::gen::element<long>(1, -1)) /
                         Rational(Integer(1) << unsigned(*rc::gen::inRange<long>(1, domain.eps_bits_max + 1)));

    SmoothingTraces t = exact_traces(x);
    switch (family) {
      case Family::Generic: break;
      case Family::Red:
        if (x.beta * t.trBW < 0) x.beta = -x.beta;
        break;
      case Family::Blue:  // beta trBW + trBWtW = -s < 0
        if (t.trBW != 0) x.beta = -(t.trBWtW + Rational(*rc::gen::inRange<long>(1, 17), 4)) / t.trBW;
        break;
      case Family::BetaZero: x.beta = 0; break;
      case Family::TraceZero:
      case Family::TraceEps:
        // tr(B(W - cI)) = tr(BW) - c tr B: zero at c = tr(BW)/tr B, or -/+eps tr B beside it.
        if (t.trB != 0) shift_diagonal(x.W, t.trBW / t.trB + (family == Family::TraceEps ? eps : Rational(0)));
        break;
      case Family::Antisymmetric:  // tr(BW) = 0 for symmetric B and antisymmetric W
        for (std::size_t i = 0; i < d; ++i)
          for (std::size_t j = 0; j <= i; ++j) x.W[i][j] = i == j ? Rational(0) : -x.W[j][i];
        break;
      case Family::SumZero:
      case Family::SumEps:
      case Family::Between:
        if (t.trBW == 0 && t.trB != 0) {  // move off tr(BW) = 0 so that beta can be solved for
          shift_diagonal(x.W, Rational(-1));
          t = exact_traces(x);
        }
        if (t.trBW != 0) {
          // beta trBW + trBWtW = 0 at beta = -trBWtW/trBW; between the conditions at a fraction s in (0,1).
          const Rational s = family == Family::Between ? Rational(*rc::gen::inRange<long>(1, 8), 8) : Rational(1);
          x.beta = -s * t.trBWtW / t.trBW + (family == Family::SumEps ? eps : Rational(0));
        }
        break;
      case Family::Degenerate: {
        const int which = *rc::gen::inRange<int>(0, 3);
        if (which == 0) x.W.assign(d, std::vector<Rational>(d));
        if (which == 1) x.L.assign(d, std::vector<Rational>(r));
        if (which == 2) {  // W acts only through the last coordinate, where L vanishes: W L = 0
          for (std::size_t i = 0; i < d; ++i)
            for (std::size_t j = 0; j + 1 < d; ++j) x.W[i][j] = 0;
          for (Rational& l : x.L[d - 1]) l = 0;
        }
        break;
      }
    }
    return x;
  });
}

}  // namespace sinkcheck
