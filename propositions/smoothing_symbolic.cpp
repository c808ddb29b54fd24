#include "propositions/smoothing_symbolic.hpp"

#include <ginac/ginac.h>

#include <map>
#include <optional>

#include "propositions/registry.hpp"
#include "propositions/smoothing.hpp"

namespace sinkcheck {

const char* to_string(SymbolicCheck::Outcome outcome) {
  switch (outcome) {
    case SymbolicCheck::Outcome::Identity: return "identity";
    case SymbolicCheck::Outcome::NotIdentity: return "NOT an identity";
    case SymbolicCheck::Outcome::Open: return "open";
    case SymbolicCheck::Outcome::Skipped: return "skipped";
  }
  return "?";
}

namespace {

using GiNaC::ex;
using GiNaC::matrix;
using GiNaC::symbol;
using GiNaC::trace;

// A rational expression kept as numerator / denominator without any gcd:
// a zero test only expands the numerator. Denominators here are products of
// k, k - 1 and E||Y||^2, nonzero as polynomials.
struct Fraction {
  ex num, den = 1;
};

Fraction operator+(const Fraction& a, const Fraction& b) {
  if (a.den.is_equal(b.den)) return {a.num + b.num, a.den};
  return {a.num * b.den + b.num * a.den, a.den * b.den};
}
Fraction operator-(const Fraction& a) { return {-a.num, a.den}; }
Fraction operator-(const Fraction& a, const Fraction& b) { return a + (-b); }
Fraction operator*(const Fraction& a, const Fraction& b) { return {a.num * b.num, a.den * b.den}; }
Fraction operator/(const Fraction& a, const Fraction& b) { return {a.num * b.den, a.den * b.num}; }
Fraction power(const Fraction& a, long n) {
  if (n < 0) return power({a.den, a.num}, -n);
  return {GiNaC::pow(a.num, n), GiNaC::pow(a.den, n)};
}

// The model for symbolic n×n matrices: the quantities claims may name.
class SmoothingSymbols {
 public:
  explicit SmoothingSymbols(unsigned n) : W_(n, n), B_(n, n), mu_(n, 1), I_(GiNaC::ex_to<matrix>(GiNaC::unit_matrix(n))) {
    for (unsigned i = 0; i < n; ++i) {
      mu_(i, 0) = symbol("m" + std::to_string(i));
      for (unsigned j = 0; j < n; ++j) {
        W_(i, j) = symbol("w" + std::to_string(i) + std::to_string(j));
        if (j >= i) B_(i, j) = B_(j, i) = symbol("b" + std::to_string(i) + std::to_string(j));
      }
    }
    // The exact moments, as in the numeric checker: Y_i = Σ_j M_ij z_j with
    // M_ii = βI + aW, M_ij = bW, z_j with mean μ and covariance B.
    const ex a = 1 - lam_ + lam_ / k_, b = lam_ / k_, s = a + (k_ - 1) * b;
    const matrix self = I_.mul_scalar(beta_).add(W_.mul_scalar(a));
    const matrix bar = I_.mul_scalar(beta_).add(W_.mul_scalar(s));
    const matrix mean = bar.mul(mu_);
    const ex mean2 = mean.transpose().mul(mean)(0, 0);
    const ex wtwb = trace(W_.transpose().mul(W_).mul(B_));
    Y2_ = GiNaC::expand(trace(self.transpose().mul(self).mul(B_)) + (k_ - 1) * b * b * wtwb + mean2);
    N_ = GiNaC::expand(2 * b * trace(self.transpose().mul(W_).mul(B_)) + (k_ - 2) * b * b * wtwb + mean2);
    Ebar_ = GiNaC::expand(mean2 + trace(bar.mul(B_).mul(bar.transpose())) / k_);
    D_ = GiNaC::expand((1 - 1 / k_) * (Y2_ - N_));

    const ex dD = D_.diff(lam_), dN = N_.diff(lam_), dY2 = Y2_.diff(lam_);
    const matrix shifted = I_.mul_scalar(beta_).add(W_).mul(mu_);
    values_ = {
        {"k", {k_}},
        {"beta", {beta_}},
        {"lam", {lam_}},
        {"trB", {trace(B_)}},
        {"trBW", {trace(B_.mul(W_))}},
        {"trBWtW", {wtwb}},
        {"mu_norm2", {shifted.transpose().mul(shifted)(0, 0)}},
        {"D", {D_}},
        {"N", {N_}},
        {"Y2", {Y2_}},
        {"Ebar", {Ebar_}},
        {"dD", {dD}},
        {"dN", {dN}},
        {"dD0", {dD.subs(lam_ == 0)}},
        {"dD1", {dD.subs(lam_ == 1)}},
        {"rho", {N_, Y2_}},
        {"drho", {dN * Y2_ - N_ * dY2, GiNaC::pow(Y2_, 2)}},
    };
  }

  const Fraction* value(const std::string& name) const {
    const auto it = values_.find(name);
    return it == values_.end() ? nullptr : &it->second;
  }

  // The trace expression of D_k (docs/propositions/P3-smoothing.md): (1 - 1/k) tr((βI + (1-λ)W) B (βI + (1-λ)W)ᵀ).
  ex trace_expression() const {
    const matrix m = I_.mul_scalar(beta_).add(W_.mul_scalar(1 - lam_));
    return (1 - 1 / k_) * trace(m.mul(B_).mul(m.transpose()));
  }
  ex p3a_formula() const {
    return -2 * (1 - 1 / k_) * (beta_ * trace(B_.mul(W_)) + (1 - lam_) * trace(W_.transpose().mul(W_).mul(B_)));
  }
  const ex& D() const { return D_; }
  const symbol& lam() const { return lam_; }

