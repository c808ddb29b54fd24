// What shards and MPI runs rest on, in one process: results survive their
// JSON encoding exactly, shards tile the cases, the chunk scheduler hands out
// every case once, and `check --shard` + `merge` give the one-run report
// byte for byte (N = 1, 2, 5), refusing shards that do not belong together.
#include <cmath>
#include <functional>
#include <limits>
#include <set>

#include <nlohmann/json.hpp>

#include "engine/chunk_scheduler.hpp"
#include "engine/results_json.hpp"
#include "engine/shard.hpp"
#include "reports/writers.hpp"
#include "support.hpp"

using namespace sinkcheck;
using namespace sinkcheck::test;

namespace {

nlohmann::json full(const StatementResult& r) { return statement_to_json(r, ResultFields::All); }

}  // namespace

TEST_CASE("results survive their JSON encoding exactly, pictures and certificates included") {
  const Theory theory = load(theory_false_everywhere("distributed-false-everywhere.toml"));
  // P1.b: counterexamples, certificates; P3.d: readings; P4.L_sink: tables, curves, certificates.
  for (const char* id : {"P1.b", "P3.d", "P4.L_sink"}) {
    INFO(id);
    Job job{find_statement(id), *theory.find(id), theory.domain(std::string(id).substr(0, 2)), RunOptions{},
            std::nullopt};
    job.options.cases = 12;
    job.options.seed = 4;
    job.options.certificates = true;
    const StatementResult r = run_jobs({job}, DriverSettings{}).front();
    if (std::string(id) != "P3.d") REQUIRE_FALSE(r.case_certificates.empty());
    const nlohmann::json encoded = full(r);
    // through text, as a shard file, and through CBOR, as an MPI message
    const StatementResult from_text = statement_from_json(nlohmann::json::parse(encoded.dump(1)));
    const StatementResult from_cbor = statement_from_json(nlohmann::json::from_cbor(nlohmann::json::to_cbor(encoded)));
    CHECK(full(from_text) == encoded);
    CHECK(full(from_cbor) == encoded);
    CHECK(from_text.figures.size() == r.figures.size());
    CHECK(from_text.tables.size() == r.tables.size());
    CHECK(from_text.other_readings.size() == r.other_readings.size());
    CHECK(from_text.case_certificates == r.case_certificates);
    CHECK(from_text.statement_certificates == r.statement_certificates);
    if (!r.counterexample_cases.empty()) {
      CHECK(from_text.counterexample_cases.front().figures.size() == r.counterexample_cases.front().figures.size());
      CHECK(from_text.counterexample_cases.front().certificate == r.counterexample_cases.front().certificate);
    }
    // report.json is the same encoding without pictures and certificates
    RunReport a, b;
    a.statements = {r};
    b.statements = {from_text};
    CHECK(to_json(a).dump(2) == to_json(b).dump(2));
    CHECK(to_markdown(a) == to_markdown(b));
    CHECK(to_html(a) == to_html(b));
    CHECK(certificates_json(a) == certificates_json(b));
  }
}

TEST_CASE("pictures keep NaN, infinities and negative zero through the encoding") {
  StatementResult r;
  r.id = "P9.x";
  Figure f;
  f.kind = Figure::Kind::Heatmap;
  f.values = {{std::numeric_limits<double>::quiet_NaN(), -std::numeric_limits<double>::infinity(), -0.0, 0.1}};
  f.high = std::numeric_limits<double>::infinity();
  r.figures = {f};
  const StatementResult back = statement_from_json(nlohmann::json::parse(full(r).dump()));
  REQUIRE(back.figures.size() == 1);
  const auto& row = back.figures[0].values.at(0);
  CHECK(std::isnan(row[0]));
  CHECK(row[1] == -std::numeric_limits<double>::infinity());
  CHECK(std::signbit(row[2]));
  CHECK(row[3] == 0.1);
  CHECK(back.figures[0].high == std::numeric_limits<double>::infinity());
}

TEST_CASE("a malformed result is refused with the field named") {
  const Theory theory = load(default_theory_path());
  nlohmann::json j = full(run_statement(theory, "P2.a", 3, 1));
  j["claims"][0]["holds"] = "many";
  CHECK_THROWS_WITH(statement_from_json(j, "part"), Catch::Contains("part.claims[0].holds"));
  j = full(run_statement(theory, "P2.a", 3, 1));
  j["verdict"] = "counterexample";
  CHECK_THROWS_WITH(statement_from_json(j, "part"), Catch::Contains("does not match the tallies"));
}

