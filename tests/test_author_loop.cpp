// The theory author's loop (issue 22): break a claim, read its falsifying
// example by name, check a fix against the old failures (replay --theory),
// keep counterexamples in an example database, pin instances in the theory.
// Everything is read from report.json and exit codes, never from the console.
#include <cstdlib>

#include "support.hpp"

using namespace sinkcheck;
using namespace sinkcheck::test;

namespace {

const char* kGateRate = "g <= K*exp(-m) / (1 + K*exp(-m))";

// report.json's first stored counterexample of the first statement.
nlohmann::json first_counterexample(const std::string& dir) {
  const auto report = nlohmann::json::parse(read_file(dir + "/report.json"));
  const auto& cases = report.at("statements").at(0).at("counterexample_cases");
  REQUIRE_FALSE(cases.empty());
  return cases.at(0);
}

// A JSON value as TOML (inline tables, arrays, strings, integers, booleans).
std::string as_toml(const nlohmann::json& v) {
  if (v.is_object()) {
    std::string out = "{ ";
    for (const auto& [key, value] : v.items()) out += (out.size() > 2 ? ", " : "") + key + " = " + as_toml(value);
    return out + " }";
  }
  if (v.is_array()) {
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + as_toml(v[i]);
    return out + "]";
  }
  return v.dump();
}

}  // namespace

TEST_CASE("a broken claim's falsifying example names its quantities, and replay --theory checks the fix") {
  const std::string broken = theory_with("loop-broken.toml", {holds("P2.b", "gate rate", "g <= exp(-m)")});
  const std::string dir = temp_dir() + "/loop-report";
  const CliRun run = cli({"check", "P2.b", "--theory", broken, "--cases", "100", "--report", dir});
  INFO(run.out << run.err);
  REQUIRE(run.code == 1);

  const nlohmann::json c = first_counterexample(dir);
  CHECK(c.at("claim") == "gate rate");
  const nlohmann::json& example = c.at("falsifying_example");
  std::vector<std::string> names;
  for (const auto& v : example.at("values")) names.push_back(v.at("name").get<std::string>());
  CHECK(names == std::vector<std::string>{"g", "m"});
  // The two sides, in decimal, show the violation: lhs > rhs for "<=".
  const double lhs = std::stod(example.at("lhs").get<std::string>());
  const double rhs = std::stod(example.at("rhs").get<std::string>());
  CHECK(lhs > rhs);
  CHECK(example.at("values")[0].at("value") == example.at("lhs"));  // g is the left side
  CHECK(read_file(dir + "/report.md").find("Falsifying example:") != std::string::npos);
  CHECK(read_file(dir + "/report.html").find("Falsifying example:") != std::string::npos);

  // Under the broken theory the counterexample still fails; under the fixed one it is fixed.
  CHECK(cli({"replay", dir + "/report.json", "--theory", broken}).code == 1);
  CHECK(cli({"replay", dir + "/report.json", "--theory", default_theory_path()}).code == 0);
  // Without --theory: the stored claim, reproduced.
  CHECK(cli({"replay", dir + "/report.json"}).code == 0);
}

TEST_CASE("replay --theory: a claim whose assumptions now exclude the case counts as fixed") {
  const std::string broken = theory_with("loop-broken-2.toml", {holds("P2.b", "gate rate", "g <= exp(-m)")});
  const std::string dir = temp_dir() + "/loop-report-2";
  REQUIRE(cli({"check", "P2.b", "--theory", broken, "--cases", "100", "--report", dir}).code == 1);
  const std::string excluded =
      theory_with("loop-excluded.toml", {holds("P2.b", "gate rate", "g <= exp(-m)"), assume("P2.b", "gate rate", {"m > 100000"})});
  CHECK(cli({"replay", dir + "/report.json", "--theory", excluded}).code == 0);
}

