#include "propositions/smoothing.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <stdexcept>
#include <type_traits>

#include "engine/instance_fields.hpp"
#include "propositions/smoothing_coq.hpp"
#include "propositions/smoothing_figures.hpp"
#include "verify/quantity_binder.hpp"
#include "verify/eigen_scalars.hpp"
#include "engine/model_registration.hpp"

namespace sinkcheck {

const std::vector<Variable>& smoothing_variables() {
  static const std::vector<Variable> vars = {
      {"k", false, "number of tokens k (>= 2)"},
      {"beta", false, "residual weight beta (X = beta Z)"},
      {"trB", false, "tr B"},
      {"trBW", false, "tr(BW)"},
      {"trBWtW", false, "tr(B W^T W) (= ||W L||_F^2 >= 0 for B = L L^T)"},
      {"mu_norm2", false, "||(beta I + W) mu||^2"},
      {"dD0", false, "D_k'(0), D_k computed from the exact moments of the model"},
      {"dD1", false, "D_k'(1)"},
      {"dD_max", false, "max of D_k' over [0,1]"},
      {"dD_min", false, "min of D_k' over [0,1]"},
      {"dN_max", false, "max of N' over [0,1]"},
      {"dN_min", false, "min of N' over [0,1]"},
      {"Y2_min", false, "min of E||Y_i||^2 over [0,1] (rho is defined on all of [0,1] iff this is > 0)"},
      {"D_dec", false, "1 if D_k strictly decreases on [0,1] (as a function), else 0; decided exactly from D_k'"},
      {"D_inc", false, "1 if D_k strictly increases on [0,1], else 0"},
      {"D_monotone", false, "1 if D_k is monotone (weakly) on [0,1], else 0"},
      {"D_interior_min", false, "1 if D_k has a strict minimum inside (0,1), else 0"},
      {"N_inc", false, "1 if N strictly increases on [0,1], else 0"},
      {"N_dec", false, "1 if N strictly decreases on [0,1], else 0"},
      {"rho_inc", false, "1 if rho is defined on [0,1] and strictly increases there, else 0"},
      {"rho_dec", false, "1 if rho is defined on [0,1] and strictly decreases there, else 0"},
      {"lam", true, "lambda on the grid 0, 1/4, 1/2, 3/4, 1"},
      {"D", true, "D_k(lambda) = E[(1/k) sum_i ||Y_i - Ybar||^2], from the exact moments of the model"},
      {"N", true, "N(lambda) = E[Y_i^T Y_j] (i != j), from the exact moments"},
      {"Y2", true, "E||Y_i||^2, from the exact moments"},
      {"Ebar", true, "E||Ybar||^2, Ybar = (1/k) sum_i Y_i, from the exact moments"},
      {"rho", true, "rho(lambda) = N / E||Y_i||^2 (0 where E||Y_i||^2 = 0)"},
      {"dD", true, "D_k'(lambda)"},
      {"dN", true, "N'(lambda)"},
      {"drho", true, "rho'(lambda) (0 where E||Y_i||^2 = 0)"},
  };
  return vars;
}

const std::vector<Rational>& smoothing_grid() {
  static const std::vector<Rational> grid = {Rational(0), Rational(1, 4), Rational(1, 2), Rational(3, 4), Rational(1)};
  return grid;
}

namespace {

// ---- certified comparisons, in every stage's scalar ----------------------

// What a stage can say about a condition: intervals may leave it open; the
// exact stage never does.
enum class Tri { False, True, Unknown };

Tri both(Tri a, Tri b) {
  if (a == Tri::False || b == Tri::False) return Tri::False;
  return a == Tri::True && b == Tri::True ? Tri::True : Tri::Unknown;
}
Tri either(Tri a, Tri b) {
  if (a == Tri::True || b == Tri::True) return Tri::True;
  return a == Tri::False && b == Tri::False ? Tri::False : Tri::Unknown;
}
Tri negation(Tri a) { return a == Tri::Unknown ? a : a == Tri::True ? Tri::False : Tri::True; }

template <class S>
Tri positive(const S& x) {
  switch (ScalarTraits<S>::sign(x)) {
    case CertifiedSign::Positive: return Tri::True;
    case CertifiedSign::Negative:
    case CertifiedSign::Zero: return Tri::False;
    default: return Tri::Unknown;
  }
}
template <class S>
Tri nonnegative(const S& x) {
  switch (ScalarTraits<S>::sign(x)) {
    case CertifiedSign::Positive:
    case CertifiedSign::Zero: return Tri::True;
    case CertifiedSign::Negative: return Tri::False;
    default: return Tri::Unknown;
  }
}
template <class S>
Tri is_zero(const S& x) {
  switch (ScalarTraits<S>::sign(x)) {
    case CertifiedSign::Zero: return Tri::True;
    case CertifiedSign::Unknown: return Tri::Unknown;
    default: return Tri::False;
  }
}

template <class S>
S lift(const Rational& q) {
  return from_rational<S>(q);
}

// The interval hull of a and b: what a value is known to lie in when a
// condition it depends on is open.
template <class S>
S hull(const S& a, const S& b) {
  if constexpr (std::is_same_v<S, DoubleInterval>) {
    return DoubleInterval(std::min(a.lower(), b.lower()), std::max(a.upper(), b.upper()));
  } else if constexpr (std::is_same_v<S, Arb>) {
    Arb r = Arb::with_precision(std::max(a.precision(), b.precision()));
    arb_union(r.data(), a.data(), b.data(), slong(r.precision()));
    return r;
  } else {
    throw std::logic_error("an exact quantity cannot be uncertain");
  }
}

// 1 / 0 for a condition, [0, 1] while it is open.
template <class S>
S flag(Tri t) {
  if (t == Tri::Unknown) return hull(lift<S>(0), lift<S>(1));
  return lift<S>(t == Tri::True ? 1 : 0);
}

// ---- quadratics in λ -------------------------------------------------------

// D_k, N and E||Y_i||^2 are quadratics in λ (A(λ) is affine in λ); their
// derivatives are linear and ρ' has a quadratic numerator. Monotonicity on
// [0,1] is decided from these polynomials' extrema, never from a grid.
template <class S>
struct Quadratic {
  S c0, c1, c2;  // c0 + c1 λ + c2 λ^2

