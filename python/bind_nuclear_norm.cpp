// P4's certified nuclear-norm program on the caller's constraints
// (min_nuclear_norm), and the cost of a measured head's attention pattern
// against that program's minimum (pattern_cost). The interval comes from
// verify/nuclear_norm's exact certificate, re-checked from scratch here
// before it is returned.
#include <pybind11/stl.h>

#include <algorithm>
#include <map>
#include <stdexcept>
#include <tuple>

#include "exact_io.hpp"
#include "verify/input_limits.hpp"
#include "verify/norm_enclosures.hpp"
#include "verify/nuclear_norm.hpp"

namespace sinkcheck::python {

namespace py = pybind11;

namespace {

// Our interior-point method, then DSDP when it fails or leaves a wide gap
// ("auto"), or the one named. The certificate, not the solver, makes the interval.
NuclearNormCertificate certify(const NuclearNormProgram& program, const std::string& solver, double gap_tolerance) {
  NuclearNormOptions options;
  options.gap_tolerance = gap_tolerance;
  if (solver == "dsdp") options.solver = NuclearNormOptions::Solver::dsdp;
  else if (solver == "auto") options.solver = NuclearNormOptions::Solver::automatic;
  else if (solver != "interior_point")
    throw std::invalid_argument("solver: expected 'auto', 'interior_point' or 'dsdp', got '" + solver + "'");
  // A caller who asks for a loose gap does not want DSDP run for a gap it accepts.
  options.fallback_gap = std::max(options.fallback_gap, 100 * gap_tolerance);
  const NuclearNormCertificate certificate = certify_min_nuclear_norm(program, options);
  // Nothing derived is trusted: the certificate is checked again in plain rationals.
  if (const std::string failure = verify_nuclear_norm_certificate(program, certificate); !failure.empty())
    throw std::runtime_error("the nuclear-norm certificate failed its exact check: " + failure);
  return certificate;
}

NuclearNormProgram program_of(const RationalMatrix& left, const RationalMatrix& right) {
  if (left.size() != right.size())
    throw std::invalid_argument("left has " + std::to_string(left.size()) + " rows, right " +
                                std::to_string(right.size()) + ": one row each per constraint");
  NuclearNormProgram program;
  program.dim = left.empty() ? 0 : left[0].size();
  if (!right.empty() && right[0].size() != program.dim)
    throw std::invalid_argument("left rows have " + std::to_string(program.dim) + " entries, right rows " +
                                std::to_string(right[0].size()) + ": W is square");
  for (std::size_t k = 0; k < left.size(); ++k) program.constraints.push_back({left[k], right[k]});
  return program;
}

py::dict min_nuclear_norm(const TextRows& left_text, const TextRows& right_text, const std::string& solver,
                          double gap_tolerance) {
  const NuclearNormProgram program = program_of(rational_rows(left_text, "left"), rational_rows(right_text, "right"));
  NuclearNormCertificate c;
  {
    py::gil_scoped_release release;
    c = certify(program, solver, gap_tolerance);
  }
  py::dict out;
  out["lower"] = to_string(c.lower);
  out["upper"] = to_string(c.upper);
  out["interval"] = outward(RationalInterval{c.lower, c.upper});
  out["W"] = text_of(c.W);
  out["W_float"] = doubles_of(c.W);
  out["multipliers"] = text_of(c.multipliers);
  out["op_norm_bound"] = to_string(c.op_norm_bound);
  out["relative_gap"] = c.relative_gap();
  out["distinct_constraints"] = c.distinct_constraints;
  out["solver"] = c.solver;
  out["seconds"] = c.solve_seconds + c.certify_seconds;
  return out;
}

// Preferences (i, t, j): query i prefers target t over key j, i.e. the score
// gap z_iᵀ M (z_t − z_j) is positive. The head's margin is the smallest gap
// (exact); every matrix with that margin on these preferences costs at least
// margin · min{‖W‖_* : z_iᵀ W (z_t − z_j) ≥ 1}, certified by the program.
py::dict pattern_cost(const TextRows& tokens, const std::vector<std::tuple<std::size_t, std::size_t, std::size_t>>& prefs,
                      const TextRows& matrix, const std::string& solver) {
  const RationalMatrix Z = rational_rows(tokens, "Z");
  const RationalMatrix M = rational_rows(matrix, "M");
  const std::size_t d = Z.empty() ? 0 : Z[0].size();
  if (M.size() != d || M[0].size() != d)
    throw std::invalid_argument("M: expected a d x d matrix, d = " + std::to_string(d) + " (the tokens' dimension)");
  if (prefs.empty()) throw std::invalid_argument("preferences: empty; a pattern needs at least one");
  NuclearNormProgram program;
  program.dim = d;
  Rational margin;
  bool first = true;
  const RationalMatrix Mt = transpose(M);
  std::map<std::size_t, RationalVector> pulled;  // Mᵀ z_i, once per query
  for (std::size_t k = 0; k < prefs.size(); ++k) {
    const auto [i, t, j] = prefs[k];
    if (i >= Z.size() || t >= Z.size() || j >= Z.size())
      throw std::invalid_argument("preferences[" + std::to_string(k) + "]: token index outside 0.." +
                                  std::to_string(Z.size() - 1));
    RationalVector diff(d);
    for (std::size_t a = 0; a < d; ++a) diff[a] = Z[t][a] - Z[j][a];
    auto [u, fresh] = pulled.try_emplace(i);
    if (fresh) u->second = multiply(Mt, Z[i]);
    const Rational gap = dot(u->second, diff);
    if (first || gap < margin) margin = gap;
    first = false;
    program.constraints.push_back({Z[i], std::move(diff)});
  }
  py::dict out;
  RationalInterval nuclear;
  {
    py::gil_scoped_release release;
    nuclear = certified_nuclear_norm(M);
  }
  out["margin"] = to_string(margin);
  out["nuclear_norm"] = outward(nuclear);
  out["min_cost"] = py::none();
  out["ratio"] = py::none();
  out["relative_gap"] = py::none();
  if (margin > 0) {
    NuclearNormCertificate c;
    {
      py::gil_scoped_release release;
      c = certify(program, solver, 1e-9);
    }
    const RationalInterval minimum{margin * c.lower, margin * c.upper};
    out["min_cost"] = outward(minimum);
    if (minimum.lo > 0) out["ratio"] = outward(divided(nuclear, minimum));
    out["relative_gap"] = c.relative_gap();
  }
  return out;
}

}  // namespace

void bind_nuclear_norm(py::module_& m) {
  m.def("min_nuclear_norm", &min_nuclear_norm, py::arg("left"), py::arg("right"), py::arg("solver"),
        py::arg("gap_tolerance"));
  m.def("pattern_cost", &pattern_cost, py::arg("Z"), py::arg("preferences"), py::arg("M"), py::arg("solver"));
  // The widest program solved (verify/input_limits.hpp): sinkcheck.torch
  // skips, and says so, a diagonal head's program past it.
  m.attr("NUCLEAR_PROGRAM_DIM_MAX") = limits::nuclear_program_dim;
  m.attr("NUCLEAR_PROGRAM_CONSTRAINTS_MAX") = limits::nuclear_program_constraints;
}

}  // namespace sinkcheck::python
