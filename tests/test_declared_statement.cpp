// Statements are data: a theory file declares [P2.e] over the registered
// switch model, with P2.b's claims, and every command treats it like P2.b.
// A case is a pure function of (run seed, statement id, case index), so P2.e
// draws its own cases: its tallies are those of the switch model's statement
// named P2.e with P2.b's claims, which is what is compared below.
#include <algorithm>
#include <sstream>

#include "engine/results_json.hpp"
#include "support.hpp"

using namespace sinkcheck;
using namespace sinkcheck::test;

namespace {

// P2.b's table and claims, as P2.e over the model `model`.
std::string declared_p2e(const std::string& title = "Sink implies switch, declared by an author",
                         const std::string& model = "switch/sink") {
  const std::string shipped = read_file(default_theory_path());
  const auto from = shipped.find("[P2.b]"), to = shipped.find("[P2.c]");
  REQUIRE(from != std::string::npos);
  REQUIRE(to != std::string::npos);
  std::string table = shipped.substr(from, to - from);
  for (std::size_t at = table.find("P2.b"); at != std::string::npos; at = table.find("P2.b", at)) table.replace(at, 4, "P2.e");
  const auto title_line = table.find("title = ");
  table.replace(title_line, table.find('\n', title_line) - title_line,
                "model = \"" + model + "\"\ntitle = \"" + title + "\"");
  return shipped + "\n" + table;
}

std::string declared_theory(const std::string& name) { return write_temp(name, declared_p2e()); }

nlohmann::json statement_in(const std::string& report_dir, const std::string& id) {
  const auto report = nlohmann::json::parse(read_file(report_dir + "/report.json"));
  for (const auto& s : report.at("statements"))
    if (s.at("id") == id) return s;
  FAIL("no " << id << " in " << report_dir);
  return nullptr;
}

std::string theory_error(const std::string& name, const std::string& text) {
  try {
    load(write_temp(name, text));
  } catch (const TheoryError& e) {
    return e.what();
  }
  return "(loaded)";
}

}  // namespace

TEST_CASE("the registry lists models, each with the statements over it") {
  std::map<std::string, int> listed;
  for (const ModelEntry& model : all_models())
    for (const std::string& id : statements_over(model)) ++listed[id];
  for (const StatementPtr& s : all_statements()) CHECK(listed[s->info().id] == 1);
  CHECK(listed.size() == all_statements().size());

  const CliRun models = cli({"list", "--models"});
  REQUIRE(models.code == 0);
  CHECK(models.out.find("switch/sink: P2.a P2.b P2.c\n") != std::string::npos);
  const CliRun declared = cli({"list", "--models", "--variables", "--theory", declared_theory("list-declared.toml")});
  REQUIRE(declared.code == 0);
  CHECK(declared.out.find("switch/sink: P2.a P2.b P2.c P2.e\n    a0: ") != std::string::npos);
}

TEST_CASE("a declared statement checks like the model's statement of that name with the same claims") {
  const std::string theory_path = declared_theory("declared-check.toml");
  const std::string dir = temp_dir() + "/declared-check";
  const CliRun run = cli({"check", "P2.e", "--cases", "200", "--seed", "5", "--theory", theory_path, "--report", dir});
  INFO(run.out << run.err);
  REQUIRE(run.code == 0);
  const nlohmann::json reported = statement_in(dir, "P2.e");
  CHECK(reported.at("title") == "Sink implies switch, declared by an author");

  // P2.b's claims over the switch model, under the id P2.e.
  const Theory theory = load(theory_path);
  StatementTheory claims = *load(default_theory_path()).find("P2.b");
  claims.id = "P2.e";
  claims.title = "Sink implies switch, declared by an author";
  const StatementPtr over_model = find_model("switch/sink")->statement(StatementInfo{"P2.e", "", "", "", {}, {}});
  Job job{over_model, claims, theory.domain("P2"), RunOptions{}, std::nullopt};
  job.options.cases = 200;
  job.options.seed = 5;
  const StatementResult expected = run_jobs({job}, DriverSettings{}).front();
  // The whole record, tallies, closest approaches and targeted phase
  // included, is the model's statement's.
  nlohmann::json same = statement_to_json(expected, ResultFields::Report), got = reported;
  for (nlohmann::json* j : {&same, &got}) j->erase("seconds");
  CHECK(got == same);
  for (const auto& claim : reported.at("claims")) CHECK(claim.at("counterexamples") == 0);
  // Its quantities, doc and domain are the model's, as P2.b's are.
  const StatementPtr declared = find_statement("P2.e", theory);
  REQUIRE(declared);
  CHECK(declared->info().doc == find_statement("P2.b")->info().doc);
  CHECK(declared->info().variables.size() == find_statement("P2.b")->info().variables.size());
}

