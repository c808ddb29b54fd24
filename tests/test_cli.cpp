// The command line as a user meets it: exit codes, errors, reports, replay.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "cli/app.hpp"
#include "reports/writers.hpp"
#include "support.hpp"

using namespace sinkcheck;
using namespace sinkcheck::test;

TEST_CASE("list prints the statement ids") {
  const CliRun r = cli({"list"});
  CHECK(r.code == 0);
  for (const char* id : {"P2.a", "P2.b", "P2.c", "P2.d"}) CHECK(r.out.find(id) != std::string::npos);
  CHECK(cli({"list", "--variables"}).out.find("obar_norm2") != std::string::npos);
}

TEST_CASE("check on the shipped theory exits 0 and writes deterministic reports") {
  const std::string dir1 = temp_dir() + "/cli-report-1", dir2 = temp_dir() + "/cli-report-2";
  const CliRun a = cli({"check", "P2.*", "--cases", "60", "--seed", "5", "--report", dir1});
  INFO(a.out << a.err);
  CHECK(a.code == 0);
  CHECK(a.out.find("P2.d") != std::string::npos);
  const CliRun b = cli({"check", "P2.*", "--cases", "60", "--seed", "5", "--report", dir2});
  CHECK(b.code == 0);
  CHECK(read_file(dir1 + "/report.json") == read_file(dir2 + "/report.json"));
  CHECK(read_file(dir1 + "/report.md") == read_file(dir2 + "/report.md"));
  const auto report = nlohmann::json::parse(read_file(dir1 + "/report.json"));
  CHECK(report["schema"] == "sinkcheck-report/2");
  CHECK(report["complete"] == true);
  CHECK(report["statements"].size() == 4);
}

TEST_CASE("check --certificates writes deterministic certificates beside the report and only when asked") {
  const std::string dir1 = temp_dir() + "/cli-cert-1", dir2 = temp_dir() + "/cli-cert-2";
  const std::vector<std::string> args = {"check", "P1.a", "P4.L_sink", "P2.b", "--cases", "6", "--seed", "3",
                                         "--targeted", "0", "--certificates", "--report"};
  auto with_dir = [&](const std::string& dir, const char* jobs) {
    std::vector<std::string> a = args;
    a.push_back(dir);
    a.insert(a.end(), {"--jobs", jobs});
    return a;
  };
  // One thread and two: the certificates are reduced in case order either way.
  const CliRun a = cli(with_dir(dir1, "1"));
  INFO(a.out << a.err);
  REQUIRE(a.code == 0);
  CHECK(a.out.find(dir1 + "/certificates.json") != std::string::npos);
  REQUIRE(cli(with_dir(dir2, "2")).code == 0);
  CHECK(read_file(dir1 + "/certificates.json") == read_file(dir2 + "/certificates.json"));
  CHECK(read_file(dir1 + "/report.json") == read_file(dir2 + "/report.json"));

  const auto certificates = nlohmann::json::parse(read_file(dir1 + "/certificates.json"));
  CHECK(certificates["schema"] == "sinkcheck-certificates/1");
  CHECK(certificates["complete"] == true);
  REQUIRE(certificates["statements"].size() == 3);
  std::map<std::string, nlohmann::json> by_id;
  for (const auto& s : certificates["statements"]) by_id[s["id"].get<std::string>()] = s;
  // One entry per case, in case order, each with its instance and certificate.
  for (const char* id : {"P1.a", "P4.L_sink"}) {
    INFO(id);
    const auto& cases = by_id.at(id)["cases"];
    REQUIRE(cases.size() == 6);
    for (std::size_t k = 0; k < cases.size(); ++k) {
      CHECK(cases[k]["case"] == k);
      CHECK(cases[k]["inputs"].is_object());
      CHECK_FALSE(cases[k]["certificate"].contains("failure"));
    }
  }
  CHECK(by_id.at("P1.a")["cases"][0]["certificate"]["kind"] == "sink_geometry");
  CHECK(by_id.at("P4.L_sink")["cases"][0]["certificate"]["kind"] == "copy_task");
  CHECK(by_id.at("P4.L_sink")["cases"][0]["certificate"]["optimum"].contains("multipliers"));
  CHECK(by_id.at("P2.b")["cases"].empty());  // P2's verdicts rest on enclosures, not certificates
  for (const char* id : {"P1.a", "P4.L_sink", "P2.b"}) CHECK(by_id.at(id)["random_cases"] == 6);
  // The spools the certificates were streamed through are gone.
  for (const auto& entry : std::filesystem::directory_iterator(dir1))
    CHECK(entry.path().filename().string().rfind(".certificates", 0) != 0);

  // Without the flag no certificates are written, and none of an earlier run are left behind.
  std::vector<std::string> plain = {"check", "P1.a", "--cases", "3", "--report", dir1};
  REQUIRE(cli(plain).code == 0);
  CHECK_FALSE(std::ifstream(dir1 + "/certificates.json").good());
}

