#pragma once
// Generic moves on an instance's exact inputs, for the targeted search and
// for shrinking what it finds. Every model's Instance round-trips through
// JSON with exact rationals (to_json / from_json), so nudging the numbers of
// that JSON works for every proposition without code of its own:
//
//   - a rational ("p/q" string) moves by a relative step x (1 + sigma z) and
//     is rounded to a dyadic grid near the new value (powers of two keep the
//     lcm of an instance's denominators, and with it the exact field, small);
//     its sign never changes and
//     a zero stays zero (zeros are usually structure: a centred nuisance, a
//     zero-value sink);
//   - an integer moves by +-1 (never below 0 when it was not negative);
//   - booleans, strings and the shape of arrays stay as they are.
//
// The model's from_json (and its in_domain, when it has one) rejects what is
// invalid. A move changes 1 to 4 numbers, drawn by a MoveChooser that
// learns which numbers move the slack.
#include <cstdint>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "verify/rational.hpp"

namespace sinkcheck {

// Deterministic random numbers (SplitMix64): the same seed gives the same
// moves on every platform and for any number of threads.
class SearchRandom {
 public:
  explicit SearchRandom(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  double uniform();                  // [0, 1)
  std::size_t below(std::size_t n);  // [0, n), n > 0
  double normal();                   // standard normal (Box-Muller)
  bool chance(double p) { return uniform() < p; }

 private:
  std::uint64_t state_;
};

// The simplest rational (smallest denominator, then smallest magnitude) in
// the closed interval [lo, hi], lo <= hi.
Rational simplest_between(const Rational& lo, const Rational& hi);

// The simplest rational within relative distance `tolerance` of x (x itself
// when x = 0).
Rational simplest_near(const Rational& x, double tolerance);

// x moved by a relative step sigma z (z standard normal, |sigma z| < 0.9 so
// the sign stays), rounded to a dyadic grid about sigma/8 of its size.
Rational nudge_rational(const Rational& x, double sigma, SearchRandom& random);

// The numbers of an instance's inputs that moves and shrinking may change.
struct NumberSite {
  nlohmann::json::json_pointer where;
  bool integer = false;  // a JSON integer (else a nonzero rational string)
};
std::vector<NumberSite> number_sites(const nlohmann::json& inputs);

// Which numbers a search moves next (a small bandit over the instance's
// numbers and the model's own move). At first every top-level field (kappa,
// eps, the tokens, …) is as likely as any other, its weight shared by its
// numbers; a number whose move brought the search closer is drawn more
// often, one whose move changed nothing (a number the claim does not read, a
// score under the causal mask) or went the wrong way less; every number
// keeps a chance. Deterministic for a seed, like everything in a search.
class MoveChooser {
 public:
  // `model_move`: the model has a move of its own (drawn as one more field).
  MoveChooser(const nlohmann::json& inputs, bool model_move);
  bool empty() const { return weights_.empty(); }
  // 1 to 4 numbers (indices into sites()), or {model_move_index()} alone.
  std::vector<std::size_t> pick(SearchRandom& random) const;
  std::size_t model_move_index() const { return sites_.size(); }
  const std::vector<NumberSite>& sites() const { return sites_; }
  // The inputs with the picked numbers nudged (relative step sigma).
  nlohmann::json move(const nlohmann::json& inputs, const std::vector<std::size_t>& picks, double sigma,
                      SearchRandom& random) const;
  void closer(const std::vector<std::size_t>& picks);
  void unchanged(const std::vector<std::size_t>& picks);
  void farther(const std::vector<std::size_t>& picks);

 private:
  void scale(const std::vector<std::size_t>& picks, double factor);
  std::vector<NumberSite> sites_;
  std::vector<double> weights_, floor_;  // per site, then the model's move
};

// The point a + t (b - a) of the segment between two instances' inputs:
// every rational that differs moves, everything else must be equal (nullopt
// otherwise: an integer or the shape differs).
std::optional<nlohmann::json> between(const nlohmann::json& a, const nlohmann::json& b, const Rational& t);

// A simpler value for shrinking: the number at `site` replaced by the
// simplest rational within relative distance 2^-bits of it, when that is
// strictly simpler (smaller numerator and denominator); integers are left
// alone (they are usually sizes and indices).
std::optional<nlohmann::json> simpler_at(const nlohmann::json& inputs, const NumberSite& site, unsigned bits);

}  // namespace sinkcheck
