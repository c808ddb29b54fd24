// PROPOSER, orchestration. The certified minimum nuclear norm under rank-one
// constraints (see nuclear_norm.hpp): merge duplicate directions, solve
// numerically (interior point or DSDP, on an active set when it pays), round
// into exact witnesses, and return the certificate only once the trusted
// check verify_nuclear_norm_certificate() has accepted it.
#include "verify/nuclear_norm.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "verify/input_limits.hpp"
#include "verify/nuclear_norm_solvers.hpp"

namespace sinkcheck {

namespace nuclear_norm_detail {

using boost::multiprecision::denominator;
using boost::multiprecision::numerator;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

namespace {

// v = content * primitive, content > 0 rational, primitive an integer vector
// with gcd 1: the exact arithmetic then runs on integers only.
std::vector<Integer> primitive_part(const std::vector<Rational>& v, Rational& content) {
  Integer common = 1;
  for (const auto& x : v) common = boost::multiprecision::lcm(common, denominator(x));
  std::vector<Integer> ints(v.size());
  Integer g = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    ints[i] = numerator(v[i]) * (common / denominator(v[i]));
    g = boost::multiprecision::gcd(g, ints[i]);
  }
  for (auto& x : ints) x /= g;
  content = Rational(g, common);
  return ints;
}

}  // namespace

std::vector<Direction> distinct_directions(const NuclearNormProgram& program) {
  std::vector<Direction> out;
  std::map<std::pair<std::vector<Integer>, std::vector<Integer>>, std::size_t> index;
  for (std::size_t k = 0; k < program.constraints.size(); ++k) {
    Rational cp, cq;
    std::vector<Integer> P = primitive_part(program.constraints[k].left, cp);
    std::vector<Integer> Q = primitive_part(program.constraints[k].right, cq);
    for (const auto& x : P)
      if (x != 0) {
        if (x < 0) {
          for (auto& y : P) y = -y;
          for (auto& y : Q) y = -y;
        }
        break;
      }
    const Rational rhs = 1 / (cp * cq);
    auto key = std::make_pair(P, Q);
    const auto found = index.find(key);
    if (found != index.end()) {
      Direction& d = out[found->second];
      if (rhs > d.rhs) {
        d.rhs = rhs;
        d.strongest = k;
      }
      continue;
    }
    Direction d;
    d.P = std::move(P);
    d.Q = std::move(Q);
    d.rhs = rhs;
    d.strongest = k;
    double sp = 0, sq = 0;
    for (const auto& x : d.P) sp += std::pow(x.convert_to<double>(), 2);
    for (const auto& x : d.Q) sq += std::pow(x.convert_to<double>(), 2);
    d.norm_P = std::sqrt(sp);
    d.norm_Q = std::sqrt(sq);
    index.emplace(std::move(key), out.size());
    out.push_back(std::move(d));
  }
  return out;
}

UnitRows unit_rows(std::size_t n, const std::vector<Direction>& directions) {
  UnitRows out;
  const Eigen::Index N = Eigen::Index(n);
  for (const Direction& dir : directions) {
    Eigen::VectorXd u(N), v(N);
    for (Eigen::Index i = 0; i < N; ++i) {
      u(i) = dir.P[std::size_t(i)].convert_to<double>() / dir.norm_P;
      v(i) = dir.Q[std::size_t(i)].convert_to<double>() / dir.norm_Q;
    }
    out.u.push_back(std::move(u));
    out.v.push_back(std::move(v));
    out.rho.push_back(to_double(dir.rhs) / (dir.norm_P * dir.norm_Q));
  }
  return out;
}

// DSDP assembles its LP Hessian without BLAS, at ~2 K n^4 flops per
// iteration for K rows (a sparse product per variable: 78% of the time in a
// profile at n=12), so K dominates the solve time; yet only ~n^2 rows end up
// active. Active set: solve on the rows with the largest
// normalised rhs (the hardest to meet), add the rows the answer violates,
// repeat. Rows never added get multiplier 0, which weak duality permits, and
// the final W meets every row up to 1e-10 (the exact rescaling absorbs it).
NumericalSolution solve_numerically(std::size_t n, const std::vector<Direction>& directions,
                                    const NuclearNormOptions& options, std::string& summary) {
  const UnitRows all = unit_rows(n, directions);
  const std::size_t total = directions.size();
  std::vector<std::size_t> order(total);
  for (std::size_t d = 0; d < total; ++d) order[d] = d;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return all.rho[a] > all.rho[b]; });
  using Strategy = NuclearNormOptions::Strategy;
  const bool active_set =
      options.strategy == Strategy::active_set ||
      (options.strategy == Strategy::automatic && options.solver == NuclearNormOptions::Solver::dsdp &&
       total > 16 * n * n);
  const std::size_t initial = active_set ? std::max<std::size_t>(2 * n * n, 64) : total;
  const std::size_t batch = std::max<std::size_t>(n * n, 32);
  std::vector<std::size_t> working(order.begin(), order.begin() + std::ptrdiff_t(std::min(initial, total)));
  std::vector<bool> in_working(total, false);
  for (std::size_t d : working) in_working[d] = true;

  double seconds = 0;
  for (int round = 1;; ++round) {
    NumericalSolution partial = options.solver == NuclearNormOptions::Solver::dsdp
                                    ? solve_with_dsdp(n, all, working, options)
                                    : solve_with_interior_point(n, all, working, options);
    seconds += partial.seconds;
    std::vector<std::pair<double, std::size_t>> violated;  // (relative shortfall, row)
    for (std::size_t d = 0; d < total; ++d) {
      if (in_working[d]) continue;
      const double value = all.u[d].dot(partial.W * all.v[d]);
      const double shortfall = (all.rho[d] - value) / all.rho[d];
      if (shortfall > 1e-10) violated.emplace_back(shortfall, d);
    }
    if (violated.empty() || round >= 50) {
      NumericalSolution out;
      out.W = std::move(partial.W);
      out.seconds = seconds;
      out.converged = partial.converged;
      out.rounds = std::size_t(round);
      out.working_rows = working.size();
      out.multiplier.assign(total, 0.0);
      // Row d reads <P Q^T, W> >= rhs after multiplying by |P||Q|.
      for (std::size_t i = 0; i < working.size(); ++i) {
        const Direction& dir = directions[working[i]];
        out.multiplier[working[i]] = partial.multiplier[i] / (dir.norm_P * dir.norm_Q);
      }
      summary = std::string(options.solver == NuclearNormOptions::Solver::dsdp ? "DSDP 5.8" : "interior point") +
                ", " + std::to_string(round) + " round(s), " + std::to_string(working.size()) + " of " +
                std::to_string(total) + " distinct rows" + (out.converged ? "" : ", NOT converged");
      return out;
    }
    std::sort(violated.rbegin(), violated.rend());
    for (std::size_t i = 0; i < std::min(batch, violated.size()); ++i) {
      working.push_back(violated[i].second);
      in_working[violated[i].second] = true;
    }
  }
}

}  // namespace nuclear_norm_detail

