// The domain an author sets is the domain checked: for random legal
// [P<n>.domain] tables, every generated instance lies inside them, and no
// legal table makes the generator fail. "Inside" is written here from the
// documented meaning of each parameter, not from the generators' code.
#include <rapidcheck.h>
#include <rapidcheck/catch.h>

#include <algorithm>
#include <map>
#include <mutex>

#include "generators/copy_task.hpp"
#include "generators/sink_geometry.hpp"
#include "generators/smoothing_model.hpp"
#include "generators/switch_context.hpp"
#include "propositions/cost_bound_extras.hpp"
#include "propositions/hard_switch.hpp"
#include "propositions/sink_representability.hpp"
#include "propositions/smoothing.hpp"
#include "support.hpp"

using namespace sinkcheck;
using namespace sinkcheck::test;

namespace {

// A legal whole number, often one of the range's ends (where families fall
// off first). `cap` keeps sizes small enough for a fast test: the
// generators' code depends on a size only through its smallest values.
long legal_integer(long lo, long hi, long cap = 1L << 40) {
  hi = std::min(hi, cap);
  return *rc::gen::weightedOneOf<long>({{1, rc::gen::just(lo)},
                                        {1, rc::gen::just(hi)},
                                        {3, rc::gen::resize(100, rc::gen::inRange<long>(lo, hi + 1))}});
}

// A random table: each key present with probability 2/3 (absent keys keep
// their defaults), with the value `draw` gives it.
DomainTable table(const std::string& name, const std::vector<std::pair<std::string, std::function<Rational()>>>& keys) {
  std::map<std::string, DomainTable::Entry> entries;
  for (const auto& [key, draw] : keys)
    if (*rc::gen::inRange(0, 3) > 0) entries[key] = DomainTable::Entry{draw(), SourceLocation{"test", 1, 1}};
  return DomainTable(name, entries);
}

template <class Instance, class Inside>
void every_instance_inside(const rc::Gen<Instance>& gen, const Inside& inside) {
  for (int k = 0; k < 12; ++k) {
    const Instance x = gen(rc::Random(std::uint64_t(*rc::gen::arbitrary<std::uint32_t>())), (k * 9) % 101).value();
    inside(x);
  }
}

Rational lambda_bound() {
  // p/q in [1/64, 64] with small and awkward denominators (1/17, 1/3 …)
  const long q = *rc::gen::element<long>(1, 2, 3, 16, 17, 64, 1000);
  const long p = *rc::gen::inRange<long>(std::max<long>(1, (q + 63) / 64), 64 * q + 1);
  return Rational(p, q);
}

}  // namespace

TEST_CASE("P1: every instance lies inside a random legal [P1.domain]") {
  rc::prop("P1 instances inside the domain", [] {
    const DomainTable t = table("P1.domain", {
        {"tokens_max", [] { return Rational(legal_integer(1, 4096, 24)); }},
        {"dim_max", [] { return Rational(legal_integer(1, 1024, 8)); }},
        {"large_tokens_max", [] { return Rational(legal_integer(2, 4096, 40)); }},
        {"large_dim_max", [] { return Rational(legal_integer(1, 1024, 12)); }},
        {"large_percent", [] { return Rational(legal_integer(0, 100)); }},
        {"softmax_tokens_max", [] { return Rational(legal_integer(1, 1024, 24)); }},
        {"margin_max", [] { return Rational(legal_integer(50, 100000)); }},
        {"degenerate_exponent", [] { return Rational(legal_integer(1, 1000)); }},
    });
    const SinkDomain d = sink_domain(t);
    for (const SinkPurpose purpose : {SinkPurpose::Geometry, SinkPurpose::Softmax, SinkPurpose::Normalised}) {
      const long tokens_max =
          purpose == SinkPurpose::Softmax ? std::min(d.tokens_max, d.softmax_tokens_max) : d.tokens_max;
      every_instance_inside(sink_instance_gen(d, purpose), [&](const SinkInstance& s) {
        RC_LOG() << s.family << ": T = " << s.T() << ", d = " << s.dim() << ", kappa = " << s.kappa << "\n";
        const bool large = s.family == "large common direction";
        RC_ASSERT(!large || (purpose == SinkPurpose::Geometry && d.large_percent > 0));
        RC_ASSERT(s.T() >= 1);
        RC_ASSERT(long(s.T()) <= (large ? d.large_tokens_max : tokens_max));
        RC_ASSERT(s.dim() >= 1);
        RC_ASSERT(long(s.dim()) <= (large ? d.large_dim_max : d.dim_max));
        RC_ASSERT(s.kappa > 0);
        RC_ASSERT(s.kappa <= d.margin_max);
        RC_ASSERT(!s.J.empty());
        RC_ASSERT(s.J.back() <= s.T());
      });
      if (tokens_max < 2 && purpose != SinkPurpose::Normalised) RC_ASSERT(sink_skipped_families(d, purpose).size() == 1u);
    }
  });
}