  // The quadratic through the values at λ = 0, 1/2, 1.
  static Quadratic through(const S& p0, const S& p_half, const S& p1) {
    const S c2 = lift<S>(2) * (p0 - lift<S>(2) * p_half + p1);
    return {p0, p1 - p0 - c2, c2};
  }
  S at(const Rational& lambda) const {
    const S l = lift<S>(lambda);
    return c0 + (c1 + c2 * l) * l;
  }
  Quadratic derivative() const { return {c1, lift<S>(2) * c2, lift<S>(0)}; }
  Quadratic operator-() const { return {-c0, -c1, -c2}; }
};

// min over [0,1]: at an endpoint, or at the vertex -c1/(2 c2) when c2 > 0
// and the vertex lies inside. While that is open, the enclosure
// [min(endpoints) - max(c2, 0)/4, min(endpoints)] still holds:
// p(λ) = linear interpolation + c2 λ(λ - 1) and λ(λ - 1) ∈ [-1/4, 0].
template <class S>
S min_on_unit(const Quadratic<S>& p) {
  const S ends = min(p.c0, p.c0 + p.c1 + p.c2);
  const Tri vertex_inside = both(positive(p.c2), both(positive(S(-p.c1)), positive(S(p.c1 + lift<S>(2) * p.c2))));
  if (vertex_inside == Tri::False) return ends;
  if (vertex_inside == Tri::True) return min(ends, S(p.c0 - p.c1 * p.c1 / (lift<S>(4) * p.c2)));
  return hull(S(ends - max(p.c2, lift<S>(0)) / lift<S>(4)), ends);
}
template <class S>
S max_on_unit(const Quadratic<S>& p) {
  return -min_on_unit(-p);
}
template <class S>
Tri identically_zero(const Quadratic<S>& p) {
  return both(is_zero(p.c0), both(is_zero(p.c1), is_zero(p.c2)));
}
// f strictly increases on [0,1] iff f' >= 0 there and f' is not the zero
// polynomial (a nonzero polynomial has isolated zeros).
template <class S>
Tri strictly_increasing(const Quadratic<S>& derivative) {
  return both(nonnegative(min_on_unit(derivative)), negation(identically_zero(derivative)));
}
template <class S>
Tri strictly_decreasing(const Quadratic<S>& derivative) {
  return strictly_increasing(-derivative);
}
template <class S>
Tri weakly_monotone(const Quadratic<S>& derivative) {
  return either(nonnegative(min_on_unit(derivative)), nonnegative(min_on_unit(-derivative)));
}
// n'e - n e' for quadratics n, e: the cubic terms cancel.
template <class S>
Quadratic<S> quotient_numerator(const Quadratic<S>& n, const Quadratic<S>& e) {
  return {n.c1 * e.c0 - n.c0 * e.c1, lift<S>(2) * (n.c2 * e.c0 - n.c0 * e.c2), n.c2 * e.c1 - n.c1 * e.c2};
}

// ---- the model's moments -----------------------------------------------------

template <class S>
Matrix<S> matrix_of(const std::vector<std::vector<Rational>>& rows, std::size_t columns) {
  Matrix<S> m(Eigen::Index(rows.size()), Eigen::Index(columns));
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::size_t j = 0; j < columns; ++j) m(Eigen::Index(i), Eigen::Index(j)) = lift<S>(rows[i][j]);
  return m;
}

// Σ_ij X_ij Y_ij (= tr(Xᵀ Y)).
template <class S>
S frobenius(const Matrix<S>& x, const Matrix<S>& y) {
  S s = lift<S>(0);
  for (Eigen::Index j = 0; j < x.cols(); ++j)
    for (Eigen::Index i = 0; i < x.rows(); ++i) s += x(i, j) * y(i, j);
  return s;
}

template <class S>
struct Inputs {
  long k;
  S beta;
  Matrix<S> mu, L, W, B, WL, Wmu;  // mu and Wmu are columns
  S wl2;                            // ||W L||_F^2, the same at every λ: computed once
};

template <class S>
Inputs<S> inputs_of(const SmoothingInstance& x) {
  Inputs<S> in;
  in.k = x.k;
  in.beta = lift<S>(x.beta);
  in.mu = Matrix<S>(Eigen::Index(x.dim()), 1);
  for (std::size_t i = 0; i < x.dim(); ++i) in.mu(Eigen::Index(i), 0) = lift<S>(x.mu[i]);
  in.L = matrix_of<S>(x.L, x.rank());
  in.W = matrix_of<S>(x.W, x.dim());
  in.B = in.L.lazyProduct(in.L.transpose());
  in.WL = in.W.lazyProduct(in.L);
  in.Wmu = in.W.lazyProduct(in.mu);
  in.wl2 = frobenius(in.WL, in.WL);
  return in;
}

template <class S>
struct Moments {
  S Y2, N, Ebar;  // E||Y_i||^2, E[Y_i^T Y_j] (i != j), E||Ybar||^2
};

// Exact second moments at λ for any token law with mean μ and covariance
// B = L Lᵀ (E[zᵀ M z] = tr(M B) + μᵀ M μ), from the definition of the model
// and not from the closed forms: Y_i = Σ_j M_ij z_j with M_ii = βI + aW,
// M_ij = bW (j != i), a = 1 - λ + λ/k, b = λ/k.
template <class S>
Moments<S> moments_at(const Inputs<S>& in, const Rational& lambda) {
  const Rational k(in.k), a = 1 - lambda + lambda / k, b = lambda / k, s = a + (k - 1) * b;
  const Matrix<S> self_L = in.beta * in.L + lift<S>(a) * in.WL;  // (βI + aW) L
  const Matrix<S> mean = in.beta * in.mu + lift<S>(s) * in.Wmu;   // E Y_i = Σ_j M_ij μ
  const S& wl2 = in.wl2;
  const S mean2 = frobenius(mean, mean);
  Moments<S> m;
  // E||Y_i||^2 = Σ_j tr(M_ijᵀ M_ij B) + ||E Y_i||^2
  m.Y2 = frobenius(self_L, self_L) + lift<S>((k - 1) * b * b) * wl2 + mean2;
  // E[Y_iᵀ Y_l] = Σ_j tr(M_ijᵀ M_lj B) + E Y_iᵀ E Y_l: j = i and j = l give the cross terms
  m.N = lift<S>(2 * b) * frobenius(self_L, in.WL) + lift<S>((k - 2) * b * b) * wl2 + mean2;
  // Ybar = (1/k) Σ_i Y_i = (βI + sW) zbar, zbar with mean μ and covariance B/k
  const Matrix<S> bar_L = in.beta * in.L + lift<S>(s) * in.WL;
  m.Ebar = mean2 + frobenius(bar_L, bar_L) / lift<S>(k);
  return m;
}

std::size_t variable_index(const std::string& name) { return variable_index(smoothing_variables(), name); }

// The quantities of smoothing_variables(), evaluated in S and bound by name.
template <class S>
void smoothing_quantities(const SmoothingInstance& x, QuantityBinder<S>& b) {
  const Inputs<S> in = inputs_of<S>(x);
  const std::vector<Rational>& grid = smoothing_grid();

  S trB = lift<S>(0), trBW = lift<S>(0), trBWtW = lift<S>(0);
  const Matrix<S> WtW = in.W.transpose().lazyProduct(in.W);
  for (Eigen::Index i = 0; i < in.B.rows(); ++i) {
    trB += in.B(i, i);
    for (Eigen::Index j = 0; j < in.B.cols(); ++j) {
      trBW += in.B(i, j) * in.W(j, i);
      trBWtW += in.B(i, j) * WtW(j, i);
    }
  }
  const Matrix<S> shifted_mean = in.beta * in.mu + in.Wmu;  // (βI + W) μ

  std::vector<S> lam, D, N, Y2, Ebar;
  const S spread = lift<S>(1 - Rational(1, x.k));
  for (const Rational& l : grid) {
    const Moments<S> m = moments_at(in, l);
    lam.push_back(lift<S>(l));
    // (1/k) Σ_i ||Y_i - Ybar||^2 = (1/k) Σ_i ||Y_i||^2 - ||Ybar||^2, in expectation (1 - 1/k)(E||Y_i||^2 - N)
    D.push_back(spread * (m.Y2 - m.N));
    N.push_back(m.N);
    Y2.push_back(m.Y2);
    Ebar.push_back(m.Ebar);
  }
  // Grid points 0, 2, 4 are λ = 0, 1/2, 1.
  const Quadratic<S> qD = Quadratic<S>::through(D[0], D[2], D[4]), qN = Quadratic<S>::through(N[0], N[2], N[4]),
                     qY2 = Quadratic<S>::through(Y2[0], Y2[2], Y2[4]);
  const Quadratic<S> dD = qD.derivative(), dN = qN.derivative(), rho_numerator = quotient_numerator(qN, qY2);
  const S Y2_min = min_on_unit(qY2);
  const Tri rho_defined = positive(Y2_min);

  std::vector<S> rho, dD_grid, dN_grid, drho;
  for (std::size_t i = 0; i < grid.size(); ++i) {
    const bool undefined = ScalarTraits<S>::sign(Y2[i]) == CertifiedSign::Zero;
    rho.push_back(undefined ? lift<S>(0) : S(N[i] / Y2[i]));
    drho.push_back(undefined ? lift<S>(0) : S(rho_numerator.at(grid[i]) / (Y2[i] * Y2[i])));
    dD_grid.push_back(dD.at(grid[i]));
    dN_grid.push_back(dN.at(grid[i]));
  }

  // D_k has a strict interior minimum iff it is convex with its vertex in (0,1).
  const Tri interior_min = both(positive(qD.c2), both(positive(S(-qD.c1)), positive(S(qD.c1 + lift<S>(2) * qD.c2))));

  auto set = [&](const char* name, std::vector<S> v) { b.set_vector(name, std::move(v)); };
  auto set1 = [&](const char* name, const S& v) { b.set(name, v); };
  set1("k", lift<S>(Rational(x.k)));
  set1("beta", in.beta);
  set1("trB", trB);
  set1("trBW", trBW);
  set1("trBWtW", trBWtW);
  set1("mu_norm2", frobenius(shifted_mean, shifted_mean));
  set1("dD0", dD.at(0));
  set1("dD1", dD.at(1));
  set1("dD_max", max_on_unit(dD));
  set1("dD_min", min_on_unit(dD));
  set1("dN_max", max_on_unit(dN));
  set1("dN_min", min_on_unit(dN));
  set1("Y2_min", Y2_min);
  set1("D_dec", flag<S>(strictly_decreasing(dD)));
  set1("D_inc", flag<S>(strictly_increasing(dD)));
  set1("D_monotone", flag<S>(weakly_monotone(dD)));
  set1("D_interior_min", flag<S>(interior_min));
  set1("N_inc", flag<S>(strictly_increasing(dN)));
  set1("N_dec", flag<S>(strictly_decreasing(dN)));
  set1("rho_inc", flag<S>(both(rho_defined, strictly_increasing(rho_numerator))));
  set1("rho_dec", flag<S>(both(rho_defined, strictly_decreasing(rho_numerator))));
  set("lam", lam);
  set("D", D);
  set("N", N);
  set("Y2", Y2);
  set("Ebar", Ebar);
  set("rho", rho);
  set("dD", dD_grid);
  set("dN", dN_grid);
  set("drho", drho);
}

struct SmoothingModel {
  using Instance = SmoothingInstance;
  static constexpr unsigned hooks =
      model_hook::in_domain | model_hook::figures | model_hook::statement_extras | model_hook::symbolic;
  SmoothingFocus focus = SmoothingFocus::Mixed;
  bool example_curves = false;  // draw the three example heads under this statement

