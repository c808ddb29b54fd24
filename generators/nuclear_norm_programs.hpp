#pragma once
// Random nuclear-norm programs with a planted feasible point, shared by the
// tests and the benchmark so both time and check the same instances.
// Constraints read x_q^T W (x_t - x_k) >= 1 for random rational tokens x:
// a triple is kept (flipping t and k if needed) only when a planted integer
// matrix W* gives it a positive value, so a multiple of W* is feasible.
// Every tenth constraint is repeated verbatim and every seventeenth again at
// half scale (a dominated copy), because real instances carry duplicates.
#include <random>
#include <vector>

#include "verify/nuclear_norm.hpp"

namespace sinkcheck::gen {

inline NuclearNormProgram planted_nuclear_norm_program(std::size_t n, std::size_t tokens, std::size_t count,
                                                       unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> numerator(-6, 6), denominator(1, 4);
  std::vector<std::vector<Rational>> x(tokens, std::vector<Rational>(n));
  for (auto& token : x)
    for (auto& v : token) v = Rational(numerator(rng), denominator(rng));
  std::vector<std::vector<Rational>> planted(n, std::vector<Rational>(n));
  for (auto& row : planted)
    for (auto& v : row) v = Rational(numerator(rng), 1);
  NuclearNormProgram program{n, {}};
  std::uniform_int_distribution<std::size_t> pick(0, tokens - 1);
  while (program.constraints.size() < count) {
    const std::size_t q = pick(rng), t = pick(rng), k = pick(rng);
    if (t == k) continue;
    std::vector<Rational> diff(n);
    for (std::size_t i = 0; i < n; ++i) diff[i] = x[t][i] - x[k][i];
    std::vector<Rational> planted_x(n, Rational(0));  // W* diff
    for (std::size_t a = 0; a < n; ++a)
      for (std::size_t b = 0; b < n; ++b) planted_x[a] += planted[a][b] * diff[b];
    Rational value = 0;
    for (std::size_t a = 0; a < n; ++a) value += x[q][a] * planted_x[a];
    if (value == 0) continue;
    if (value < 0)
      for (auto& d : diff) d = -d;
    program.constraints.push_back({x[q], diff});
    if (program.constraints.size() % 10 == 0) program.constraints.push_back(program.constraints.back());
    if (program.constraints.size() % 17 == 0) {
      auto half = program.constraints.back();
      for (auto& v : half.left) v /= 2;
      program.constraints.push_back(half);
    }
  }
  return program;
}

}  // namespace sinkcheck::gen