TEST_CASE("P2: every instance lies inside a random legal [P2.domain]") {
  rc::prop("P2 instances inside the domain", [] {
    const DomainTable t = table("P2.domain", {
        {"keys_max", [] { return Rational(legal_integer(1, 64)); }},
        {"value_dim_max", [] { return Rational(legal_integer(1, 16)); }},
        {"margin_max", [] { return Rational(legal_integer(50, 100000)); }},
    });
    const SwitchDomain d = switch_domain(t);
    for (const SwitchTarget target : {SwitchTarget::Sink, SwitchTarget::Self}) {
      every_instance_inside(switch_context_gen(d, target), [&](const SwitchContext& c) {
        // m: the gap to the strongest competitor the query sees (a causal
        // mask hides the keys after it).
        Rational strongest_competitor = c.scores[c.target == 0 ? 1 : 0];
        for (std::size_t j = 0; j < c.keys(); ++j)
          if (j != c.target && c.visible(j)) strongest_competitor = std::max(strongest_competitor, c.scores[j]);
        const Rational margin = c.scores[c.target] - strongest_competitor;
        RC_LOG() << c.keys() << " keys, value dim " << c.value_dim() << ", margin " << margin << "\n";
        RC_ASSERT(c.keys() >= 2);
        RC_ASSERT(long(c.keys()) - 1 <= d.keys_max);
        RC_ASSERT(c.value_dim() >= 1u);
        RC_ASSERT(long(c.value_dim()) <= d.value_dim_max);
        RC_ASSERT(margin <= d.margin_max);
      });
    }
  });
}

TEST_CASE("P3: every instance lies inside a random legal [P3.domain]") {
  rc::prop("P3 instances inside the domain", [] {
    const DomainTable t = table("P3.domain", {
        {"dim_max", [] { return Rational(legal_integer(1, 12)); }},
        {"k_max", [] { return Rational(legal_integer(2, 1000000)); }},
        {"entry_max", [] { return Rational(legal_integer(1, 1000)); }},
        {"eps_bits_max", [] { return Rational(legal_integer(1, 4000)); }},
    });
    const SmoothingDomain d = smoothing_domain(t);
    auto drawn_entry_inside = [&](const Rational& q) {
      return abs(Rational(numerator(q))) <= d.entry_max && denominator(q) <= 4;
    };
    for (const SmoothingFocus focus :
         {SmoothingFocus::Mixed, SmoothingFocus::Red, SmoothingFocus::Blue, SmoothingFocus::Boundary}) {
      every_instance_inside(smoothing_instance_gen(d, focus), [&](const SmoothingInstance& x) {
        RC_LOG() << x.family << ": d = " << x.dim() << ", k = " << x.k << "\n";
        RC_ASSERT(x.dim() >= 1u);
        RC_ASSERT(long(x.dim()) <= d.dim_max);
        RC_ASSERT(x.k >= 2);
        RC_ASSERT(x.k <= d.k_max);
        RC_ASSERT(x.rank() >= 1u);
        RC_ASSERT(x.rank() <= x.dim());
        // mu and L are drawn and never solved for (beta and W's diagonal are,
        // on the boundary families: docs/propositions/P3-smoothing.md)
        for (const Rational& m : x.mu) RC_ASSERT(drawn_entry_inside(m));
        for (const auto& row : x.L)
          for (const Rational& l : row) RC_ASSERT(drawn_entry_inside(l));
      });
    }
  });
}

