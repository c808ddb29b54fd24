// verify/nuclear_norm, verify/norm_enclosures and their trusted checks
// (nuclear_norm_certificate, norm_bounds, positive_definite): certified
// intervals around known optima, a random planted program, rejected
// (tampered) certificates and witnesses, the eigenvalue / nuclear-norm
// enclosures on hand-checkable matrices, and DSDP kept off stdout.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "generators/nuclear_norm_programs.hpp"
#include "verify/exact_double.hpp"
#include "verify/input_limits.hpp"
#include "verify/nuclear_norm.hpp"
#include "verify/norm_enclosures.hpp"
#include "verify/silenced_stdout.hpp"

using namespace sinkcheck;

namespace {

std::vector<Rational> unit(std::size_t n, std::size_t i) {
  std::vector<Rational> e(n, Rational(0));
  e[i] = 1;
  return e;
}

void require_contains(const NuclearNormCertificate& c, const Rational& truth, double gap) {
  INFO("lower " << to_double(c.lower) << " upper " << to_double(c.upper) << " gap " << c.relative_gap());
  REQUIRE(c.lower <= truth);
  REQUIRE(truth <= c.upper);
  REQUIRE(c.relative_gap() <= gap);
}

}  // namespace

TEST_CASE("psd certificate: positive definiteness is decided exactly", "[nuclear]") {
  REQUIRE(certify_positive_definite({{Rational(2), Rational(1)}, {Rational(1), Rational(2)}}));
  REQUIRE_FALSE(certify_positive_definite({{Rational(1), Rational(1)}, {Rational(1), Rational(1)}}));  // singular
  REQUIRE_FALSE(certify_positive_definite({{Rational(1), Rational(2)}, {Rational(2), Rational(1)}}));  // indefinite
  // Just barely definite: det = 1e-30 > 0.
  const Rational tiny(Integer(1), boost::multiprecision::pow(Integer(10), 30));
  REQUIRE(certify_positive_definite({{Rational(1), Rational(1)}, {Rational(1), 1 + tiny}}));
  REQUIRE_FALSE(certify_positive_definite({{Rational(1), Rational(1)}, {Rational(1), 1 - tiny}}));
  REQUIRE_FALSE(certify_positive_definite({{Rational(1), Rational(0)}, {Rational(1, 3), Rational(1)}}));  // asymmetric
  REQUIRE_THROWS_AS(certify_positive_definite({{Rational(1), Rational(0)}}), std::invalid_argument);
}

TEST_CASE("psd certificate: top eigenvalue and nuclear norm of known matrices", "[nuclear]") {
  const RationalMatrix diag31{{Rational(3), Rational(0)}, {Rational(0), Rational(1)}};
  const RationalInterval top = certified_top_eigenvalue(diag31);
  REQUIRE(top.lo <= 3);
  REQUIRE(3 <= top.hi);
  REQUIRE(top.relative_width() <= 1e-10);
  const RationalInterval nuclear = certified_nuclear_norm(diag31);
  REQUIRE(nuclear.lo <= 4);
  REQUIRE(4 <= nuclear.hi);
  REQUIRE(nuclear.relative_width() <= 1e-9);

  // A rational rotation (3/5, 4/5) of diag(3, 1): same spectrum.
  const Rational c(3, 5), s(4, 5);
  const RationalMatrix Q{{c, -s}, {s, c}};
  RationalMatrix rotated(2, std::vector<Rational>(2, Rational(0)));  // Q D Q^T
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j) rotated[i][j] = Q[i][0] * 3 * Q[j][0] + Q[i][1] * 1 * Q[j][1];
  const RationalInterval top_rotated = certified_top_eigenvalue(rotated);
  REQUIRE(top_rotated.lo <= 3);
  REQUIRE(3 <= top_rotated.hi);
  REQUIRE(top_rotated.relative_width() <= 1e-10);
  // Q D (a non-symmetric product): singular values 3 and 1 again.
  RationalMatrix QD{{c * 3, -s}, {s * 3, c}};
  const RationalInterval nuclear_rotated = certified_nuclear_norm(QD);
  REQUIRE(nuclear_rotated.lo <= 4);
  REQUIRE(4 <= nuclear_rotated.hi);
  REQUIRE(nuclear_rotated.relative_width() <= 1e-9);

  // Rank-deficient and rectangular: [[1, 1], [1, 1], [0, 0]] has ||.||_* = 2.
  const RationalMatrix rank_one{{Rational(1), Rational(1)}, {Rational(1), Rational(1)}, {Rational(0), Rational(0)}};
  const RationalInterval nuclear_rank_one = certified_nuclear_norm(rank_one);
  REQUIRE(nuclear_rank_one.lo <= 2);
  REQUIRE(2 <= nuclear_rank_one.hi);
  REQUIRE(nuclear_rank_one.relative_width() <= 1e-9);
}