TEST_CASE("shards tile every statement's cases, and --shard is parsed strictly") {
  for (std::size_t cases : {1, 3, 40, 60, 1000, 99991})
    for (std::size_t n : {1, 2, 5, 7, 64}) {
      std::size_t next = 0;
      for (std::size_t i = 1; i <= n; ++i) {
        const CaseRange r = shard_range({i, n}, cases);
        CHECK(r.first == next);
        CHECK(r.end - r.first <= cases / n + 1);
        next = r.end;
      }
      CHECK(next == cases);
    }
  CHECK(parse_shard("2/5").index == 2);
  CHECK(parse_shard("2/5").count == 5);
  for (const char* bad : {"0/5", "6/5", "5", "/5", "a/b", "1/0", "-1/3", "1/2000000", "1/ 2"})
    CHECK_THROWS_WITH(parse_shard(bad), Catch::Contains("expected I/N"));
}

TEST_CASE("the chunk scheduler hands out every case once, in order, sized by measured cost") {
  ChunkScheduler scheduler({{"P2.a", 0, 10000}, {"P4.x", 0, 0}, {"P4.x", 5, 65}}, 4, 1.0);
  std::vector<Chunk> chunks;
  // the first chunk of a statement probes; once its cost is known, chunks take about a second
  const Chunk probe = *scheduler.next(2);
  CHECK(probe.size() == 2 * ChunkScheduler::kProbeCasesPerThread);
  scheduler.finished(probe, probe.size(), 0.002, 2);  // 1 ms of thread time per case
  const Chunk sized = *scheduler.next(2);
  CHECK(sized.size() == 2000);  // 1 s on 2 threads
  chunks = {probe, sized};
  while (const auto c = scheduler.next(2)) chunks.push_back(*c);
  std::size_t at = 0, id = 0;
  for (std::size_t job = 0; job < 3; ++job) {
    at = job == 2 ? 5 : 0;
    for (const Chunk& c : chunks) {
      if (c.job != job) continue;
      CHECK(c.first == at);
      at = c.end;
    }
    CHECK(scheduler.handed_out(job));
  }
  CHECK(at == 65);
  for (const Chunk& c : chunks) CHECK(c.id == id++);
  // an empty job still has one (empty) chunk: its run has a result
  CHECK(std::count_if(chunks.begin(), chunks.end(), [](const Chunk& c) { return c.job == 1 && c.size() == 0; }) == 1);
  // the last job shrinks its chunks as it drains: never more than a quarter of what is left
  std::size_t left = 60;
  for (const Chunk& c : chunks)
    if (c.job == 2) {
      CHECK(c.size() <= std::max<std::size_t>(2, (left + 3) / 4));
      left -= c.size();
    }
  CHECK_FALSE(scheduler.next(2).has_value());
}

TEST_CASE("a closed job hands out nothing more") {
  ChunkScheduler scheduler({{"a", 0, 100}, {"b", 0, 100}}, 2, 1.0);
  const Chunk first = *scheduler.next(1);
  CHECK(first.job == 0);
  scheduler.close_job(0);
  CHECK(scheduler.handed_out(0));
  CHECK(scheduler.handed_until(0) == first.end);
  CHECK(scheduler.next(1)->job == 1);
}

TEST_CASE("check --shard + merge give the one-run report byte for byte, for N = 1, 2 and 5") {
  const std::string theory = theory_false_everywhere("distributed-false-everywhere.toml");
  // A counterexample in every proposition, a statement with readings (P3.d)
  // and one with tables and pictures (P4.L_sink); `check all` adds P4's
  // threshold tables, seconds of work per run (tests/test_mpi.cpp runs it).
  const std::vector<std::string> run = {"check", "P1.b", "P2.*", "P3.a", "P3.d", "P4.L_sink", "--cases", "24",
                                        "--seed", "3", "--theory", theory, "--certificates"};
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = run;
    args.insert(args.end(), extra.begin(), extra.end());
    return cli(args);
  };
  const std::string whole_dir = temp_dir() + "/shards-whole";
  const CliRun whole = with({"--report", whole_dir});
  INFO(whole.out << whole.err);
  REQUIRE(whole.code == 1);
  const std::string json = read_file(whole_dir + "/report.json"), md = read_file(whole_dir + "/report.md");
  for (std::size_t n : {1, 2, 5}) {
    INFO("N = " << n);
    std::vector<std::string> merge = {"merge"};
    for (std::size_t i = n; i >= 1; --i) {  // any order on the command line
      const std::string dir = temp_dir() + "/shard-" + std::to_string(n) + "-" + std::to_string(i);
      const CliRun part = with({"--shard", std::to_string(i) + "/" + std::to_string(n), "--report", dir});
      INFO(part.out << part.err);
      REQUIRE(part.code == 0);  // a shard's counterexamples fail the merge, not the shard
      merge.push_back(dir);
    }
    const std::string out = temp_dir() + "/shards-merged-" + std::to_string(n);
    merge.insert(merge.end(), {"--report", out});
    const CliRun merged = cli(merge);
    INFO(merged.out << merged.err);
    CHECK(merged.code == 1);
    CHECK(read_file(out + "/report.json") == json);
    CHECK(read_file(out + "/report.md") == md);
    CHECK(read_file(out + "/report.html") == read_file(whole_dir + "/report.html"));
    CHECK(read_file(out + "/certificates.json") == read_file(whole_dir + "/certificates.json"));
  }
}