  rc::Gen<Instance> generator(const DomainTable& domain) const { return smoothing_instance_gen(smoothing_domain(domain), focus); }
  // The targeted phase stays within the generator's sizes and entry_max for
  // the drawn entries (beta and W move freely: the boundary families already
  // solve for values beyond entry_max).
  bool in_domain(const Instance& x, const DomainTable& domain) const {
    const SmoothingDomain d = smoothing_domain(domain);
    if (!(x.dim() >= 1 && long(x.dim()) <= d.dim_max && x.k >= 2 && x.k <= d.k_max && x.rank() >= 1 &&
          x.rank() <= x.dim()))
      return false;
    // mu and L are drawn within entry_max, and stay there.
    for (const Rational& m : x.mu)
      if (abs(m) > d.entry_max) return false;
    for (const auto& row : x.L)
      for (const Rational& l : row)
        if (abs(l) > d.entry_max) return false;
    return true;
  }
  StagedQuantities staged(const Instance& x) const { return smoothing_staged_quantities(x); }
  nlohmann::json to_json(const Instance& x) const { return smoothing_to_json(x); }
  Instance from_json(const nlohmann::json& j) const { return smoothing_from_json(j); }
  std::vector<Figure> figures(const Instance& x) const { return smoothing_case_figures(x); }
  // Every claim of P3 is stated in Coq over the model's definitions (propositions/smoothing_coq.hpp).
  const SymbolicModel* symbolic() const { return &smoothing_coq_model(); }
  StatementExtras statement_extras(const StatementTheory&, const DomainTable&, const RunOptions&) const {
    StatementExtras extras;
    if (example_curves) extras.figures = smoothing_example_figures();
    return extras;
  }
};

}  // namespace