TEST_CASE("nuclear norm: known optima are enclosed tightly", "[nuclear]") {
  NuclearNormOptions options;
  options.solver = GENERATE(NuclearNormOptions::Solver::interior_point, NuclearNormOptions::Solver::dsdp);
  const auto certify_min_nuclear_norm = [&](const NuclearNormProgram& p) {
    return sinkcheck::certify_min_nuclear_norm(p, options);
  };
  SECTION("one constraint e1^T W e1 >= 1: optimum 1") {
    const NuclearNormProgram program{3, {{unit(3, 0), unit(3, 0)}}};
    const auto c = certify_min_nuclear_norm(program);
    require_contains(c, Rational(1), 1e-6);
    REQUIRE(verify_nuclear_norm_certificate(program, c) == "");
  }
  SECTION("e_i^T W e_i >= 1 for every i: optimum n") {
    const std::size_t n = 6;
    NuclearNormProgram program{n, {}};
    for (std::size_t i = 0; i < n; ++i) program.constraints.push_back({unit(n, i), unit(n, i)});
    const auto c = certify_min_nuclear_norm(program);
    require_contains(c, Rational(n), 1e-6);
    REQUIRE(verify_nuclear_norm_certificate(program, c) == "");
  }
  SECTION("p^T W q >= 1: optimum 1 / (|p| |q|)") {
    // |p| = 3 (1, 2, 2), |q| = 5/2 ((3/2, 2, 0)): optimum 2/15.
    const NuclearNormProgram program{
        3, {{{Rational(1), Rational(2), Rational(2)}, {Rational(3, 2), Rational(2), Rational(0)}}}};
    const auto c = certify_min_nuclear_norm(program);
    require_contains(c, Rational(2, 15), 1e-6);
    REQUIRE(verify_nuclear_norm_certificate(program, c) == "");
  }
}

TEST_CASE("nuclear norm: malformed and infeasible programs are refused", "[nuclear]") {
  REQUIRE_THROWS_AS(certify_min_nuclear_norm({3, {}}), std::invalid_argument);
  REQUIRE_THROWS_AS(certify_min_nuclear_norm({3, {{unit(2, 0), unit(3, 0)}}}), std::invalid_argument);
  REQUIRE_THROWS_AS(certify_min_nuclear_norm({2, {{std::vector<Rational>(2, Rational(0)), unit(2, 0)}}}),
                    std::invalid_argument);
  // e1^T W e1 >= 1 and -e1^T W e1 >= 1 contradict each other.
  std::vector<Rational> minus = unit(2, 0);
  minus[0] = -1;
  REQUIRE_THROWS_AS(certify_min_nuclear_norm({2, {{unit(2, 0), unit(2, 0)}, {minus, unit(2, 0)}}}),
                    std::runtime_error);
}

TEST_CASE("nuclear norm: a random planted program (n = 12, ~2000 constraints)", "[nuclear]") {
  const NuclearNormProgram program = gen::planted_nuclear_norm_program(12, 40, 2000, 20261129);
  const auto c = certify_min_nuclear_norm(program);
  INFO("distinct " << c.distinct_constraints << " of " << program.constraints.size() << ", lower "
                   << to_double(c.lower) << " upper " << to_double(c.upper) << " gap " << c.relative_gap()
                   << " solve " << c.solve_seconds << " s certify " << c.certify_seconds << " s");
  REQUIRE(c.distinct_constraints < program.constraints.size());
  REQUIRE(c.lower > 0);
  REQUIRE(c.lower <= c.upper);
  REQUIRE(c.relative_gap() <= 1e-6);
  REQUIRE(verify_nuclear_norm_certificate(program, c) == "");
  WARN("n=12 K=" << program.constraints.size() << " (" << c.solver << "): gap " << c.relative_gap() << ", solve "
                 << c.solve_seconds << " s, certify " << c.certify_seconds << " s");

  // The other strategy: another certified interval around the same optimum.
  NuclearNormOptions other;
  other.solver = NuclearNormOptions::Solver::dsdp;
  other.strategy = NuclearNormOptions::Strategy::active_set;
  const auto full = certify_min_nuclear_norm(program, other);
  REQUIRE(full.relative_gap() <= 1e-6);
  REQUIRE(full.lower <= c.upper);
  REQUIRE(c.lower <= full.upper);
  REQUIRE(verify_nuclear_norm_certificate(program, full) == "");
  WARN("  DSDP, active set (" << full.solver << "): gap " << full.relative_gap() << ", solve " << full.solve_seconds << " s");

  // The program survives a JSON round trip exactly.
  const NuclearNormProgram back = nuclear_norm_program_from_json(nuclear_norm_program_to_json(program));
  REQUIRE(back.dim == program.dim);
  REQUIRE(back.constraints.size() == program.constraints.size());
  for (std::size_t k = 0; k < back.constraints.size(); ++k) {
    REQUIRE(back.constraints[k].left == program.constraints[k].left);
    REQUIRE(back.constraints[k].right == program.constraints[k].right);
  }
}