TEST_CASE("the example database (--database) keeps counterexamples and decides them first next time; without it nothing is read") {
  const std::string broken = theory_with("loop-db.toml", {holds("P2.b", "gate rate", "g <= exp(-m)")});
  const std::string database = temp_dir() + "/loop-database";
  const std::string first = temp_dir() + "/loop-db-1", second = temp_dir() + "/loop-db-2";
  REQUIRE(cli({"check", "P2.b", "--theory", broken, "--cases", "60", "--database", database, "--report", first}).code == 1);
  const auto first_report = nlohmann::json::parse(read_file(first + "/report.json"));
  CHECK_FALSE(first_report.at("statements")[0].contains("examples"));  // an empty database: nothing decided first

  REQUIRE(cli({"check", "P2.b", "--theory", broken, "--cases", "60", "--database", database, "--report", second}).code == 1);
  const auto second_report = nlohmann::json::parse(read_file(second + "/report.json"));
  const auto& examples = second_report.at("statements")[0].at("examples");
  REQUIRE(examples.size() == 1);
  CHECK(examples[0].at("source") == "database");
  CHECK(examples[0].at("claim") == "gate rate");
  CHECK(examples[0].at("verdict") == "counterexample");
  CHECK(examples[0].at("inputs") == first_counterexample(first).at("inputs"));
  // The generated cases' tallies are the first run's: the examples are apart.
  CHECK(second_report.at("statements")[0].at("cases") == first_report.at("statements")[0].at("cases"));

  // A fixed claim (another text) starts afresh: no example applies to it.
  const std::string fixed = temp_dir() + "/loop-db-3";
  REQUIRE(cli({"check", "P2.b", "--cases", "60", "--database", database, "--report", fixed}).code == 0);
  CHECK_FALSE(nlohmann::json::parse(read_file(fixed + "/report.json")).at("statements")[0].contains("examples"));
}

TEST_CASE("a theory file pins an instance that every run decides first, and bad pinned inputs name their line") {
  const std::string broken = theory_with("loop-pin-source.toml", {holds("P2.b", "gate rate", "g <= exp(-m)")});
  const std::string dir = temp_dir() + "/loop-pin-source";
  REQUIRE(cli({"check", "P2.b", "--theory", broken, "--cases", "60", "--report", dir}).code == 1);
  const nlohmann::json inputs = first_counterexample(dir).at("inputs");

  const std::string pin = "\n[[P2.b.example]]\nclaim = \"gate rate\"\ninputs = " + as_toml(inputs) + "\n";
  const std::string pinned = write_temp("loop-pinned.toml", read_file(broken) + pin);
  const std::string run_dir = temp_dir() + "/loop-pinned";
  // The pinned instance is decided whatever the budget, before the one generated case.
  const CliRun run = cli({"check", "P2.b", "--theory", pinned, "--cases", "1", "--targeted", "0", "--report", run_dir});
  INFO(run.out << run.err);
  CHECK(run.code == 1);
  const auto report = nlohmann::json::parse(read_file(run_dir + "/report.json"));
  const auto& examples = report.at("statements")[0].at("examples");
  REQUIRE(examples.size() == 1);
  CHECK(examples[0].at("source") == "theory");
  CHECK(examples[0].at("verdict") == "counterexample");
  CHECK(examples[0].contains("falsifying_example"));
  // Under the shipped claim the same pinned instance holds.
  const std::string shipped_pin = write_temp("loop-pinned-ok.toml", read_file(default_theory_path()) + pin);
  CHECK(cli({"check", "P2.b", "--theory", shipped_pin, "--cases", "1", "--report", temp_dir() + "/loop-pinned-ok"}).code == 0);

  const std::string bad = write_temp("loop-pinned-bad.toml", read_file(default_theory_path()) +
                                                                 "\n[[P2.b.example]]\ninputs = { scores = [\"x\"] }\n");
  const CliRun error = cli({"check", "P2.b", "--theory", bad, "--cases", "1", "--report", temp_dir() + "/loop-bad"});
  CHECK(error.code == 2);
  CHECK(error.err.rfind(bad + ":", 0) == 0);
}

TEST_CASE("gate writes which edit broke a counterexample into report.json") {
  const std::string broken = theory_with("loop-gate.toml", {holds("P2.b", "gate rate", "g <= exp(-m)")});
  const std::string dir = temp_dir() + "/loop-gate";
  REQUIRE(cli({"gate", "--theory", broken, "--base", default_theory_path(), "--cases", "60", "--report", dir}).code == 1);
  const nlohmann::json c = first_counterexample(dir);
  REQUIRE(c.at("broken_by").size() == 1);
  CHECK(c.at("broken_by")[0].get<std::string>().find(kGateRate) != std::string::npos);
  CHECK(read_file(dir + "/report.md").find("broken by the edit") != std::string::npos);
  CHECK(read_file(dir + "/report.html").find("broken by the edit") != std::string::npos);
}