namespace {

// The lower end's witnesses (multipliers, t) and the upper end's (the
// factorisation) are checked independently, so the better end of each of two
// certificates of one program makes a certificate too (checked again).
NuclearNormCertificate better_ends(NuclearNormCertificate a, const NuclearNormCertificate& b) {
  if (b.lower > a.lower) {
    a.lower = b.lower;
    a.multipliers = b.multipliers;
    a.op_norm_bound = b.op_norm_bound;
  }
  if (b.upper < a.upper) {
    a.upper = b.upper;
    a.W = b.W;
    a.factor_left = b.factor_left;
    a.factor_right = b.factor_right;
    a.factor_scale = b.factor_scale;
  }
  a.solver += "; then " + b.solver;
  a.solve_seconds += b.solve_seconds;
  a.certify_seconds += b.certify_seconds;
  return a;
}

NuclearNormCertificate certify_with_one_solver(const NuclearNormProgram& program, const NuclearNormOptions& options);

}  // namespace

NuclearNormCertificate certify_min_nuclear_norm(const NuclearNormProgram& program, const NuclearNormOptions& options) {
  if (options.solver != NuclearNormOptions::Solver::automatic) return certify_with_one_solver(program, options);
  NuclearNormOptions ours = options, dsdp = options;
  ours.solver = NuclearNormOptions::Solver::interior_point;
  dsdp.solver = NuclearNormOptions::Solver::dsdp;
  NuclearNormCertificate first;
  try {
    first = certify_with_one_solver(program, ours);
  } catch (const std::runtime_error& first_failure) {
    try {
      return certify_with_one_solver(program, dsdp);
    } catch (const std::runtime_error& second_failure) {
      throw std::runtime_error(std::string("interior point: ") + first_failure.what() + "; DSDP: " +
                               second_failure.what());
    }
  }
  if (first.relative_gap() <= options.fallback_gap) return first;
  NuclearNormCertificate second;
  try {
    second = certify_with_one_solver(program, dsdp);
  } catch (const std::runtime_error&) {
    return first;  // DSDP failing too leaves ours, which is certified
  }
  NuclearNormCertificate both = better_ends(std::move(first), second);
  const auto check_start = nuclear_norm_detail::Clock::now();
  if (const std::string failure = verify_nuclear_norm_certificate(program, both); !failure.empty())
    throw std::runtime_error("nuclear-norm certificate failed its exact check (" + both.solver + "): " + failure);
  both.certify_seconds += nuclear_norm_detail::seconds_since(check_start);
  return both;
}