TEST_CASE("nuclear norm: tampered certificates are rejected", "[nuclear]") {
  const NuclearNormProgram program = gen::planted_nuclear_norm_program(4, 10, 60, 7);
  const auto good = certify_min_nuclear_norm(program);
  REQUIRE(verify_nuclear_norm_certificate(program, good) == "");

  SECTION("a negative multiplier") {
    auto bad = good;
    for (auto& mu : bad.multipliers)
      if (mu > 0) {
        mu = -mu;
        break;
      }
    REQUIRE(verify_nuclear_norm_certificate(program, bad).find("negative") != std::string::npos);
  }
  SECTION("W scaled down so a constraint fails (factorisation kept consistent)") {
    auto bad = good;
    bad.factor_scale *= Rational(999, 1000);
    for (auto& row : bad.W)
      for (auto& x : row) x *= Rational(999, 1000);
    REQUIRE(verify_nuclear_norm_certificate(program, bad).find("violates constraint") != std::string::npos);
  }
  SECTION("W changed without its factorisation") {
    auto bad = good;
    bad.W[0][0] += 1;
    REQUIRE(verify_nuclear_norm_certificate(program, bad).find("differs") != std::string::npos);
  }
  SECTION("operator-norm bound too small") {
    auto bad = good;
    bad.op_norm_bound *= Rational(99, 100);
    bad.lower = 0;  // even a harmless lower end cannot save a false norm bound
    REQUIRE(verify_nuclear_norm_certificate(program, bad).find("not positive definite") != std::string::npos);
  }
  SECTION("lower end above what the multipliers prove") {
    auto bad = good;
    bad.lower *= Rational(1001, 1000);
    REQUIRE(verify_nuclear_norm_certificate(program, bad).find("lower exceeds") != std::string::npos);
  }
  SECTION("upper end below the factorisation bound") {
    auto bad = good;
    bad.upper *= Rational(999, 1000);
    REQUIRE_FALSE(verify_nuclear_norm_certificate(program, bad).empty());
  }
}

TEST_CASE("nuclear norm: DSDP with many more constraints than n^2 goes through the active set", "[nuclear]") {
  const NuclearNormProgram program = gen::planted_nuclear_norm_program(5, 30, 800, 11);
  NuclearNormOptions dsdp;
  dsdp.solver = NuclearNormOptions::Solver::dsdp;
  const auto c = certify_min_nuclear_norm(program, dsdp);
  INFO(c.solver);
  REQUIRE(c.distinct_constraints > 16 * 25);
  REQUIRE(c.rounds >= 2);                                  // the working set grew at least once
  REQUIRE(c.working_rows < c.distinct_constraints);        // and stayed a strict subset
  REQUIRE(c.relative_gap() <= 1e-6);
  REQUIRE(verify_nuclear_norm_certificate(program, c) == "");
  // Rows never solved carry multiplier 0; a solved row may too.
  std::size_t positive = 0;
  for (const Rational& mu : c.multipliers) positive += mu > 0;
  REQUIRE(positive <= c.working_rows);
}

TEST_CASE("nuclear norm: all rows at once is one round over every distinct row", "[nuclear]") {
  const NuclearNormProgram program = gen::planted_nuclear_norm_program(4, 10, 60, 7);
  const auto c = certify_min_nuclear_norm(program);
  REQUIRE(c.rounds == 1);
  REQUIRE(c.working_rows == c.distinct_constraints);
  REQUIRE(c.distinct_constraints <= program.constraints.size());
}