TEST_CASE("P4: every instance lies inside a random legal [P4.domain], lambda range included") {
  rc::prop("P4 instances inside the domain", [] {
    Rational a = lambda_bound(), b = lambda_bound();
    if (b < a) std::swap(a, b);
    if (*rc::gen::inRange(0, 4) == 0) b = a;  // a single value, often off the 1/16 grid
    const DomainTable t = table("P4.domain", {
        {"groups_max", [] { return Rational(legal_integer(1, 12, 4)); }},
        {"per_group_max", [] { return Rational(legal_integer(2, 8, 4)); }},
        {"nuisance_dim_max", [] { return Rational(legal_integer(1, 12)); }},
        {"lambda_min", [&] { return a; }},
        {"lambda_max", [&] { return b; }},
        {"extra_dim_max", [] { return Rational(legal_integer(0, 4096)); }},
        {"rotations_max", [] { return Rational(legal_integer(0, 64, 8)); }},
        {"default_cases", [] { return Rational(legal_integer(1, 100000000)); }},
    });
    const CopyTaskDomain d = copy_task_domain(t);
    const std::vector<std::string> skipped = copy_task_skipped_families(d);
    every_instance_inside(copy_task_gen(d), [&](const CopyTaskInstance& x) {
      RC_LOG() << x.family << ": C = " << x.groups << ", n = " << x.per_group << ", r = " << x.nuisance_dim()
               << ", lambda = " << x.lambda << "\n";
      RC_ASSERT(x.groups >= 1);
      RC_ASSERT(x.groups <= d.groups_max);
      RC_ASSERT(x.per_group >= 2);
      RC_ASSERT(x.per_group <= d.per_group_max);
      RC_ASSERT(x.nuisance_dim() >= 1u);
      RC_ASSERT(long(x.nuisance_dim()) <= d.nuisance_dim_max);
      RC_ASSERT(x.lambda >= d.lambda_min);
      RC_ASSERT(x.lambda <= d.lambda_max);
      RC_ASSERT(x.dim - long(x.space_dim()) >= 0);
      RC_ASSERT(x.dim - long(x.space_dim()) <= d.extra_dim_max);
      RC_ASSERT(long(x.rotation.size()) <= d.rotations_max);
      for (const std::string& note : skipped) RC_ASSERT(note.find("'" + x.family + "'") == std::string::npos);
    });
  });
}

TEST_CASE("the issue's domains: a narrowed lambda range is respected and a skipped family is reported") {
  auto lambdas_of = [](const std::string& min, const std::string& max) {
    const Theory theory = load(write_temp("lambda-" + std::to_string(std::hash<std::string>()(min + max)) + ".toml",
                                          "schema = 1\n[P4.domain]\nlambda_min = \"" + min + "\"\nlambda_max = \"" +
                                              max + "\"\n"));
    const CopyTaskDomain d = copy_task_domain(theory.domain("P4"));
    const rc::Gen<CopyTaskInstance> gen = copy_task_gen(d);
    std::vector<Rational> seen;
    for (std::size_t k = 0; k < 60; ++k) seen.push_back(gen(rc::Random(case_seed(1, "P4.U_sink", k)), int(k % 101)).value().lambda);
    return seen;
  };
  for (const Rational& l : lambdas_of("1/17", "1/17")) CHECK(l == Rational(1, 17));
  for (const Rational& l : lambdas_of("1/3", "1/3")) CHECK(l == Rational(1, 3));
  for (const Rational& l : lambdas_of("2", "4")) CHECK(l >= 2);

  // a bound left out follows the other one: lambda_min = 10 alone is legal
  for (const Rational& l : lambdas_of("10", "10")) CHECK(l == 10);
  const Theory min_only = load(write_temp("lambda-min-only.toml", "schema = 1\n[P4.domain]\nlambda_min = 10\n"));
  CHECK(copy_task_domain(min_only.domain("P4")).lambda_max == 10);
  const Theory max_only = load(write_temp("lambda-max-only.toml", "schema = 1\n[P4.domain]\nlambda_max = \"1/32\"\n"));
  CHECK(copy_task_domain(max_only.domain("P4")).lambda_min == Rational(1, 32));
  const Theory inverted = load(write_temp("lambda-inverted.toml", "schema = 1\n[P4.domain]\nlambda_min = 2\nlambda_max = 1\n"));
  CHECK_THROWS_WITH(copy_task_domain(inverted.domain("P4")), Catch::Contains("P4.domain.lambda_max = 1 must lie in [2, 64]"));

  // `lambda >= 2` is true on that domain: it holds (it failed at 9/16), and
  // the report names the families the range leaves out
  const Theory theory = load(write_temp("lambda-2.toml", "schema = 1\n[P4.domain]\nlambda_min = 2\n"
                                                         "[P4.U_sink]\n[[P4.U_sink.claim]]\nname = \"range\"\n"
                                                         "holds = \"lambda >= 2\"\n"));
  const StatementResult r = run_statement(theory, "P4.U_sink", 40, 1, false);
  CHECK(r.verdict() == Verdict::Holds);
  std::string notes;
  for (const std::string& n : r.notes) notes += n + "\n";
  INFO(notes);
  CHECK(notes.find("Generator family 'lambda = 1 (the sink construction's kink)' skipped") != std::string::npos);
  CHECK(notes.find("'lambda = 1/2' skipped") != std::string::npos);
  CHECK(notes.find("'small lambda (below the upper bounds' thresholds)' skipped") != std::string::npos);
}