TEST_CASE("certificates streamed through the spool are byte for byte those held in memory") {
  RunReport report;
  report.tool_version = "test";
  report.seed = 3;
  report.complete = true;
  for (const char* id : {"P1.a", "P2.b", "P4.U_sink"}) {
    StatementResult s;
    s.id = id;
    s.cases = 3;
    if (std::string(id) != "P2.b")  // P2 has no case certificates
      for (std::size_t k = 0; k < 3; ++k)
        s.case_certificates.push_back({{"case", k}, {"inputs", {{"x", "1/3"}, {"id", id}}}, {"certificate", {{"kind", "k"}}}});
    s.statement_certificates.push_back({{"kind", "threshold"}, {"C", 1}});
    report.statements.push_back(s);
  }
  const std::string held = temp_dir() + "/certificates-held", streamed = temp_dir() + "/certificates-streamed";
  std::filesystem::remove_all(held);
  std::filesystem::remove_all(streamed);
  write_certificates(held, report);
  std::filesystem::create_directories(streamed);
  RunReport spooled = report;
  {
    CertificateSpool spool(streamed);
    for (std::size_t i = 0; i < spooled.statements.size(); ++i) {
      const auto sink = spool.sink(i);
      for (const nlohmann::json& c : spooled.statements[i].case_certificates) sink(nlohmann::json(c));
      spooled.statements[i].case_certificates = nlohmann::json::array();
    }
    write_certificates(streamed, spooled, &spool);
  }
  CHECK(read_file(streamed + "/certificates.json") == read_file(held + "/certificates.json"));
  CHECK(read_file(held + "/certificates.json") == certificates_json(report).dump() + "\n");
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(streamed)) ++files;
  CHECK(files == 1);  // the spools are removed with the spool
}

TEST_CASE("a false variant exits 1 with a replayable counterexample in the report") {
  const std::string theory = theory_with(
      "cli-variant.toml", {holds("P2.c", "output norm is the gated sink-free norm", "o_norm2 == g * obar_norm2")});
  const std::string dir = temp_dir() + "/cli-variant-report";
  const CliRun r = cli({"check", "P2.c", "--theory", theory, "--report", dir});
  CHECK(r.code == 1);
  CHECK(r.out.find("counterexample") != std::string::npos);
  const auto report = nlohmann::json::parse(read_file(dir + "/report.json"));
  const auto& cases = report["statements"][0]["counterexample_cases"];
  REQUIRE_FALSE(cases.empty());
  CHECK(cases[0]["inputs"].contains("scores"));
  CHECK(cases[0]["case_seed"].is_string());  // a decimal string: above 2^53 a JSON number is misread
  const CliRun replay = cli({"replay", dir + "/report.json"});
  INFO(replay.out << replay.err);
  CHECK(replay.code == 0);
  CHECK(replay.out.find("reproduced") != std::string::npos);
}

TEST_CASE("input errors exit 2 with file:line:column") {
  const std::string bad = write_temp("cli-syntax.toml", "schema = 1\n[P2.b]\n[[P2.b.claim]]\nname = \"r\"\nholds = \"g <= (K\"\n");
  const CliRun r = cli({"check", "all", "--theory", bad, "--report", temp_dir() + "/unused"});
  CHECK(r.code == 2);
  CHECK(r.err.rfind(bad + ":5:", 0) == 0);
  CHECK(cli({"check", "P9.*"}).code == 2);
  CHECK(cli({"check"}).code == 2);
  CHECK(cli({"frobnicate"}).code == 2);
  CHECK(cli({"check", "all", "--cases", "0"}).code == 2);
  const std::string not_json = write_temp("not-a-report.json", "{ nope");
  CHECK(cli({"replay", not_json}).code == 2);
  const std::string bad_inputs = write_temp(
      "bad-inputs.json",
      R"({"schema": "sinkcheck-report/1", "statements": [{"id": "P2.b", "counterexample_cases": [)"
      R"({"case": 3, "claim": "rate", "assume": "", "relation": "g <= 1",)"
      R"( "inputs": {"scores": ["0", "1/0"], "values": [["1"], ["2"]], "target": 0, "query": 1, "causal": false}}]}]})");
  std::string bad_text;
  {
    std::vector<const char*> argv{"sinkcheck", "replay", bad_inputs.c_str()};
    std::ostringstream out, err;
    CHECK(run_cli(int(argv.size()), argv.data(), out, err) == 2);
    bad_text = err.str();
  }
  CHECK(bad_text.find("P2.b case 3: inputs.scores[1]") != std::string::npos);
  const std::string no_cases = write_temp("no-cases.json", R"({"schema": "sinkcheck-report/1", "statements": [{"id": "P2.b"}]})");
  CHECK(cli({"replay", no_cases}).err.find("malformed report") != std::string::npos);
  const std::string wrong = write_temp("wrong-schema.json", "{\"schema\": \"other\"}");
  CHECK(cli({"replay", wrong}).err.find("not a sinkcheck report") != std::string::npos);
}