TEST_CASE("gate, mutate and shards treat a declared statement like a shipped one") {
  const std::string base = declared_theory("declared-base.toml");
  std::string text = declared_p2e();
  const std::string rate = "holds = \"g <= K*exp(-m) / (1 + K*exp(-m))\"";
  const auto last = text.rfind(rate);
  REQUIRE(last != std::string::npos);
  REQUIRE(last > text.find("[P2.e]"));
  text.replace(last, rate.size(), "holds = \"g <= exp(-m)\"");
  const std::string edited = write_temp("declared-edited.toml", text);

  SECTION("the gate checks the edited declared statement alone and fails it") {
    const std::string dir = temp_dir() + "/declared-gate";
    const CliRun gate = cli({"gate", "--theory", edited, "--base", base, "--cases", "200", "--report", dir});
    INFO(gate.out << gate.err);
    CHECK(gate.code == 1);
    const auto report = nlohmann::json::parse(read_file(dir + "/report.json"));
    REQUIRE(report.at("statements").size() == 1);
    CHECK(report.at("statements")[0].at("id") == "P2.e");
    CHECK(report.at("statements")[0].at("verdict") == "counterexample");
  }
  SECTION("mutate makes and runs the same mutants as for P2.b") {
    const std::string dir_e = temp_dir() + "/declared-mutate-e", dir_b = temp_dir() + "/declared-mutate-b";
    REQUIRE(cli({"mutate", "P2.e", "--cases", "60", "--theory", base, "--report", dir_e}).code == 0);
    REQUIRE(cli({"mutate", "P2.b", "--cases", "60", "--theory", base, "--report", dir_b}).code == 0);
    const auto e = nlohmann::json::parse(read_file(dir_e + "/mutation.json"));
    const auto b = nlohmann::json::parse(read_file(dir_b + "/mutation.json"));
    REQUIRE(e.at("mutants").size() == b.at("mutants").size());
    for (std::size_t i = 0; i < e.at("mutants").size(); ++i) CHECK(e["mutants"][i]["mutant"] == b["mutants"][i]["mutant"]);
    CHECK(e.at("score").at("caught").get<int>() > 0);
  }
  SECTION("shards merge to the one-process report") {
    const std::vector<std::string> run = {"check", "P2.e", "--cases", "40", "--seed", "3", "--theory", edited};
    auto with = [&](std::vector<std::string> extra) {
      std::vector<std::string> args = run;
      args.insert(args.end(), extra.begin(), extra.end());
      return cli(args);
    };
    const std::string whole = temp_dir() + "/declared-whole", one = temp_dir() + "/declared-shard-1",
                      two = temp_dir() + "/declared-shard-2", merged = temp_dir() + "/declared-merged";
    REQUIRE(with({"--report", whole}).code == 1);
    REQUIRE(with({"--shard", "1/2", "--report", one}).code == 0);
    REQUIRE(with({"--shard", "2/2", "--report", two}).code == 0);
    const CliRun merge = cli({"merge", two, one, "--report", merged});
    INFO(merge.out << merge.err);
    CHECK(merge.code == 1);
    CHECK(read_file(merged + "/report.json") == read_file(whole + "/report.json"));
    // replay finds the declared statement through the theory file the report records
    CHECK(cli({"replay", whole + "/report.json"}).code == 0);
  }
}

TEST_CASE("a declared statement names a known model, under its proposition, with a title") {
  CHECK(theory_error("declared-unknown-model.toml", declared_p2e("t", "switch/sinc")).find("unknown model 'switch/sinc'") !=
        std::string::npos);
  CHECK(theory_error("declared-wrong-proposition.toml", declared_p2e("t", "smoothing"))
            .find("model 'smoothing' reads [P3.domain]: declare P2.e as [P3.e]") != std::string::npos);
  std::string untitled = declared_p2e();
  untitled.erase(untitled.rfind("title = "), untitled.find('\n', untitled.rfind("title = ")) - untitled.rfind("title = ") + 1);
  CHECK(theory_error("declared-untitled.toml", untitled).find("P2.e declares a statement: it needs a title") !=
        std::string::npos);
  std::string shipped = read_file(default_theory_path());
  shipped.replace(shipped.find("[P2.b]\n"), 7, "[P2.b]\nmodel = \"switch/sink\"\n");
  CHECK(theory_error("declared-shipped.toml", shipped)
            .find("P2.b is shipped over its own model; a declared statement needs a new id") != std::string::npos);
}
