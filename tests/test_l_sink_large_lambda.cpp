// Issue 25 item 11: L_sink (opt_sink >= kappa C/(2 sqrt d)) is false for
// large λ. The hostile probe's instance replays as a certified
// counterexample to the claim without its λ assumption; `boundary` brackets
// the λ above which it fails; the shipped claim's assumption keeps clear of
// it, on the shipped and on a widened table.
#include <nlohmann/json.hpp>

#include "engine/boundary_search.hpp"
#include "support.hpp"

using namespace sinkcheck;
using namespace sinkcheck::test;

namespace {

// C = 5 groups of n = 2, r = 6 nuisance coordinates, d = 17, κ = 1/2,
// λ = 143/8: its certified optimum ≈ 0.302995 lies below κC/(2√d) ≈ 0.303170.
// (The nuisance is ±(1/2) e_c per group; the optimum does not depend on it here.)
constexpr const char* kProbeInstance =
    R"(inputs = { groups = 5, per_group = 2, dim = 17, kappa = "1/2", lambda = "143/8", scale = "4", rotation = [], )"
    R"(eta = [[["1/2", "0", "0", "0", "0", "0"], ["-1/2", "0", "0", "0", "0", "0"]], )"
    R"([["0", "1/2", "0", "0", "0", "0"], ["0", "-1/2", "0", "0", "0", "0"]], )"
    R"([["0", "0", "1/2", "0", "0", "0"], ["0", "0", "-1/2", "0", "0", "0"]], )"
    R"([["0", "0", "0", "1/2", "0", "0"], ["0", "0", "0", "-1/2", "0", "0"]], )"
    R"([["0", "0", "0", "0", "1/2", "0"], ["0", "0", "0", "0", "-1/2", "0"]]] })";

// The domain widened to what the probe used (λ up to 64, C up to 6).
std::vector<TheoryEdit> widened_domain() {
  return {table_key("P4.domain", "groups_max", 6), table_key("P4.domain", "nuisance_dim_max", 6),
          table_key("P4.domain", "lambda_max", 64)};
}

nlohmann::json pinned_example_of(const std::string& theory, const std::string& name) {
  const std::string pinned = write_temp(name + ".toml", read_file(theory) + "\n[[P4.L_sink.example]]\n" + kProbeInstance + "\n");
  const std::string dir = temp_dir() + "/" + name;
  const CliRun run = cli({"check", "P4.L_sink", "--theory", pinned, "--cases", "1", "--targeted", "0", "--report", dir});
  INFO(run.out << run.err);
  REQUIRE((run.code == 0 || run.code == 1));
  const auto examples = nlohmann::json::parse(read_file(dir + "/report.json")).at("statements")[0].at("examples");
  REQUIRE(examples.size() == 1);
  return examples[0];
}

}  // namespace

TEST_CASE("L_sink without its lambda assumption: the probe's instance is a certified counterexample that replays",
          "[P4]") {
  std::vector<TheoryEdit> edits = widened_domain();
  edits.push_back(assume("P4.L_sink", "L_sink", {}));
  const std::string theory = theory_with("l-sink-unassumed.toml", edits);
  const nlohmann::json example = pinned_example_of(theory, "l-sink-unassumed");
  CHECK(example.at("verdict") == "counterexample");
  // The stored exact inputs decide the claim again, to the same verdict.
  const StatementTheory selected = load(theory).find("P4.L_sink")->selected();
  const std::vector<Decision> again = find_statement("P4.L_sink")->replay(example.at("inputs"), selected, PrecisionPolicy());
  REQUIRE(again.size() == 1);
  CHECK(again[0].verdict == Verdict::Counterexample);
  CHECK(again[0].stage == example.at("stage").get<std::string>());
}

TEST_CASE("the shipped L_sink's lambda assumption leaves the probe's instance out", "[P4]") {
  const std::string theory = theory_with("l-sink-shipped-wide.toml", widened_domain());
  CHECK(pinned_example_of(theory, "l-sink-shipped-wide").at("verdict") == "vacuous");
}

TEST_CASE("boundary brackets the lambda above which L_sink fails at C = 5 and the shipped assumption stays below it", "[P4]") {
  const StatementPtr statement = find_statement("P4.L_sink");
  const StatementTheory shipped = load(default_theory_path()).find("P4.L_sink")->selected();
  REQUIRE(shipped.claims.size() == 1);
  const ClaimTheory& claim = shipped.claims[0];
  auto verdict_at = [&](const Rational& lambda) {
    return statement->decide_at_parameters({{"C", 5}, {"lambda", lambda}}, claim, PrecisionPolicy()).verdict;
  };
  // A coarse scan of four points and a few halvings: one program per step.
  const ThresholdBracket b = find_threshold(verdict_at, 17, Rational(37, 2), Rational(1, 4), 4);
  INFO(b.note);
  REQUIRE(b.found);
  CHECK(b.fails > b.holds);  // it fails above the threshold
  CHECK(b.holds < Rational(143, 8));  // the probe's λ lies on the failing side
  CHECK(b.fails - b.holds <= Rational(1, 4));
  // The shipped assumption (an upper bound on λ) stays below the bracket.
  REQUIRE(claim.assume.size() == 1);
  CHECK(claim.assume[0].lhs().to_text() == "lambda");
  CHECK(claim.assume[0].op() == RelationOp::LessEqual);
  CHECK(parse_rational(claim.assume[0].rhs().to_text()) < b.holds);
}