TEST_CASE("strict mode turns undecided cases into a failure") {
  // A true claim whose ties leave the exact field (square roots of
  // non-squares) and that intervals cannot separate at equality: undecided.
  const std::string theory = theory_with(
      "cli-strict.toml", {holds("P2.b", "output approaches the sink value", "sqrt(g) <= sqrt(K*exp(-m) / (1 + K*exp(-m)))")});
  const std::string dir = temp_dir() + "/cli-strict-report";
  const CliRun lax = cli({"check", "P2.b", "--theory", theory, "--max-bits", "128", "--cases", "300", "--report", dir});
  const auto report = nlohmann::json::parse(read_file(dir + "/report.json"));
  REQUIRE(report["statements"][0]["undecided"].get<int>() > 0);
  CHECK(lax.code == 0);
  const CliRun strict =
      cli({"check", "P2.b", "--theory", theory, "--max-bits", "128", "--cases", "300", "--report", dir, "--strict"});
  CHECK(strict.code == 1);
}

TEST_CASE("an interrupted run leaves a valid partial report and exits 130") {
  // P2.a runs 40 cases and P1.a a hundred million: the signal is sent once
  // the report records P2.a, so P1.a is under way (the handler is installed
  // before the first statement starts).
  const std::string dir = temp_dir() + "/cli-interrupted";
  std::filesystem::remove_all(dir);  // an earlier run's report would not say when this one started
  const std::string theory = theory_to_interrupt("cli-interrupted.toml");
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    (void)!std::freopen("/dev/null", "w", stdout);
    (void)!std::freopen("/dev/null", "w", stderr);
    ::execl(SINKCHECK_BINARY, "sinkcheck", "check", "P2.a", "P1.a", "--targeted", "0", "--theory", theory.c_str(), "--report",
            dir.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  const bool exited = !await_first_statement(child, dir, status);
  REQUIRE_FALSE(exited);
  REQUIRE(::kill(child, SIGINT) == 0);
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 130);
  check_interrupted_report(dir);
}

TEST_CASE("a statement with readings reports the unselected one, and replay re-decides it") {
  const std::string dir = temp_dir() + "/cli-readings";
  const CliRun r = cli({"check", "P3.d", "--report", dir});
  INFO(r.out << r.err);
  CHECK(r.code == 0);  // the selected (derivative) reading holds
  const auto report = nlohmann::json::parse(read_file(dir + "/report.json"));
  const auto& statement = report["statements"][0];
  CHECK(statement["reading"] == "derivative");
  CHECK(statement["verdict"] == "holds");
  REQUIRE(statement["other_readings"].size() == 1);
  CHECK(statement["other_readings"][0]["reading"] == "literal");
  CHECK_FALSE(statement["other_readings"][0]["counterexample_cases"].empty());
  CHECK(read_file(dir + "/report.md").find("Reading \"literal\" (not selected") != std::string::npos);
  const std::string junit = dir + "/replay.xml";
  const CliRun replay = cli({"replay", dir + "/report.json", "--junit", junit});
  INFO(replay.out);
  CHECK(replay.code == 0);  // every stored counterexample reproduced, the unselected reading's included
  CHECK(replay.out.find("P3.d (reading 'literal') case") != std::string::npos);
  // The JUnit record of the replay: one test case per stored counterexample,
  // each a reproduced counterexample (a failed claim).
  const std::string stored = std::to_string(statement["counterexample_cases"].size() +
                                            statement["other_readings"][0]["counterexample_cases"].size());
  CHECK(read_file(junit).find("<testsuites name=\"sinkcheck\" tests=\"" + stored + "\" failures=\"" + stored + "\"") !=
        std::string::npos);
}