TEST_CASE("norm bounds: a witness that does not prove its bounds is refused", "[nuclear]") {
  // [[2, 1], [0, 1]]: a non-symmetric, full-rank matrix.
  const RationalMatrix W{{Rational(2), Rational(1)}, {Rational(0), Rational(1)}};
  const NuclearNormWitness good = propose_nuclear_norm_witness(W);
  const RationalInterval enclosure = nuclear_norm_enclosure(W, good);
  REQUIRE(enclosure.lo <= enclosure.hi);
  REQUIRE(enclosure.relative_width() <= 1e-9);
  SECTION("t below ||G||_op") {
    NuclearNormWitness bad = good;
    bad.t *= Rational(9, 10);
    REQUIRE_THROWS_AS(nuclear_norm_enclosure(W, bad), CertificateError);
  }
  SECTION("P not positive definite") {
    NuclearNormWitness bad = good;
    for (auto& row : bad.P)
      for (auto& x : row) x = -x;
    REQUIRE_THROWS_AS(nuclear_norm_enclosure(W, bad), CertificateError);
  }
  SECTION("Y not P^-1 W") {
    NuclearNormWitness bad = good;
    bad.Y[0][0] += Rational(1, 1000000);
    REQUIRE_THROWS_AS(nuclear_norm_enclosure(W, bad), CertificateError);
  }
  SECTION("the zero matrix needs no witness") {
    const RationalMatrix zero(2, RationalVector(2, Rational(0)));
    const RationalInterval z = nuclear_norm_enclosure(zero, NuclearNormWitness{});
    REQUIRE(z.lo == 0);
    REQUIRE(z.hi == 0);
  }
  // Top eigenvalue of diag(3, 1): an upper end at or below 3 is no upper bound.
  const RationalMatrix diag31{{Rational(3), Rational(0)}, {Rational(0), Rational(1)}};
  REQUIRE_THROWS_AS(top_eigenvalue_enclosure(diag31, {{Rational(1), Rational(0)}, Rational(3)}), CertificateError);
  const RationalInterval top = top_eigenvalue_enclosure(diag31, {{Rational(1), Rational(1)}, Rational(301, 100)});
  REQUIRE(top.lo == 2);  // the Rayleigh quotient of (1, 1): below 3, as any is
  REQUIRE(top.hi == Rational(301, 100));
}

namespace {

// What reaches file descriptor 1 while `f` runs.
std::string captured_stdout(const std::function<void()>& f) {
  std::fflush(stdout);
  char path[] = "/tmp/sinkcheck-stdout-XXXXXX";
  const int file = ::mkstemp(path);
  REQUIRE(file >= 0);
  const int saved = ::dup(1);
  ::dup2(file, 1);
  f();
  std::fflush(stdout);
  ::dup2(saved, 1);
  ::close(saved);
  ::close(file);
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  std::remove(path);
  return text.str();
}

}  // namespace

TEST_CASE("DSDP's printf output does not reach stdout; sinkcheck's own does", "[nuclear]") {
  const std::string out = captured_stdout([] {
    std::printf("own line before\n");
    with_c_stdout_silenced([] { std::printf("DSDP: library text\n"); });
    std::printf("own line after\n");
    NuclearNormOptions dsdp;
    dsdp.solver = NuclearNormOptions::Solver::dsdp;
    // A feasible and an infeasible program through DSDP: neither prints.
    (void)certify_min_nuclear_norm(gen::planted_nuclear_norm_program(3, 8, 40, 5), dsdp);
    const NuclearNormProgram contradictory{2, {{unit(2, 0), unit(2, 0)}, {{Rational(-1), Rational(0)}, unit(2, 0)}}};
    CHECK_THROWS(certify_min_nuclear_norm(contradictory, dsdp));
  });
  CHECK(out == "own line before\nown line after\n");
}

TEST_CASE("a double that overflowed is an exception, never GMP's SIGFPE") {
  const double inf = std::numeric_limits<double>::infinity();
  CHECK(exact_rational(0.375, "test") == Rational(3, 8));
  CHECK(exact_integer(-7.0, "test") == -7);
  CHECK_THROWS_AS(exact_rational(inf, "test"), NonFiniteDouble);
  CHECK_THROWS_AS(exact_rational(std::nan(""), "test"), NonFiniteDouble);
  CHECK_THROWS_AS(exact_integer(-inf, "test"), NonFiniteDouble);
  // The routines of the reproducers (issue 25): squares past the largest double.
  const Rational huge = parse_rational("1e400");
  CHECK_THROWS_AS(certified_sqrt_upper(huge), NonFiniteDouble);
  CHECK_THROWS_AS(certified_top_eigenvalue({{huge, Rational(0)}, {Rational(0), Rational(1)}}), NonFiniteDouble);
  CHECK_THROWS_AS(certified_nuclear_norm({{huge, Rational(0)}, {Rational(0), Rational(1)}}), NonFiniteDouble);
}

TEST_CASE("a nuclear-norm program past the width or constraint limit is refused before it is solved") {
  NuclearNormProgram wide;
  wide.dim = limits::nuclear_program_dim + 1;
  wide.constraints.push_back({std::vector<Rational>(wide.dim, Rational(1)), std::vector<Rational>(wide.dim, Rational(1))});
  CHECK_THROWS_WITH(certify_min_nuclear_norm(wide), Catch::Contains("above the limit of"));
  NuclearNormProgram many;
  many.dim = 2;
  many.constraints.assign(limits::nuclear_program_constraints + 1, {unit(2, 0), unit(2, 1)});
  CHECK_THROWS_WITH(certify_min_nuclear_norm(many), Catch::Contains("constraints: above the limit of"));
}