SmoothingDomain smoothing_domain(const DomainTable& domain) {
  domain.require_known({"dim_max", "k_max", "entry_max", "eps_bits_max"});
  SmoothingDomain d;
  using L = SmoothingLimits;
  d.dim_max = domain.integer("dim_max", d.dim_max, 1, L::dim);
  d.k_max = domain.integer("k_max", d.k_max, 2, L::k);
  d.entry_max = domain.integer("entry_max", d.entry_max, 1, L::entry);
  d.eps_bits_max = domain.integer("eps_bits_max", d.eps_bits_max, 1, L::eps_bits);
  return d;
}

StagedQuantities smoothing_staged_quantities(const SmoothingInstance& x) {
  return staged_by_name(smoothing_variables(), [x](auto& binder) { smoothing_quantities(x, binder); });
}

std::vector<Rational> smoothing_exact_quantity(const SmoothingInstance& x, const std::string& name) {
  ExactField field(1);
  QuantityBinder<ExactValue> binder(smoothing_variables());
  smoothing_quantities(x, binder);
  const Bindings<ExactValue> all = std::move(binder).finish();
  std::vector<Rational> out;
  for (const ExactValue& v : all.at(variable_index(name))) out.push_back(v.to_rational());
  return out;
}

SmoothingCurves smoothing_curves(const SmoothingInstance& x, int points) {
  const Inputs<DoubleInterval> in = inputs_of<DoubleInterval>(x);
  const double spread = 1 - 1.0 / double(x.k);
  SmoothingCurves c;
  for (int i = 0; i < points; ++i) {
    const Rational lambda(i, std::max(points - 1, 1));
    const Moments<DoubleInterval> m = moments_at(in, lambda);
    const double Y2 = ScalarTraits<DoubleInterval>::approx(m.Y2), N = ScalarTraits<DoubleInterval>::approx(m.N);
    c.lambda.push_back(to_double(lambda));
    c.D.push_back(spread * (Y2 - N));
    c.rho.push_back(Y2 > 0 ? N / Y2 : std::numeric_limits<double>::quiet_NaN());
  }
  return c;
}