TEST_CASE("options given twice or empty are refused, not read as absent (issue 25)") {
  const CliRun empty_time = cli({"check", "P2.a", "--time", ""});
  CHECK(empty_time.code == 2);
  CHECK(empty_time.err.find("--time : expected a duration") != std::string::npos);
  const CliRun twice = cli({"boundary", "P4.U_sink", "--set", "C=3", "--set", "C=4"});
  CHECK(twice.code == 2);
  CHECK(twice.err.find("--set C is given twice (C = 3 and 4)") != std::string::npos);
}

TEST_CASE("merge stops on SIGTERM like check: a partial report, exit 130") {
  std::vector<std::string> shards;
  for (const char* spec : {"1/2", "2/2"}) {
    shards.push_back(temp_dir() + "/signal-shard-" + std::string(1, spec[0]));
    const CliRun r = cli({"check", "P2.b", "--cases", "40", "--shard", spec, "--report", shards.back()});
    REQUIRE(r.code == 0);
  }
  const std::string out = temp_dir() + "/signal-merged";
  // The signal is pending before merge starts (blocked, then unblocked when
  // merge installs its handlers): no sleep decides when it arrives.
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    (void)!std::freopen("/dev/null", "w", stdout);
    (void)!std::freopen("/dev/null", "w", stderr);
    sigset_t term;
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    ::sigprocmask(SIG_BLOCK, &term, nullptr);
    ::raise(SIGTERM);
    ::execl(SINKCHECK_BINARY, "sinkcheck", "merge", shards[0].c_str(), shards[1].c_str(), "--report", out.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 130);
  const auto report = nlohmann::json::parse(read_file(out + "/report.json"));
  CHECK(report["complete"] == false);
  CHECK(report["statements"][0]["interrupted"] == true);
}

TEST_CASE("a folder holds one run's files: a shard record or a report, never both") {
  const std::string dir = temp_dir() + "/one-kind";
  std::filesystem::remove_all(dir);
  REQUIRE(cli({"check", "P2.a", "--cases", "4", "--report", dir}).code == 0);
  REQUIRE(cli({"check", "P2.a", "--cases", "4", "--shard", "1/1", "--report", dir}).code == 0);
  CHECK(std::filesystem::exists(dir + "/shard.json"));
  for (const char* name : {"report.json", "report.md", "report.html"}) CHECK_FALSE(std::filesystem::exists(dir + "/" + name));
  // merge into a shard's folder: refused (the record may be one of its inputs)
  const CliRun into_shard = cli({"merge", dir, "--report", dir});
  CHECK(into_shard.code == 2);
  CHECK(into_shard.err.find("holds a shard record (shard.json)") != std::string::npos);
  REQUIRE(cli({"check", "P2.a", "--cases", "4", "--report", dir}).code == 0);
  CHECK(std::filesystem::exists(dir + "/report.json"));
  CHECK_FALSE(std::filesystem::exists(dir + "/shard.json"));
}

TEST_CASE("replay takes no case the generator could not have drawn, and no statements object (issue 25)") {
  auto replay_error = [](const std::string& name, const std::string& statements) {
    const std::string path = write_temp(name, R"({"schema": "sinkcheck-report/1", "statements": )" + statements + "}");
    const CliRun r = cli({"replay", path});
    INFO(r.out);
    CHECK(r.code == 2);
    return r.err;
  };
  CHECK(replay_error("statements-object.json", R"({"P2.b": {"id": "P2.b", "counterexample_cases": []}})")
            .find("statements: expected an array") != std::string::npos);
  auto p2_case = [](const char* id, const char* target, const char* query) {
    return std::string(R"([{"id": ")") + id + R"(", "counterexample_cases": [{"case": 1, "claim": "c", "assume": "",)" +
           R"( "relation": "g <= 1", "inputs": {"scores": ["0", "-1", "-2"], "values": [["1"], ["2"], ["3"]],)" +
           R"( "target": )" + target + R"(, "query": )" + query + R"(, "causal": false}}]}])";
  };
  CHECK(replay_error("query-is-sink.json", p2_case("P2.b", "0", "0")).find("P2.b case 1: inputs.query: 0 is the sink") !=
        std::string::npos);
  CHECK(replay_error("relabelled.json", p2_case("P2.d", "0", "1"))
            .find("P2.d case 1: inputs.target: this statement's target is the query itself") != std::string::npos);
  const std::string rank_above_dim =
      R"([{"id": "P3.a", "counterexample_cases": [{"case": 2, "claim": "c", "assume": "", "relation": "dD1 <= 1",)"
      R"( "inputs": {"k": 2, "beta": "1", "mu": ["1"], "L": [["1", "1"]], "W": [["1"]]}}]}])";
  CHECK(replay_error("rank-above-dim.json", rank_above_dim)
            .find("P3.a case 2: inputs.L: 2 columns, more than the token dimension d = 1") != std::string::npos);
}