 private:
  symbol beta_{"beta"}, lam_{"lambda"}, k_{"k"};
  matrix W_, B_, mu_, I_;
  ex Y2_, N_, Ebar_, D_;
  std::map<std::string, Fraction> values_;
};

struct Unsupported {
  std::string why;
};

Fraction symbolic(const Formula& f, int index, const std::vector<Variable>& variables, const SmoothingSymbols& model) {
  const FormulaNode& node = f.nodes()[std::size_t(index)];
  using K = FormulaNode::Kind;
  auto arg = [&](int child) { return symbolic(f, child, variables, model); };
  switch (node.kind) {
    case K::Number: return {GiNaC::numeric(to_string(node.number).c_str())};
    case K::Variable: {
      const std::string& name = variables[node.variable].name;
      if (const Fraction* v = model.value(name)) return *v;
      throw Unsupported{name + ", which has no symbolic form (a flag, or an extremum over [0,1])"};
    }
    case K::Add: return arg(node.left) + arg(node.right);
    case K::Sub: return arg(node.left) - arg(node.right);
    case K::Mul: return arg(node.left) * arg(node.right);
    case K::Div: return arg(node.left) / arg(node.right);
    case K::Neg: return -arg(node.left);
    case K::Pow: {
      const FormulaNode& exponent = f.nodes()[std::size_t(node.right)];
      if (exponent.kind == K::Number && boost::multiprecision::denominator(exponent.number) == 1) {
        // Expanding x^n of a symbolic matrix expression grows without bound in n.
        if (abs(exponent.number) > 64) throw Unsupported{"a power above 64 (too large to expand symbolically)"};
        return power(arg(node.left), boost::multiprecision::numerator(exponent.number).convert_to<long>());
      }
      throw Unsupported{"a non-integer power"};
    }
    default: throw Unsupported{"a function (exp, log, sqrt, abs, min, max)"};
  }
}

SymbolicCheck identity(std::string subject, std::string relation, const ex& residual, bool assumed) {
  SymbolicCheck c{std::move(subject), std::move(relation)};
  const ex r = GiNaC::expand(residual);
  if (r.is_zero()) {
    c.outcome = SymbolicCheck::Outcome::Identity;
    return c;
  }
  c.outcome = assumed ? SymbolicCheck::Outcome::Open : SymbolicCheck::Outcome::NotIdentity;
  const std::size_t terms = GiNaC::is_a<GiNaC::add>(r) ? r.nops() : 1;
  c.detail = "residual numerator has " + std::to_string(terms) + " term" + (terms == 1 ? "" : "s") +
             (assumed ? "; the claim's assumptions may still make it hold" : "");
  return c;
}

SymbolicCheck check_claim(const std::string& subject, const ClaimTheory& claim, const std::vector<Variable>& variables,
                          const SmoothingSymbols& model) {
  const Relation& r = claim.holds;
  if (r.op() != RelationOp::Equal)
    return {subject, r.text(), SymbolicCheck::Outcome::Skipped, "an inequality: decided on instances, not symbolically"};
  try {
    const Fraction lhs = symbolic(r.lhs(), r.lhs().root(), variables, model);
    const Fraction rhs = symbolic(r.rhs(), r.rhs().root(), variables, model);
    return identity(subject, r.text(), (lhs - rhs).num, !claim.assume.empty());
  } catch (const Unsupported& u) {
    return {subject, r.text(), SymbolicCheck::Outcome::Skipped, "uses " + u.why};
  }
}

}  // namespace

std::vector<SymbolicCheck> smoothing_symbolic_checks(const Theory& theory, unsigned n) {
  const SmoothingSymbols model(n);
  std::vector<SymbolicCheck> out;
  out.push_back(identity("built-in", "D_k from the exact moments == (1 - 1/k) tr((beta I + (1-lam) W) B (beta I + (1-lam) W)^T)",
                         model.D() - model.trace_expression(), false));
  out.push_back(identity("built-in",
                         "d/dlam (1 - 1/k) tr((beta I + (1-lam) W) B (beta I + (1-lam) W)^T) == "
                         "-2 (1 - 1/k) (beta tr(BW) + (1-lam) tr(B W^T W))",
                         model.trace_expression().diff(model.lam()) - model.p3a_formula(), false));
  for (const StatementPtr& registered : all_statements()) {  // in the registry's order
    const std::string& id = registered->info().id;
    const StatementTheory* statement = theory.find(id);
    if (id.rfind("P3.", 0) != 0 || !statement) continue;
    std::vector<std::string> readings = {statement->reading};
    for (const std::string& r : statement->other_readings()) readings.push_back(r);
    for (const std::string& reading : readings) {
      const StatementTheory claims = reading == statement->reading ? statement->selected() : statement->of_reading(reading);
      for (const ClaimTheory& claim : claims.claims) {
        const std::string subject = id + (reading.empty() ? "" : " [" + reading + "]") + " \"" + claim.name + "\"";
        out.push_back(check_claim(subject, claim, smoothing_variables(), model));
      }
    }
  }
  return out;
}

}  // namespace sinkcheck