namespace {

// B = L Lᵀ and W are d x d with d = dim mu; L has at most d columns (the
// generator draws r <= d, and replay takes no instance it could not have drawn).
void check_shapes(const SmoothingInstance& x) {
  const std::string d = std::to_string(x.dim());
  if (x.L.size() != x.dim()) throw std::invalid_argument("inputs.L: expected " + d + " rows");
  if (x.rank() > x.dim())
    throw std::invalid_argument("inputs.L: " + std::to_string(x.rank()) + " columns, more than the token dimension d = " +
                                d + " (B = L L^T has rank at most d)");
  if (x.W.size() != x.dim()) throw std::invalid_argument("inputs.W: expected " + d + " rows");
  if (!x.W.empty() && x.W.front().size() != x.dim()) throw std::invalid_argument("inputs.W[0]: expected " + d + " entries");
}

// A stored case: k, beta, mu, L and W, and the generator family (for the reader).
const InstanceFields<SmoothingInstance>& smoothing_fields() {
  using Limits = SmoothingLimits;
  static const InstanceFields<SmoothingInstance> fields =
      InstanceFields<SmoothingInstance>()
          .integer("k", &SmoothingInstance::k, 2, Limits::k)
          .rational("beta", &SmoothingInstance::beta)
          .vector("mu", &SmoothingInstance::mu, {1, Limits::dim})
          .matrix("L", &SmoothingInstance::L, {0, Limits::dim}, {0, Limits::dim})
          .matrix("W", &SmoothingInstance::W, {0, Limits::dim}, {0, Limits::dim})
          .text("family", &SmoothingInstance::family)
          .check(check_shapes);
  return fields;
}

}  // namespace

