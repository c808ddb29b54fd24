#include "engine/perturb.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include "verify/exact_double.hpp"

namespace sinkcheck {

std::uint64_t SearchRandom::next() {
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

double SearchRandom::uniform() { return double(next() >> 11) * (1.0 / 9007199254740992.0); }

std::size_t SearchRandom::below(std::size_t n) { return std::size_t(next() % std::uint64_t(n)); }

double SearchRandom::normal() {
  const double u = 1.0 - uniform();  // (0, 1]
  const double v = uniform();
  return std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * v);
}

namespace {

Integer floor_of(const Rational& q) {
  const Integer n = boost::multiprecision::numerator(q), d = boost::multiprecision::denominator(q);
  Integer f = n / d;  // truncates toward 0
  if (n < 0 && f * d != n) f -= 1;
  return f;
}

// 0 < lo <= hi: the Stern-Brocot descent, one continued-fraction term at a time.
Rational simplest_positive(const Rational& lo, const Rational& hi) {
  const Integer f = floor_of(lo);
  if (Rational(f) == lo) return lo;
  if (Rational(f + 1) <= hi) return Rational(f + 1);
  return Rational(f) + Rational(1) / simplest_positive(Rational(1) / (hi - Rational(f)), Rational(1) / (lo - Rational(f)));
}

bool parses_as_nonzero_rational(const nlohmann::json& j) {
  if (!j.is_string()) return false;
  try {
    return parse_rational(j.get<std::string>()) != 0;
  } catch (const std::invalid_argument&) {
    return false;
  }
}

bool is_site(const nlohmann::json& j) { return j.is_number_integer() || parses_as_nonzero_rational(j); }

void collect(const nlohmann::json& j, const nlohmann::json::json_pointer& at, std::vector<NumberSite>& out) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) collect(it.value(), at / it.key(), out);
  } else if (j.is_array()) {
    for (std::size_t k = 0; k < j.size(); ++k) collect(j[k], at / k, out);
  } else if (is_site(j)) {
    out.push_back(NumberSite{at, j.is_number_integer()});
  }
}

void move_leaf(nlohmann::json& leaf, double sigma, SearchRandom& random) {
  if (leaf.is_number_integer()) {
    const long long v = leaf.get<long long>();
    long long step = random.chance(0.5) ? 1 : -1;
    if (v >= 0 && v + step < 0) step = 1;
    leaf = v + step;
    return;
  }
  leaf = to_string(nudge_rational(parse_rational(leaf.get<std::string>()), sigma, random));
}

}  // namespace

Rational simplest_between(const Rational& lo, const Rational& hi) {
  if (lo > hi) throw std::invalid_argument("simplest_between: empty interval");
  if (lo <= 0 && hi >= 0) return Rational(0);
  if (lo > 0) return simplest_positive(lo, hi);
  return -simplest_positive(-hi, -lo);
}

Rational simplest_near(const Rational& x, double tolerance) {
  if (x == 0) return x;
  const Rational width = abs(x) * exact_rational(tolerance, "perturbation width");
  return simplest_between(x - width, x + width);
}

Rational nudge_rational(const Rational& x, double sigma, SearchRandom& random) {
  const double step = std::max(-0.9, std::min(0.9, sigma * random.normal()));
  const Rational target = x * (Rational(1) + exact_rational(step, "perturbation step"));
  // On the dyadic grid of spacing 2^-k just below |target| sigma / 8: the
  // denominators of moved numbers stay powers of two (times those they
  // started with), so the exact field Q(e^{1/D}) of an instance, D the lcm
  // of its denominators, stays small enough for the exact stage.
  const double spacing = std::max(1e-300, std::abs(to_double(target)) * sigma / 8);
  const long k = std::min(1000L, std::max(-1000L, long(std::ceil(-std::log2(spacing)))));
  const Rational unit = k >= 0 ? Rational(Integer(1), Integer(1) << unsigned(k)) : Rational(Integer(1) << unsigned(-k));
  Integer steps = floor_of(target / unit + Rational(1, 2));
  Rational moved = Rational(steps) * unit;
  if (moved == 0 || (moved > 0) != (x > 0)) moved = target;  // never onto or across 0
  return moved;
}

std::vector<NumberSite> number_sites(const nlohmann::json& inputs) {
  std::vector<NumberSite> sites;
  collect(inputs, nlohmann::json::json_pointer(), sites);
  return sites;
}