namespace {

NuclearNormCertificate certify_with_one_solver(const NuclearNormProgram& program, const NuclearNormOptions& options) {
  using namespace nuclear_norm_detail;
  // Before anything is allocated: past these the solver would need tens of
  // gigabytes (an 80-wide program ~10 GB), and would end in bad_alloc.
  if (program.dim > limits::nuclear_program_dim)
    throw std::invalid_argument("nuclear-norm program of dimension " + std::to_string(program.dim) +
                                ": above the limit of " + std::to_string(limits::nuclear_program_dim) +
                                " (its solver needs memory ~n^4 and time ~n^6; docs/limits.md)");
  if (program.constraints.size() > limits::nuclear_program_constraints)
    throw std::invalid_argument("nuclear-norm program with " + std::to_string(program.constraints.size()) +
                                " constraints: above the limit of " +
                                std::to_string(limits::nuclear_program_constraints) + " (docs/limits.md)");
  validate_nuclear_norm_program(program);
  const std::vector<Direction> directions = distinct_directions(program);
  std::string summary;
  const NumericalSolution numerical = solve_numerically(program.dim, directions, options, summary);
  const auto certify_start = Clock::now();
  NuclearNormCertificate cert = round_to_certificate(program, directions, numerical, summary);
  cert.solver = summary;
  cert.solve_seconds = numerical.seconds;
  cert.distinct_constraints = directions.size();
  cert.rounds = numerical.rounds;
  cert.working_rows = numerical.working_rows;
  const std::string failure = verify_nuclear_norm_certificate(program, cert);
  if (!failure.empty())
    throw std::runtime_error("nuclear-norm certificate failed its exact check (" + summary + "): " + failure);
  cert.certify_seconds = seconds_since(certify_start);
  return cert;
}

}  // namespace

nlohmann::json nuclear_norm_program_to_json(const NuclearNormProgram& program) {
  nlohmann::json constraints = nlohmann::json::array();
  auto strings = [](const std::vector<Rational>& v) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& x : v) out.push_back(to_string(x));
    return out;
  };
  for (const auto& c : program.constraints)
    constraints.push_back({{"left", strings(c.left)}, {"right", strings(c.right)}});
  return {{"dim", program.dim}, {"constraints", constraints}};
}

NuclearNormProgram nuclear_norm_program_from_json(const nlohmann::json& json) {
  NuclearNormProgram program;
  program.dim = json.at("dim").get<std::size_t>();
  auto rationals = [](const nlohmann::json& array) {
    std::vector<Rational> out;
    for (const auto& x : array) out.push_back(x.is_string() ? parse_rational(x.get<std::string>())
                                                            : parse_rational(x.dump()));
    return out;
  };
  for (const auto& c : json.at("constraints"))
    program.constraints.push_back({rationals(c.at("left")), rationals(c.at("right"))});
  return program;
}

}  // namespace sinkcheck