nlohmann::json smoothing_to_json(const SmoothingInstance& x) { return smoothing_fields().to_json(x); }

SmoothingInstance smoothing_from_json(const nlohmann::json& j) { return smoothing_fields().from_json(j); }

PropositionModels smoothing_models() {
  const std::vector<std::string> d_notes = {
      "The seed's \"D_k strictly decreases iff beta tr(BW) > 0\" has two readings: 'derivative' (D_k' < 0 on all "
      "of [0,1]; it holds) and 'literal' (strict monotonicity of the function; its 'only if' fails exactly on the "
      "boundary beta tr(BW) = 0 < tr(BW^T W)). The theory file selects one with `reading`; the other is checked "
      "on the same cases and reported."};
  const std::string doc = "docs/propositions/P3-smoothing.md";
  return {{register_model("smoothing", "P3", doc, smoothing_variables(), SmoothingModel{}),
           register_model("smoothing/red", "P3", doc, smoothing_variables(), SmoothingModel{SmoothingFocus::Red}),
           register_model("smoothing/blue", "P3", doc, smoothing_variables(), SmoothingModel{SmoothingFocus::Blue}),
           register_model("smoothing/boundary", "P3", doc, smoothing_variables(),
                          SmoothingModel{SmoothingFocus::Boundary, true})},
          {{"smoothing", "P3.model", "Closed forms of D_k, N, E||Y||^2 against exact moments", "recon"},
           {"smoothing", "P3.a", "The derivative of D_k", "seed"},
           {"smoothing/red", "P3.b", "If beta tr(BW) > 0, dense attention smooths more", "seed"},
           {"smoothing/blue", "P3.c", "If beta tr(BW) + tr(BW^T W) < 0, dense smooths less", "seed"},
           {"smoothing/boundary", "P3.d", "The seed's iff, on the boundary", "seed", d_notes},
           {"smoothing", "P3.e", "N' = -D_k'/(k-1) and rho' (sharper than the seed)", "recon"}}};
}

}  // namespace sinkcheck