TEST_CASE("the issue's domains: P2's small-gap regime stays below margin_max") {
  const Theory theory = load(write_temp("margin-50.toml", "schema = 1\n[P2.domain]\nmargin_max = 50\n"));
  const rc::Gen<SwitchContext> gen = switch_context_gen(switch_domain(theory.domain("P2")), SwitchTarget::Sink);
  for (std::size_t k = 0; k < 400; ++k) {
    const SwitchContext c = gen(rc::Random(case_seed(1, "P2.b", k)), int(k % 101)).value();
    Rational top = c.scores[1];
    for (std::size_t j = 2; j < c.keys(); ++j) top = std::max(top, c.scores[j]);
    CHECK(c.scores[0] - top <= 50);
  }
}

namespace {

// Every instance a run of `id` makes, by source, and those outside its model's domain.
struct Observed {
  std::map<std::string, std::size_t> made;
  std::vector<std::string> outside;
  std::size_t counterexamples = 0;  // of the run's claims
};

Observed observe_run(const StatementTheory& theory, const DomainTable& domain, const std::string& id,
                     std::size_t cases, std::uint64_t seed, std::size_t max_shrink_tries = 400) {
  Observed seen;
  std::mutex mutex;
  Job job{find_statement(id), theory, domain, RunOptions{}, std::nullopt};
  job.options.cases = cases;
  job.options.seed = seed;
  job.options.extras = false;
  job.options.max_shrink_tries = max_shrink_tries;
  job.options.observe_instance = [&](const char* source, const nlohmann::json& inputs, bool inside) {
    std::lock_guard<std::mutex> lock(mutex);
    ++seen.made[source];
    if (!inside && seen.outside.size() < 3) seen.outside.push_back(std::string(source) + ": " + inputs.dump());
  };
  for (const ClaimTally& claim : run_jobs({job}, DriverSettings{}).front().claims)
    seen.counterexamples += claim.counterexamples;
  return seen;
}

}  // namespace

TEST_CASE("every model: the instances its generator, shrinkers and targeted moves make lie inside its domain") {
  // The registry, not a list: a new model is covered. Each statement runs
  // its claims (which the targeted phase climbs) and a claim false
  // everywhere (which the shrinker shrinks as far as it goes).
  const Theory theory = load(tests_theory_path());
  for (const ModelEntry& model : all_models()) {
    std::map<std::string, std::size_t> made;  // over the model's statements
    for (const std::string& id : statements_over(model)) {
      INFO(model.name << ": " << id);
      const StatementPtr statement = find_statement(id);
      StatementTheory st = *theory.find(id);
      ClaimTheory nowhere;
      nowhere.name = "false everywhere";
      nowhere.reading = st.reading;
      nowhere.holds = Relation::parse("1 < 0", statement->info().variables);
      st.claims.push_back(nowhere);
      // Few cases and shrink steps: each P4 instance solves a program.
      const Observed seen = observe_run(st, theory.domain(model.proposition), id, 12, 3, 12);
      for (const std::string& outside : seen.outside) INFO(outside);
      CHECK(seen.outside.empty());
      CHECK(seen.made.count("generator"));
      CHECK(seen.made.count("shrinker"));
      for (const auto& [source, n] : seen.made) made[source] += n;
    }
    INFO(model.name);
    CHECK(made.count("targeted move"));
  }
}

TEST_CASE("P2 under a causal mask: a hidden key is no competitor, m stays within margin_max (issue 25)") {
  // The targeted phase raised a key the mask hides up to the target, which
  // let the visible margin m climb past margin_max: `m <= margin_max` got
  // certified counterexamples. Every instance made, the shrinkers' and the
  // search's included, stays inside, and the claim holds.
  const Theory theory = load(write_temp("margin-60.toml", "schema = 1\n[P2.domain]\nmargin_max = 60\n"));
  for (const std::string id : {"P2.b", "P2.d"}) {
    StatementTheory st;
    st.id = id;
    ClaimTheory bounded;
    bounded.name = "the margin stays within margin_max";
    bounded.holds = Relation::parse("m <= 60", hard_switch_variables());
    st.claims = {bounded};
    for (std::uint64_t seed : {1, 2, 3}) {
      INFO(id << " seed " << seed);
      const Observed seen = observe_run(st, theory.domain("P2"), id, 600, seed);
      for (const std::string& outside : seen.outside) INFO(outside);
      CHECK(seen.outside.empty());
      CHECK(seen.made.count("targeted move"));
      CHECK(seen.counterexamples == 0);
    }
  }
}