TEST_CASE("merge refuses shards that do not belong together, naming the shard") {
  auto shard = [&](const std::string& name, const std::string& spec, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"check", "P2.a", "P2.b"};
    if (std::find(extra.begin(), extra.end(), "--cases") == extra.end()) args.insert(args.end(), {"--cases", "9"});
    args.insert(args.end(), {"--shard", spec, "--report", temp_dir() + "/" + name});
    args.insert(args.end(), extra.begin(), extra.end());
    const CliRun r = cli(args);
    INFO(r.out << r.err);
    REQUIRE(r.code == 0);
    return temp_dir() + "/" + name;
  };
  const std::string a = shard("m-1of3", "1/3"), b = shard("m-2of3", "2/3"), c = shard("m-3of3", "3/3");
  const std::string out = temp_dir() + "/m-out";
  auto merge = [&](std::vector<std::string> dirs) {
    std::vector<std::string> args = {"merge"};
    args.insert(args.end(), dirs.begin(), dirs.end());
    args.insert(args.end(), {"--report", out});
    return cli(args);
  };
  CHECK(merge({a, b, c}).code == 0);

  const CliRun missing = merge({a, c});
  CHECK(missing.code == 2);
  CHECK(missing.err.find("shard 2 of 3 missing (given: 1 3)") != std::string::npos);

  const CliRun twice = merge({a, b, b, c});
  CHECK(twice.code == 2);
  CHECK(twice.err.find(b + " and " + b + " are both shard 2/3") != std::string::npos);

  const std::string seed = shard("m-2of3-seed", "2/3", {"--seed", "8"});
  const CliRun other_seed = merge({a, seed, c});
  CHECK(other_seed.code == 2);
  CHECK(other_seed.err.find(seed + " (shard 2/3) has seed 8, but " + a + " (shard 1/3) has seed 1") !=
        std::string::npos);

  const std::string budget = shard("m-2of3-cases", "2/3", {"--cases", "10"});
  CHECK(merge({a, budget, c}).err.find(budget + " (shard 2/3) has case budget (--cases) 10") != std::string::npos);

  const std::string with_certificates = shard("m-2of3-certificates", "2/3", {"--certificates"});
  CHECK(merge({a, with_certificates, c}).err.find(with_certificates + " (shard 2/3) has --certificates on") !=
        std::string::npos);

  const std::string of_four = shard("m-2of4", "2/4");
  CHECK(merge({a, of_four, c}).err.find(of_four + " (shard 2/4) has shard count N 4") != std::string::npos);

  const std::string edited = theory_with("m-edited.toml", {holds("P2.b", "gate rate", "g <= 2*K*exp(-m) / (1 + K*exp(-m))")});
  const std::string other_theory = shard("m-2of3-theory", "2/3", {"--theory", edited});
  CHECK(merge({a, other_theory, c}).err.find(other_theory + " (shard 2/3) has theory fingerprint") !=
        std::string::npos);

  const std::string share = shard("m-2of3-targeted", "2/3", {"--targeted", "1/4"});
  CHECK(merge({a, share, c}).err.find(share + " (shard 2/3) has targeted share (--targeted)") != std::string::npos);

  // merge runs the targeted phase, from the theory file the shards ran (checked by its fingerprint)
  const CliRun wrong_theory = cli({"merge", a, b, c, "--theory", edited, "--report", out});
  CHECK(wrong_theory.code == 2);
  CHECK(wrong_theory.err.find(edited + ": not the theory file the shards ran") != std::string::npos);
  CHECK(cli({"merge", a, b, c, "--theory", default_theory_path(), "--report", out}).code == 0);

  // an interrupted (or unfinished) shard
  nlohmann::json record = nlohmann::json::parse(read_file(b + "/shard.json"));
  record["complete"] = false;
  const std::string unfinished = temp_dir() + "/m-2of3-unfinished";
  std::filesystem::create_directories(unfinished);
  std::ofstream(unfinished + "/shard.json") << record.dump();
  const CliRun partial = merge({a, unfinished, c});
  CHECK(partial.code == 2);
  CHECK(partial.err.find(unfinished + " (shard 2/3) is incomplete") != std::string::npos);

  // not a shard at all
  const CliRun report = merge({a, b, temp_dir() + "/m-out"});
  CHECK(report.code == 2);
  CHECK(report.err.find("m-out/shard.json: cannot open") != std::string::npos);
  CHECK(cli({"check", "P2.a", "--shard", "3/2"}).code == 2);
  CHECK(cli({"check", "P2.a", "--shard", "1/2", "--time", "5s"}).code == 2);
}