namespace {
constexpr double kHeaviest = 64;  // times a number's first weight
constexpr double kLightest = 1.0 / 32;
}  // namespace

MoveChooser::MoveChooser(const nlohmann::json& inputs, bool model_move) : sites_(number_sites(inputs)) {
  // Each top-level field starts with weight 1, shared by its numbers.
  std::map<std::string, std::size_t> per_field;
  auto field_of = [](const NumberSite& site) { return site.where.empty() ? std::string() : site.where.to_string().substr(1, site.where.to_string().find('/', 1) - 1); };
  for (const NumberSite& site : sites_) ++per_field[field_of(site)];
  for (const NumberSite& site : sites_) weights_.push_back(1.0 / double(per_field[field_of(site)]));
  if (model_move && !sites_.empty()) weights_.push_back(1.0);
  floor_ = weights_;
}

std::vector<std::size_t> MoveChooser::pick(SearchRandom& random) const {
  double total = 0;
  for (double w : weights_) total += w;
  auto draw = [&] {
    double u = random.uniform() * total;
    for (std::size_t k = 0; k < weights_.size(); ++k) {
      if (u < weights_[k]) return k;
      u -= weights_[k];
    }
    return weights_.size() - 1;
  };
  std::vector<std::size_t> picks{draw()};
  if (picks.front() == model_move_index()) return picks;
  while (picks.size() < 4 && random.chance(0.5)) {
    const std::size_t k = draw();
    if (k == model_move_index()) break;
    if (std::find(picks.begin(), picks.end(), k) == picks.end()) picks.push_back(k);
  }
  return picks;
}

nlohmann::json MoveChooser::move(const nlohmann::json& inputs, const std::vector<std::size_t>& picks, double sigma,
                                 SearchRandom& random) const {
  nlohmann::json moved = inputs;
  for (std::size_t k : picks)
    if (k < sites_.size()) move_leaf(moved.at(sites_[k].where), sigma, random);
  return moved;
}

void MoveChooser::scale(const std::vector<std::size_t>& picks, double factor) {
  for (std::size_t k : picks)
    if (k < weights_.size())
      weights_[k] = std::max(floor_[k] * kLightest, std::min(floor_[k] * kHeaviest, weights_[k] * factor));
}

void MoveChooser::closer(const std::vector<std::size_t>& picks) { scale(picks, 2); }
void MoveChooser::unchanged(const std::vector<std::size_t>& picks) { scale(picks, 0.5); }
void MoveChooser::farther(const std::vector<std::size_t>& picks) { scale(picks, 0.85); }

std::optional<nlohmann::json> between(const nlohmann::json& a, const nlohmann::json& b, const Rational& t) {
  if (a == b) return a;
  if (a.is_object() && b.is_object() && a.size() == b.size()) {
    nlohmann::json out = nlohmann::json::object();
    for (auto it = a.begin(); it != a.end(); ++it) {
      if (!b.contains(it.key())) return std::nullopt;
      std::optional<nlohmann::json> v = between(it.value(), b.at(it.key()), t);
      if (!v) return std::nullopt;
      out[it.key()] = std::move(*v);
    }
    return out;
  }
  if (a.is_array() && b.is_array() && a.size() == b.size()) {
    nlohmann::json out = nlohmann::json::array();
    for (std::size_t k = 0; k < a.size(); ++k) {
      std::optional<nlohmann::json> v = between(a[k], b[k], t);
      if (!v) return std::nullopt;
      out.push_back(std::move(*v));
    }
    return out;
  }
  if (a.is_string() && b.is_string()) {
    try {
      const Rational x = parse_rational(a.get<std::string>()), y = parse_rational(b.get<std::string>());
      return nlohmann::json(to_string(x + t * (y - x)));
    } catch (const std::invalid_argument&) {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

std::optional<nlohmann::json> simpler_at(const nlohmann::json& inputs, const NumberSite& site, unsigned bits) {
  if (site.integer) return std::nullopt;
  const Rational x = parse_rational(inputs.at(site.where).get<std::string>());
  const Rational y = simplest_near(x, std::ldexp(1.0, -int(bits)));
  using boost::multiprecision::denominator;
  using boost::multiprecision::numerator;
  const bool simpler = denominator(y) < denominator(x) ||
                       (denominator(y) == denominator(x) && abs(numerator(y)) < abs(numerator(x)));
  if (!simpler) return std::nullopt;
  nlohmann::json out = inputs;
  out[site.where] = to_string(y);
  return out;
}

}  // namespace sinkcheck