TEST_CASE("merge refuses a damaged shard, naming the shard and the field (issue 25)") {
  // Every invariant a report satisfies is checked on what merge reads.
  const std::string theory = theory_false_everywhere("damaged-false-everywhere.toml");
  std::vector<std::string> dirs;
  for (const char* spec : {"1/2", "2/2"}) {
    const std::string dir = temp_dir() + "/damaged-" + std::string(1, spec[0]);
    const CliRun r = cli({"check", "P2.b", "--cases", "100", "--seed", "2", "--theory", theory, "--shard", spec,
                          "--report", dir});
    INFO(r.out << r.err);
    REQUIRE(r.code == 0);
    dirs.push_back(dir);
  }
  const nlohmann::json original = nlohmann::json::parse(read_file(dirs[1] + "/shard.json"));
  REQUIRE(!original.at("parts")[0].at("result").at("counterexample_cases").empty());
  const std::string out = temp_dir() + "/damaged-out";
  REQUIRE(cli({"merge", dirs[0], dirs[1], "--report", out}).code == 1);

  // The edit, and the field the refusal names.
  struct Damage {
    const char* what;
    std::function<void(nlohmann::json& result)> edit;
    const char* field;
  };
  const std::vector<Damage> damages = {
      {"tallies that no longer add up", [](nlohmann::json& r) { r["holds"] = r["holds"].get<std::size_t>() + 10; },
       ".parts[0].result: holds + counterexamples + undecided + vacuous"},
      {"a count past every case", [](nlohmann::json& r) { r["holds"] = std::uint64_t(1) << 63; },
       ".parts[0].result.holds: 9223372036854775808 is more than cases"},
      {"a claim's counterexamples where the statement has none",
       [](nlohmann::json& r) {  // the statement "holds", its tallies still adding up
         r["holds"] = r["holds"].get<std::size_t>() + r["counterexamples"].get<std::size_t>();
         r["counterexamples"] = 0;
         r["verdict"] = r["undecided"].get<std::size_t>() > 0 ? "undecided" : "holds";
       },
       "is more than the statement's counterexamples (0)"},
      {"a fabricated undecided case",
       [](nlohmann::json& r) {
         nlohmann::json fake = r["counterexample_cases"][0];
         r["undecided_cases"].push_back(fake);
       },
       ".parts[0].result.undecided_cases"},
      {"a bogus stage", [](nlohmann::json& r) { r["decided_by"]["mpfi-17"] = 0; }, ".parts[0].result.decided_by: 'mpfi-17'"},
      {"an interrupted part inside a complete shard", [](nlohmann::json& r) { r["interrupted"] = true; },
       "is marked interrupted inside a complete shard"},
  };
  for (const Damage& d : damages) {
    INFO(d.what);
    nlohmann::json record = original;
    d.edit(record["parts"][0]["result"]);
    const std::string dir = temp_dir() + "/damaged-edited";
    std::filesystem::create_directories(dir);
    std::ofstream(dir + "/shard.json", std::ios::trunc) << record.dump(1);
    const CliRun merged = cli({"merge", dirs[0], dir, "--report", out});
    INFO(merged.err);
    CHECK(merged.code == 2);
    CHECK(merged.err.find(dir) != std::string::npos);
    CHECK(merged.err.find(d.field) != std::string::npos);
  }

  // As replay reads a report: a key twice in one object, bytes after the value.
  const std::string text = read_file(dirs[1] + "/shard.json");
  const std::string dir = temp_dir() + "/damaged-bytes";
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/shard.json", std::ios::trunc) << "{\"seed\": 1, " << text.substr(text.find('{') + 1);
  CHECK(cli({"merge", dirs[0], dir, "--report", out}).err.find("duplicate key \"seed\"") != std::string::npos);
  std::ofstream(dir + "/shard.json", std::ios::trunc | std::ios::binary) << text << std::string(4, '\0');
  const CliRun nuls = cli({"merge", dirs[0], dir, "--report", out});
  CHECK(nuls.code == 2);
  CHECK(nuls.err.find(dir + "/shard.json: not valid JSON") != std::string::npos);
}
